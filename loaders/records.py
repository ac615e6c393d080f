"""The article record every input format is read into, and the loaders' one error type."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field


# One news article is rarely over 100,000 characters; a text far longer is not one article, and extracting it
# as one would hold a load for minutes.
MAX_ARTICLE_CHARS = 2_000_000
WEB_URL = re.compile(r"https?://[^\s]+\Z", re.IGNORECASE)  # the only URLs an article's page links to
SURROGATE = re.compile("[\ud800-\udfff]")
CONTROL = re.compile("[\x00-\x1f\x7f]")
CONTROLS = re.compile("[\x00-\x1f\x7f]+")


class LoaderError(ValueError):
    """An input (or one article in it) that cannot be read; names the file and, where known, the article."""

    def __init__(self, message: str, source_file: str = "", identifier: str | None = None):
        self.message, self.source_file, self.identifier = message, source_file, identifier
        where = source_file + (f" [{identifier}]" if identifier else "")
        super().__init__(f"{where}: {message}" if where else message)


@dataclass
class ArticleRecord:
    """One article as read from its input, before extraction."""

    identifier: str
    text: str
    source_file: str
    title: str | None = None
    published: dt.date | dt.datetime | None = None
    publisher: str | None = None
    authors: list[str] = field(default_factory=list)
    language: str | None = None
    url: str | None = None

    def __post_init__(self):
        if not self.identifier or not self.identifier.strip():
            raise LoaderError("the article has no identifier", self.source_file)
        if not self.text or not self.text.strip():
            raise LoaderError("the article has no text", self.source_file, self.identifier)
        if len(self.text) > MAX_ARTICLE_CHARS:
            raise LoaderError(f"the text is {len(self.text):,} characters, over the limit of {MAX_ARTICLE_CHARS:,} "
                              "for one article: split it into articles", self.source_file, self.identifier)
        if "\x00" in self.text:
            raise LoaderError("the text holds NUL bytes (a binary file?)", self.source_file, self.identifier)
        for name in ("title", "publisher", "language"):  # line breaks, tabs and other controls in metadata: spaces
            if getattr(self, name) is not None:
                setattr(self, name, CONTROLS.sub(" ", getattr(self, name)).strip() or None)
        self.authors = [CONTROLS.sub(" ", a).strip() for a in self.authors if CONTROLS.sub("", a).strip()]
        for name in ("identifier", "text", "title", "publisher", "language", "url", "authors"):
            self._check_characters(name)
        if self.url is not None and not WEB_URL.match(self.url):
            raise LoaderError(f"'url' is not an http or https URL: {self.url[:80]!r}", self.source_file,
                              self.identifier)

    def _check_characters(self, name: str) -> None:
        """No value may hold a lone surrogate (not text: no RDF literal can hold it), and no metadata value
        a control character (which would make XML results and RDF/XML ill-formed)."""
        values = getattr(self, name)
        for value in values if isinstance(values, list) else [values]:
            if value is None:
                continue
            if SURROGATE.search(value):
                raise LoaderError(f"'{name}' holds a lone surrogate (not valid Unicode text)", self.source_file,
                                  self.identifier if name != "identifier" else None)
            if name != "text" and CONTROL.search(value):
                raise LoaderError(f"'{name}' holds a control character: {value[:80]!r}", self.source_file,
                                  self.identifier if name != "identifier" else None)


def parse_published(value: str, source_file: str = "", identifier: str | None = None):
    """An ISO date or date-time string as a date (or an aware/naive datetime); a clear error otherwise."""
    value = value.strip()
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value)
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise LoaderError(f"'published' is not an ISO date or date-time: {value!r}", source_file, identifier) from None
