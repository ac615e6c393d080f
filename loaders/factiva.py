"""Factiva-style text export: headline, byline, word count, date, source, language, copyright, body,
and a closing `Document <id>` line; one file may hold many articles."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from .records import ArticleRecord, LoaderError
from .textfile import read_text

DOCUMENT_LINE = re.compile(r"^Document[ \t]+(\S+)[ \t]*$", re.M)  # closes an article: its id
FACTIVA_ID = re.compile(r"[A-Za-z0-9_.-]+\Z")
# a Document line whose id has a space or two: a short line of two to three words after "Document", without a
# sentence's punctuation (a paragraph that opens with the word is longer, or ends like a sentence)
DOCUMENT_LIKE = re.compile(r"^Document(?:[ \t]+[^\s.,;:!?]+){2,3}[ \t]*$", re.M)
WORD_COUNT = re.compile(r"^\s*[\d,]+ words\s*$")
DATE_LINE = re.compile(r"^\s*(\d{1,2} [A-Z][a-z]+ \d{4})\s*$")
TIME_LINE = re.compile(r"^\s*\d{1,2}:\d{2}(\s*[AP]M)?\s*(GMT)?\s*$", re.I)
COPYRIGHT = re.compile(r"^\s*(Copyright|\(c\)|©)", re.I)
LANGUAGES = {"english": "en", "french": "fr", "german": "de", "spanish": "es", "arabic": "ar",
             "russian": "ru", "italian": "it", "portuguese": "pt", "turkish": "tr"}


def looks_like_factiva(text: str) -> bool:
    """True when the text opens like a Factiva export: a word-count line, then a date line, within its first
    lines; or a word-count line and a closing Document line. (An export cut before its Document line is still
    one, so that it is reported as truncated rather than read as plain text.)"""
    head = text.split("\n")[:40]
    count_at = next((i for i, line in enumerate(head) if WORD_COUNT.match(line)), None)
    if count_at is None:
        return False
    return bool(DOCUMENT_LINE.search(text)) or any(DATE_LINE.match(line) for line in head[count_at + 1:count_at + 4])


def read_articles(path: Path) -> Iterator[ArticleRecord | LoaderError]:
    """Every article of the export; a damaged one is an error, the others still come."""
    try:
        text = read_text(path)
    except LoaderError as err:
        yield err
        return
    start = 0
    for match in DOCUMENT_LINE.finditer(text):
        yield _article(text[start:match.start()], match.group(1), path.name)
        start = match.end()
    rest = text[start:]
    if rest.strip():
        yield LoaderError("text after the last 'Document <id>' line: a truncated article", path.name)


def _article(block: str, identifier: str, source_file: str) -> ArticleRecord | LoaderError:
    damaged = [f"a line inside it looks like a Document line with a damaged id ({line[:80]!r}), so the articles "
               "before and after that line run together here" for line in DOCUMENT_LIKE.findall(block)]
    if not FACTIVA_ID.match(identifier):
        damaged.append(f"its closing Document line's id {identifier[:80]!r} is not a Factiva id (letters, digits, "
                       "_ . -)")
    if damaged:
        return LoaderError("not loaded: " + "; ".join(damaged) + "; repair the export's Document lines",
                           source_file, identifier if FACTIVA_ID.match(identifier) else None)
    lines = block.split("\n")
    count_at = next((i for i, line in enumerate(lines) if WORD_COUNT.match(line)), None)
    if count_at is None:
        return LoaderError("no word-count line ('N words'): not a complete Factiva article", source_file, identifier)
    head = [l.strip() for l in lines[:count_at] if l.strip()]
    authors = [a for l in head if l.startswith("By ") for a in _authors(l[3:])]
    titles = [l for l in head if not l.startswith("By ")]
    meta, body_at = _metadata(lines, count_at + 1)
    if "impossible" in meta:
        return LoaderError(f"its date line {meta['impossible']!r} names a day that does not exist; correct it "
                           "(an article's date places its events in time, so it is not loaded without one)",
                           source_file, identifier)
    body = "\n".join(lines[body_at:]).strip("\n")
    try:
        return ArticleRecord(
            identifier=identifier, text=body, source_file=source_file,
            title=" ".join(titles[1:] if len(titles) > 1 else titles) or None,
            published=meta.get("date"), publisher=meta.get("publisher"),
            authors=authors, language=meta.get("language"))
    except LoaderError as err:
        return err


def _metadata(lines: list[str], i: int) -> tuple[dict, int]:
    """Date, source and language from the lines after the word count; and where the body starts."""
    meta: dict = {}
    for j in range(i, len(lines)):
        line = lines[j].strip()
        if COPYRIGHT.match(line):
            return meta, j + 1
        if not line:
            if meta.get("date"):
                return meta, j + 1
            continue
        if m := DATE_LINE.match(line):
            try:
                meta["date"] = dt.datetime.strptime(m.group(1), "%d %B %Y").date()
            except ValueError:
                meta.setdefault("impossible", m.group(1))
        elif TIME_LINE.match(line):
            continue
        elif line.lower() in LANGUAGES:
            meta["language"] = LANGUAGES[line.lower()]
        elif "date" in meta and "publisher" not in meta:
            meta["publisher"] = line
    return meta, len(lines)


def _authors(byline: str) -> list[str]:
    parts = re.split(r",\s*|\s+and\s+", byline.strip())
    return [p.strip() for p in parts if p.strip()]
