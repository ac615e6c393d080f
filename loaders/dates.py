"""Event dates from a sentence, resolved against the publication date: a (start, end) pair of days."""
from __future__ import annotations

import calendar
import datetime as dt
import re

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|" \
        r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"

DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? ({MONTH})(?:,? (\d{{4}}))?\b")
MONTH_DAY_YEAR = re.compile(rf"\b({MONTH}) (\d{{1,2}})(?:st|nd|rd|th)?\b(?:,? (\d{{4}}))?")
MONTH_YEAR = re.compile(rf"\b({MONTH}),? (\d{{4}})\b")
YEAR = re.compile(r"\b(?:in|during|of|since|throughout) (19\d\d|20\d\d)\b")
WEEKDAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
RELATIVE = re.compile(r"\b(yesterday|today|this morning|tonight|last night|last month|last year|last week|"
                      r"earlier this month|this month)\b", re.I)
SINCE = re.compile(r"\bsince\s+$", re.I)

Span = tuple[dt.date, dt.date]


def event_dates(sentence: str, published: dt.date | None) -> Span | None:
    """The first date expression of the sentence as a day range; None when nothing anchors it."""
    found = sorted(_expressions(sentence, published), key=lambda x: x[0])
    if not found:
        return None
    at, span = found[0]
    if SINCE.search(sentence[:at]) and published and span[0] <= published:
        return span[0], published
    return span


def _expressions(text: str, published: dt.date | None):
    for m in DAY_MONTH_YEAR.finditer(text):
        if span := _day(int(m.group(1)), m.group(2), m.group(3), published):
            yield m.start(), span
    for m in MONTH_DAY_YEAR.finditer(text):
        if span := _day(int(m.group(2)), m.group(1), m.group(3), published):
            yield m.start(), span
    for m in MONTH_YEAR.finditer(text):
        month, year = MONTHS[m.group(1).rstrip(".").lower()], int(m.group(2))
        yield m.start(), (dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]))
    for m in YEAR.finditer(text):
        year = int(m.group(1))
        yield m.start(1), (dt.date(year, 1, 1), dt.date(year, 12, 31))
    if published is None:
        return
    for m in WEEKDAY.finditer(text):
        back = (published.weekday() - WEEKDAYS.index(m.group(1).lower())) % 7
        day = published - dt.timedelta(days=back)
        yield m.start(), (day, day)
    for m in RELATIVE.finditer(text):
        if span := _relative(m.group(1).lower(), published):
            yield m.start(), span


def _day(day: int, month_name: str, year: str | None, published: dt.date | None) -> Span | None:
    month = MONTHS.get(month_name.rstrip(".").lower())
    if month is None:
        return None
    if year is None:
        if published is None:
            return None
        y = published.year
        try:
            if dt.date(y, month, day) > published:
                y -= 1
        except ValueError:
            return None
    else:
        y = int(year)
    try:
        date = dt.date(y, month, day)
    except ValueError:
        return None
    return date, date


def _relative(word: str, pub: dt.date) -> Span | None:
    if word in ("today", "this morning", "tonight"):
        return pub, pub
    if word in ("yesterday", "last night"):
        day = pub - dt.timedelta(days=1) if word == "yesterday" else pub
        return day, day
    if word == "last month":
        last = pub.replace(day=1) - dt.timedelta(days=1)
        return last.replace(day=1), last
    if word in ("this month", "earlier this month"):
        return pub.replace(day=1), pub
    if word == "last year":
        return dt.date(pub.year - 1, 1, 1), dt.date(pub.year - 1, 12, 31)
    if word == "last week":
        return pub - dt.timedelta(days=7 + pub.weekday()), pub - dt.timedelta(days=1 + pub.weekday())
    return None
