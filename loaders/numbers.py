"""Numbers as news text writes them: digits with separators, words ("eighty-five"), scales ("1.2 million")."""
from __future__ import annotations

import re

UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "a dozen": 12, "dozen": 12,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}

_WORD = r"(?:%s)" % "|".join(sorted(list(UNITS) + list(TENS), key=len, reverse=True))
_WORD_NUMBER = rf"{_WORD}(?:[- ]{_WORD})?(?:\s+(?:hundred|thousand|million)(?:\s+(?:and\s+)?{_WORD}(?:[- ]{_WORD})?)?)?"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?(?:\s+(?:million|thousand))?"
NUMBER = re.compile(rf"(?<![\w.,$£€-])(?:{_DIGITS}|(?i:{_WORD_NUMBER}))(?![\w%])")


def value_of(phrase: str) -> int | None:
    """The integer a number phrase stands for; None if it is not a whole number of things."""
    phrase = phrase.strip().lower()
    if re.fullmatch(r"[\d,]+", phrase):
        return int(phrase.replace(",", ""))
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s+(million|thousand)", phrase)
    if m:
        value = float(m.group(1)) * SCALES[m.group(2)]
        return int(value) if value.is_integer() else None
    if re.fullmatch(r"\d+\.\d+", phrase):
        return None
    return _words_value(phrase)


def _words_value(phrase: str) -> int | None:
    total, current = 0, 0
    tokens = re.split(r"[\s-]+", phrase.replace(" and ", " "))
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok == "a" and i + 1 < len(tokens) and tokens[i + 1] == "dozen":
            current += 12
            i += 2
            continue
        if tok == "dozen" and current:
            current *= 12  # "two dozen", "three dozen"
        elif tok in UNITS:
            current += UNITS[tok]
        elif tok in TENS:
            current += TENS[tok]
        elif tok == "hundred":
            current = max(current, 1) * 100
        elif tok in ("thousand", "million"):
            total += max(current, 1) * SCALES[tok]
            current = 0
        else:
            return None
        i += 1
    return total + current
