"""Plain text input: the body only; identifier = file stem; no date."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .records import ArticleRecord, LoaderError
from .textfile import read_text


def read_articles(path: Path) -> Iterator[ArticleRecord | LoaderError]:
    """The one article of a plain text file."""
    try:
        yield ArticleRecord(identifier=path.stem, text=read_text(path), source_file=path.name)
    except LoaderError as err:
        yield err
