"""JSON Lines input: one article per line with `id` and `text` (required) and optional metadata."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from .records import ArticleRecord, LoaderError, parse_published
from .textfile import read_lines

STRING_FIELDS = ("title", "url", "publisher", "language")


def read_articles(path: Path) -> Iterator[ArticleRecord | LoaderError]:
    """One record per non-blank line; a broken line (bad JSON, not UTF-8) is an error for that line only."""
    try:
        lines = read_lines(path)
    except LoaderError as err:
        yield err
        return
    for number, line in enumerate(lines, start=1):
        if isinstance(line, LoaderError):
            yield line
        elif line.strip():
            yield record_from_line(line, number, path.name)


def record_from_line(line: str, number: int, source_file: str) -> ArticleRecord | LoaderError:
    """The article of one JSON Lines line, or the error that says why it is not one."""
    where = f"{source_file}:{number}"
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        return LoaderError(f"line {number} is not valid JSON ({err.msg} at column {err.colno})", source_file)
    except (ValueError, RecursionError) as err:  # an integer of thousands of digits; nesting thousands deep
        return LoaderError(f"line {number} cannot be read as JSON: {str(err)[:200] or type(err).__name__}",
                           source_file)
    if not isinstance(obj, dict):
        return LoaderError(f"line {number} is not a JSON object", source_file)
    ident = obj.get("id")
    if not isinstance(ident, (str, int)) or isinstance(ident, bool) or not str(ident).strip():
        return LoaderError(f"line {number} has no 'id' (a non-empty string is required)", source_file)
    ident = str(ident)
    if not isinstance(obj.get("text"), str) or not obj["text"].strip():
        return LoaderError(f"line {number} has no 'text' (a non-empty string is required)", source_file, ident)
    try:
        fields = {k: _optional_string(obj, k, where, ident) for k in STRING_FIELDS}
        authors = obj.get("authors") or []
        if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
            raise LoaderError(f"line {number}: 'authors' must be a list of strings", source_file, ident)
        published = obj.get("published")
        if published is not None and not isinstance(published, str):
            raise LoaderError(f"line {number}: 'published' must be an ISO date string", source_file, ident)
        return ArticleRecord(
            identifier=ident, text=obj["text"], source_file=source_file,
            published=parse_published(published, source_file, ident) if published else None,
            authors=[a.strip() for a in authors if a.strip()], **fields)
    except LoaderError as err:
        return err


def _optional_string(obj: dict, key: str, where: str, ident: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise LoaderError(f"{where}: '{key}' must be a string", where.split(":")[0], ident)
    return value.strip() or None
