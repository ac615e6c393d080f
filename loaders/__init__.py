"""Input formats (Factiva export, plain text, JSON Lines, saved HTML) and extraction: read article -> extract facts."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from . import factiva, html, jsonlines, plaintext
from .records import ArticleRecord, LoaderError
from .repair import repair_swallowed_letters
from .textfile import read_text

LOADERS = {
    "factiva": factiva.read_articles,
    "text": plaintext.read_articles,
    "jsonl": jsonlines.read_articles,
    "html": html.read_articles,
}
EXTENSIONS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".html": "html", ".htm": "html", ".txt": "text"}


def format_of(path: Path) -> str:
    """The loader name for a file: by extension, and Factiva exports told from plain text by content."""
    name = EXTENSIONS.get(path.suffix.lower(), "text")
    if name == "text":
        try:
            if factiva.looks_like_factiva(read_text(path)):
                return "factiva"
        except LoaderError:
            pass  # the plain-text loader reports the same problem for this file
    return name


def input_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The files named, and the files of the folders named (sorted, hidden files and gold files skipped)."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not child.name.startswith(".") and child.suffix.lower() in EXTENSIONS:
                    yield child
        else:
            yield path


def read_articles(path: Path) -> Iterator[ArticleRecord | LoaderError]:
    """Every article of one input file, or the errors that say why an article could not be read."""
    if not path.is_file():
        yield LoaderError("no such file", str(path))
        return
    read = 0
    try:
        for item in LOADERS[format_of(path)](path):
            if isinstance(item, ArticleRecord):
                item.text = repair_swallowed_letters(item.text)  # an export defect, fixed before anything reads it
            read += 1
            yield item
    except Exception as err:  # a reader's own failure: the file's other items are kept, this one is reported
        yield LoaderError(f"reading stopped after {read} item(s): {type(err).__name__}: {str(err)[:300]}",
                          str(path))


__all__ = ["ArticleRecord", "LoaderError", "LOADERS", "format_of", "input_files", "read_articles"]
