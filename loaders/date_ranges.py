"""Date ranges and spans a sentence gives an event: "between Monday, June 5, and Wednesday, June 7", "4–5 June
2021", "in June and July", "from 2018 to 2020", and the spans news counts back from its own day ("in the past 24
hours", "over the past week", "two weeks ago", "at the weekend")."""
from __future__ import annotations

import calendar
import datetime as dt
import re

Span = tuple[dt.date, dt.date]
MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|" \
        r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
WEEKDAY_NAME = r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
DAY = r"\d{1,2}(?:st|nd|rd|th)?"
YEAR = r"(?:19|20)\d\d"
# one end of a range: "Monday, June 5", "7 October 2023", "April 15"
POINT = rf"{WEEKDAY_NAME}(?:{MONTH}\s+{DAY}|{DAY}\s+(?:of\s+)?{MONTH})(?:,?\s+{YEAR})?"
TO = r"\s*,?\s*(?:and|to|until|till|through|[-–—])\s*"
RANGES = [
    # "between Monday, June 5, and Wednesday, June 7", "from 7 October 2023 to 8 August 2024", "between April 1 and 11"
    ("points", re.compile(rf"\b(?i:between|from)\s+(?P<a>{POINT}){TO}(?P<b>{POINT}|{DAY}\b(?:,?\s+{YEAR})?)")),
    # "4–5 June 2021", "4 and 5 June"
    ("days", re.compile(rf"\b(?P<d1>{DAY})(?:{TO})(?P<d2>{DAY})\s+(?P<m>{MONTH})(?:,?\s+(?P<y>{YEAR}))?")),
    # "June 4-5, 2021", "June 4 to 7"
    ("days", re.compile(rf"\b(?P<m>{MONTH})\s+(?P<d1>{DAY})(?:{TO})(?P<d2>{DAY})\b(?:,?\s+(?P<y>{YEAR}))?")),
    # "in June and July", "from March to May 2022", "between January and June"
    ("months", re.compile(rf"\b(?i:in|between|from|during)\s+(?P<m1>{MONTH})(?:\s+(?P<y1>{YEAR}))?{TO}"
                          rf"(?P<m2>{MONTH})(?!\s+\d{{1,2}}\b)(?:,?\s+(?P<y2>{YEAR}))?")),
    # "between 2018 and 2020", "from 2011 to 2014"
    ("years", re.compile(rf"\b(?i:between|from)\s+(?P<y1>{YEAR}){TO}(?P<y2>{YEAR})\b")),
]
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15,
                "twenty": 20, "thirty": 30, "few": 4, "several": 5, "couple of": 2}
UNIT_DAYS = {"hour": 1 / 24, "day": 1, "night": 1, "week": 7, "month": 30, "year": 365}
# "in the past 24 hours", "over the last few days", "in the previous week", "over the past two months"
PAST = re.compile(r"\b(?:in|over|during|within|for) the (?:last|past|previous|preceding) "
                  r"(?:(\d+|\w+|couple of) )?(hours?|days?|nights?|weeks?|months?|years?)\b", re.I)
AGO = re.compile(r"\b(\d+|\w+|a couple of) (days?|weeks?|months?|years?) ago\b", re.I)
WEEKEND = re.compile(r"\b(?:at|over|during) the weekend\b|\b(this|last) weekend\b", re.I)
SINCE_MIDNIGHT = re.compile(r"\bsince midnight\b", re.I)
OVERNIGHT = re.compile(r"\b(?:overnight|late at night|in the early hours|before dawn|pre-dawn)\b", re.I)
DAWN = re.compile(r"\b(?:in the early hours|before dawn|pre-dawn|at dawn)\b", re.I)  # the morning of the day named
# "on Friday and Saturday", "from Monday to Wednesday": consecutive days up to the latest of the second
WEEKDAY_PAIR = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\s*(?:and|to|through|until|-|–)"
                          r"\s*(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
WEEKDAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def date_ranges(text: str, reference: dt.date | None):
    """(start, end, span) for every date range the text writes out, resolved against `reference` (the
    publication date, or the last day of the year an undated article is about) where a year is missing."""
    for kind, pattern in RANGES:
        for m in pattern.finditer(text):
            span = _range(kind, m, reference)
            if span is not None and span[0] <= span[1]:
                yield m.start(), m.end(), span


def counted_back(text: str, published: dt.date):
    """(start, end, span) for the spans news counts back from its own day."""
    for m in PAST.finditer(text):
        n = count_of(m.group(1) or "one")
        unit = UNIT_DAYS[m.group(2).lower().rstrip("s")]
        if n:
            yield m.start(), m.end(), (published - dt.timedelta(days=max(1, round(n * unit))), published)
    for m in AGO.finditer(text):
        n, unit = count_of(m.group(1)), m.group(2).lower().rstrip("s")
        if not n:
            continue
        if unit == "day":
            day = published - dt.timedelta(days=n)
            yield m.start(), m.end(), (day, day)
        elif unit == "week":  # "two weeks ago": within half a week of that day
            middle = published - dt.timedelta(days=7 * n)
            yield m.start(), m.end(), (middle - dt.timedelta(days=3), middle + dt.timedelta(days=3))
        elif unit == "month":
            month, year = published.month - n, published.year
            while month < 1:
                month, year = month + 12, year - 1
            yield m.start(), m.end(), month_span(year, month)
        else:
            yield m.start(), m.end(), (dt.date(published.year - n, 1, 1), dt.date(published.year - n, 12, 31))
    for m in WEEKEND.finditer(text):
        sunday = published - dt.timedelta(days=(published.weekday() + 1) % 7)
        if (m.group(1) or "").lower() == "last" and sunday == published:
            sunday -= dt.timedelta(days=7)
        yield m.start(), m.end(), (sunday - dt.timedelta(days=1), sunday)
    for m in SINCE_MIDNIGHT.finditer(text):
        yield m.start(), m.end(), (published, published)
    for m in WEEKDAY_PAIR.finditer(text):
        first, last = (WEEKDAY_NAMES.index(m.group(g).lower()) for g in (1, 2))
        end = published - dt.timedelta(days=(published.weekday() - last) % 7)
        yield m.start(), m.end(), (end - dt.timedelta(days=(last - first) % 7), end)


def overnight(text: str, span: Span | None, published: dt.date | None) -> Span | None:
    """An incident 'overnight' began the evening before the day it is dated, or before publication."""
    if not OVERNIGHT.search(text):
        return span
    if span is None:
        return (published - dt.timedelta(days=1), published) if published else None
    if span[0] == span[1] and not DAWN.search(text):  # "before dawn on Thursday" is Thursday
        return span[0] - dt.timedelta(days=1), span[1]
    return span


def _range(kind: str, m: re.Match, reference: dt.date | None) -> Span | None:
    if kind == "points":
        return _points(m.group("a"), m.group("b"), reference)
    if kind == "days":
        year = _year(m.group("y"), MONTHS[m.group("m").rstrip(".").lower()], reference)
        month = MONTHS[m.group("m").rstrip(".").lower()]
        return _dates(year, month, _day(m.group("d1")), year, month, _day(m.group("d2")))
    if kind == "months":
        m1, m2 = (MONTHS[m.group(g).rstrip(".").lower()] for g in ("m1", "m2"))
        y2 = _year(m.group("y2"), m2, reference)
        y1 = int(m.group("y1")) if m.group("y1") else (y2 - (m1 > m2) if y2 else None)
        if y1 is None or y2 is None:
            return None
        return month_span(y1, m1)[0], month_span(y2, m2)[1]
    return dt.date(int(m.group("y1")), 1, 1), dt.date(int(m.group("y2")), 12, 31)


def _points(a: str, b: str, reference: dt.date | None) -> Span | None:
    """Both ends of 'between A and B': B may give only its day ("April 1 and 11"), A may leave its year to B."""
    ma, mb = _parts(a), _parts(b)
    if ma is None:
        return None
    month_a, day_a, year_a = ma
    month_b, day_b, year_b = mb if mb else (month_a, _day(b.split()[0]), None)
    year_b = year_b or year_a
    if year_b is None:
        year_b = _year(None, month_b, reference)
    if year_a is None and year_b is not None:
        year_a = year_b - (month_a > month_b)
    if year_a is None or year_b is None:
        return None
    return _dates(year_a, month_a, day_a, year_b, month_b, day_b)


def _parts(point: str) -> tuple[int, int, int | None] | None:
    m = re.search(rf"({MONTH})\s+({DAY})|({DAY})\s+(?:of\s+)?({MONTH})", point)
    if m is None:
        return None
    month = MONTHS[(m.group(1) or m.group(4)).rstrip(".").lower()]
    day = _day(m.group(2) or m.group(3))
    year = re.search(YEAR, point[m.end():])
    return month, day, int(year.group()) if year else None


def _year(year: str | None, month: int, reference: dt.date | None) -> int | None:
    if year:
        return int(year)
    if reference is None:
        return None
    return reference.year - (month > reference.month)


def _dates(y1: int | None, m1: int, d1: int, y2: int | None, m2: int, d2: int) -> Span | None:
    if y1 is None or y2 is None:
        return None
    try:
        return dt.date(y1, m1, d1), dt.date(y2, m2, d2)
    except ValueError:
        return None


def _day(text: str) -> int:
    return int(re.match(r"\d+", text).group())


def count_of(word: str) -> int | None:
    word = word.lower().removeprefix("a ")
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word)


def month_span(year: int, month: int) -> Span:
    """The first and last day of a month."""
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
