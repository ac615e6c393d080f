"""A saved news web page: metadata from <title>, Open Graph, article:published_time and
schema.org JSON-LD, body from the main content only (trafilatura)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import trafilatura

from .records import WEB_URL, ArticleRecord, LoaderError
from .textfile import read_text

# Dates only from the page's markup (meta tags, JSON-LD), never guessed from its text.
DATE_PARAMS = {"extensive_search": False, "original_date": True}
MIN_BODY_WORDS = 8  # less is page chrome (a menu, a cookie notice), not an article
# A saved news page is rarely over 2 MB; parsing costs about 6 s and 270 MB per MB of markup (a 9 MB page took
# 56 s and 2.4 GB), so a larger file is refused before it is parsed.
MAX_PAGE_BYTES = 5_000_000


def read_articles(path: Path) -> Iterator[ArticleRecord | LoaderError]:
    """The one article of a saved page; identifier = file stem."""
    try:
        if path.stat().st_size > MAX_PAGE_BYTES:
            raise LoaderError(f"the page is {path.stat().st_size:,} bytes, over the limit of {MAX_PAGE_BYTES:,} for a "
                              "saved web page", path.name, path.stem)
        page = read_text(path)
        doc = trafilatura.bare_extraction(
            page, with_metadata=True, include_comments=False, include_tables=False,
            date_extraction_params=DATE_PARAMS)
        if doc is None or len((doc.text or "").split()) < MIN_BODY_WORDS:
            raise LoaderError("the page has no article body that could be extracted", path.name, path.stem)
        yield ArticleRecord(
            identifier=path.stem, text=doc.text.replace("\n", "\n\n"), source_file=path.name,
            title=doc.title or None, published=_date(doc.date), publisher=doc.sitename or None,
            authors=[a.strip() for a in (doc.author or "").split(";") if a.strip()],
            language=doc.language or None, url=doc.url if doc.url and WEB_URL.match(doc.url) else None)
    except LoaderError as err:
        yield err


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
