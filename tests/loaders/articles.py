"""Helpers of the loaders' tests: articles made of texts written for the purpose, and the incidents extracted from
them. Each helper keeps the publication date the tests written with it assume."""
from __future__ import annotations

import datetime as dt

from conflictkg.loaders.incidents import article_incidents
from conflictkg.loaders.records import ArticleRecord

PUB_2015 = dt.date(2015, 5, 25)  # a Monday
PUB_2023 = dt.date(2023, 3, 14)
PUB_2024 = dt.date(2024, 3, 8)  # a Friday


def day(y, m, d):
    return dt.date(y, m, d), dt.date(y, m, d)


def events_of(text, published=PUB_2023):
    return article_incidents(ArticleRecord("t", text, "t.txt", published=published))


def incidents(text, published=PUB_2024, title=None):
    return article_incidents(ArticleRecord("t", text, "t.jsonl", published=published, title=title))


def article(text, published=PUB_2015, identifier="t1", **kw):
    return ArticleRecord(identifier=identifier, text=text, source_file="test.jsonl", published=published, **kw)
