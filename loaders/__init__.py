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
EXTENSIONS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".html": "html", ".htm": "html", ".txt": "text", ".text": "text",
              "": "text"}


def format_of(path: Path) -> str:
    """The loader name for a file: by extension (none is plain text), and Factiva exports told from plain text by
    content. LoaderError for an extension no loader reads (a PDF is not read as text)."""
    if path.suffix.lower() not in EXTENSIONS:
        known = ", ".join(sorted(e for e in EXTENSIONS if e))
        raise LoaderError(f"no loader reads {path.suffix} files (known: {known}; a file without an extension is "
                          "read as plain text)", str(path))
    name = EXTENSIONS[path.suffix.lower()]
    if name == "text":
        try:
            if factiva.looks_like_factiva(read_text(path)):
                return "factiva"
        except LoaderError:
            pass  # the plain-text loader reports the same problem for this file
    return name


def input_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The files named, and the files of the folders named that a loader reads by their extension (sorted; hidden
    files skipped, and files with no extension or another one, such as gold annotations and notes)."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not child.name.startswith(".") and child.suffix \
                        and child.suffix.lower() in EXTENSIONS:
                    yield child
        else:
            yield path


def read_articles(path: Path) -> Iterator[ArticleRecord | LoaderError]:
    """Every article of one input file, or the errors that say why an article could not be read."""
    if not path.is_file():
        yield LoaderError("no such file", str(path))
        return
    try:
        loader = LOADERS[format_of(path)]
    except LoaderError as err:
        yield err
        return
    read = 0
    try:
        for item in loader(path):
            if isinstance(item, ArticleRecord):
                item.text = repair_swallowed_letters(item.text)  # an export defect, fixed before anything reads it
            read += 1
            yield item
    except Exception as err:  # a reader's own failure: the file's other items are kept, this one is reported
        yield LoaderError(f"reading stopped after {read} item(s): {type(err).__name__}: {str(err)[:300]}",
                          str(path))


__all__ = ["ArticleRecord", "LoaderError", "LOADERS", "format_of", "input_files", "read_articles"]
