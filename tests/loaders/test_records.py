"""conflictkg.loaders.records: what an article record accepts."""
from __future__ import annotations

import pytest

from conflictkg.loaders.records import ArticleRecord, LoaderError


@pytest.mark.parametrize("url", ["javascript:alert(document.domain)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)",
                                 "data:text/html,<script>alert(1)</script>", "file:///etc/passwd", "//evil.example/"])
def test_hardening_7_an_article_url_must_be_http_or_https(url):
    with pytest.raises(LoaderError, match="'url'"):
        ArticleRecord("a", "Two people were killed.", "f.jsonl", url=url)


def test_a_web_url_is_kept():
    assert ArticleRecord("a", "text", "f", url="https://example.org/n?id=1").url == "https://example.org/n?id=1"


@pytest.mark.parametrize("field", ["title", "publisher", "language", "url"])
def test_hardening_15_a_control_character_in_metadata_is_refused(field):
    value = "https://example.org/a\x00b" if field == "url" else "a\x00b"
    with pytest.raises(LoaderError, match=f"'{field}'"):
        ArticleRecord("a", "text", "f", **{field: value})


def test_hardening_12_a_lone_surrogate_is_refused_with_its_field():
    with pytest.raises(LoaderError, match="'text' holds a lone surrogate"):
        ArticleRecord("a", "bad \ud800 text", "f")
    with pytest.raises(LoaderError, match="'authors' holds a lone surrogate"):
        ArticleRecord("a", "text", "f", authors=["x\udfff"])


def test_line_breaks_in_metadata_are_spaces():
    record = ArticleRecord("a", "text", "f", title="A\ntitle\there", authors=["Jane\r\nDoe", " "])
    assert (record.title, record.authors) == ("A title here", ["Jane Doe"])
