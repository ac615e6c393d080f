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


@pytest.mark.parametrize("field", ["title", "publisher", "language"])
def test_hardening_15_control_characters_in_metadata_become_spaces(field):
    """NUL, form feed and the like would make SPARQL XML results and RDF/XML ill-formed."""
    assert getattr(ArticleRecord("a", "text", "f", **{field: "a\x00b\x0cc"}), field) == "a b c"


def test_hardening_15_a_control_character_in_a_url_or_identifier_is_refused():
    with pytest.raises(LoaderError, match="'url'"):
        ArticleRecord("a", "text", "f", url="https://example.org/a\x00b")
    with pytest.raises(LoaderError, match="'identifier'"):
        ArticleRecord("a\x07", "text", "f")


def test_hardening_12_a_lone_surrogate_is_refused_with_its_field():
    with pytest.raises(LoaderError, match="'text' holds a lone surrogate"):
        ArticleRecord("a", "bad \ud800 text", "f")
    with pytest.raises(LoaderError, match="'authors' holds a lone surrogate"):
        ArticleRecord("a", "text", "f", authors=["x\udfff"])


def test_line_breaks_in_metadata_are_spaces():
    record = ArticleRecord("a", "text", "f", title="A\ntitle\there", authors=["Jane\r\nDoe", " "])
    assert (record.title, record.authors) == ("A title here", ["Jane Doe"])
