"""Repairing a known defect of news exports: a letter swallowed after a dash ("civilians—illed" for
"civilians—killed", "people—bout" for "people—about"), which hides the word from every rule downstream."""
from __future__ import annotations

import re
from collections import Counter

# a dash glued to the word before it and to a lower-case fragment after it
SWALLOWED = re.compile(r"(?<=\w)([—–])([a-z]{2,})\b")
WORD = re.compile(r"[A-Za-z]+")
# Words a casualty report needs most, for when the article does not spell the word out anywhere else.
COMMON_WORDS = ("about", "after", "against", "almost", "among", "around", "before", "between", "including",
                "killed", "killing", "wounded", "injured", "mostly", "mainly", "nearly", "some", "many", "most",
                "died", "which", "while", "where", "who", "with", "without", "were", "was", "when")


def repair_swallowed_letters(text: str) -> str:
    """The text with each swallowed letter after a dash put back, when exactly which word it was is clear:
    the fragment is not a word of its own in the text, and adding one letter in front gives a word the article
    uses elsewhere (or a common word of casualty reports). Anything unclear is left as it is."""
    if not SWALLOWED.search(text):
        return text
    counts = Counter(w.lower() for w in WORD.findall(text))
    fragments = Counter(m.group(2) for m in SWALLOWED.finditer(text))
    by_tail: dict[str, Counter] = {}
    for word, n in counts.items():
        by_tail.setdefault(word[1:], Counter())[word] += n
    for word in COMMON_WORDS:
        by_tail.setdefault(word[1:], Counter())[word] += 0

    def fix(m: re.Match) -> str:
        dash, fragment = m.groups()
        if counts[fragment] > fragments[fragment]:
            return m.group()  # the fragment is a word the text uses by itself ("—and")
        candidates = by_tail.get(fragment)
        if not candidates:
            return m.group()
        ranked = candidates.most_common()
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            return m.group()  # two words fit equally well: leave it
        return dash + ranked[0][0]

    return SWALLOWED.sub(fix, text)
