"""Splitting an article text into sentences that keep their character offsets."""
from __future__ import annotations

import re
from dataclasses import dataclass

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "sgt", "capt", "maj", "st", "rev", "prof", "sen", "rep",
    "gov", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no",
    "vs", "etc", "inc", "ltd", "co", "corp", "jr", "sr", "u.s", "u.n", "u.k", "e.g", "i.e", "approx",
}
SENTENCE_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])")
LAST_WORD = re.compile(r"([\w.]+)[.!?]*$")
PARAGRAPH = re.compile(r"\S(?:.|\n(?![ \t]*\n))*")
# an infobox's or fact sheet's casualty fields ("- Fatalities: 32" over "- Injuries: 125") state one toll together
CASUALTY_FIELD = re.compile(r"[ \t]*(?:[-•*][ \t]*)?(?:Fatalities|Deaths|Casualties|Injuries|Injured|Wounded|Killed|"
                            r"Dead|Missing|Abducted|Displaced)[ \t]*:", re.I)
HEADING_LINE = 40  # a line this short, with no closing punctuation, stands alone (headline, byline)
HEADLINE = 150  # a first line up to this long over a line that begins a sentence is the headline


@dataclass(frozen=True)
class Sentence:
    """A sentence with its offsets in the article text: text == article[start:end]."""

    start: int
    end: int
    text: str
    paragraph: int = 0  # which paragraph of the article (blank-line separated) it belongs to


def sentences(text: str) -> list[Sentence]:
    """The sentences of a text, in order, each with its character offsets."""
    out: list[Sentence] = []
    for number, para in enumerate(PARAGRAPH.finditer(text)):
        for start, end in _lines(text, para.start(), para.end(), headline=number == 0):
            out.extend(Sentence(s.start, s.end, s.text, number) for s in _split(text, start, end))
    return out


def _lines(text: str, start: int, end: int, headline: bool = False):
    """Runs of lines that belong together: a line break ends a run after closing punctuation or a short line, and
    after the text's first line when the next begins a sentence (a headline over the body)."""
    run_start = start
    for m in re.finditer(r"\n", text[start:end]):
        cut = start + m.start()
        line = text[text.rfind("\n", run_start, cut) + 1 or run_start:cut].rstrip()
        first = headline and run_start == start and "\n" not in text[start:cut] and len(line) <= HEADLINE \
            and line[-1:] not in ",;-–—" and re.match(r"\s*[\"“‘']?[A-Z0-9]", text[cut + 1:cut + 4])
        if CASUALTY_FIELD.match(line) and CASUALTY_FIELD.match(text, cut + 1):
            continue
        if line and (line[-1] in ".!?:\"”" or len(line) < HEADING_LINE or _is_bullet(text, cut + 1) or first):
            yield run_start, cut
            run_start = cut + 1
    yield run_start, end


def _is_bullet(text: str, at: int) -> bool:
    return text[at:at + 12].lstrip(" \t")[:2] in ("- ", "• ", "* ")


def _split(text: str, start: int, end: int) -> list[Sentence]:
    out, cursor = [], start
    chunk = text[start:end]
    for m in SENTENCE_END.finditer(chunk):
        word = LAST_WORD.search(chunk, max(0, m.start() - 40), m.start() + 1)  # the word the stop follows
        stem = word.group(1).rstrip(".").lower() if word else ""
        if stem in ABBREVIATIONS or (len(stem) == 1 and stem.isalpha()):
            continue
        out.append(_sentence(text, cursor, start + m.end()))
        cursor = start + m.end()
    out.append(_sentence(text, cursor, end))
    return [s for s in out if s.text]


def _sentence(text: str, start: int, end: int) -> Sentence:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Sentence(start, end, text[start:end])
