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
                      r"earlier this month|this month|this week|earlier this week|this year|earlier this year)\b", re.I)
LAST_N = re.compile(r"\b(?:in|over|during) the (?:last|past|previous) (\w+) (days?|weeks?|months?)\b", re.I)
LAST_MONTH_NAMED = re.compile(rf"\b[Ll]ast ({MONTH})(?!\w)(?! \d)")
BARE_MONTH = re.compile(rf"\b(?:(?:in|since|during|until|by|through|end of|beginning of|start of) )?"
                        rf"(?:(late|early|mid)(?:-| |-to-late )?)?({MONTH})(?!\w)(?![ ,]*\d)")
FRONTED = 12  # "On 17 December 2014, ..." / "Also Friday, ...": a date that opens the sentence dates all of it
MONTH_PART = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
REPORTED_ON = re.compile(r"\b(?:said|says|told|reported|announced|added|stated)\s+(?:on\s+|late\s+|early\s+)?$", re.I)
ANCHORED = {  # said of the incident just reported: days after its date
    0: r"earlier (?:in|on) the day|later (?:in|on) that day|later that day|the same day",
    1: r"the next day|the following day|a day later|the day after|the next morning",
    -1: r"the previous day|a day earlier|the day before",
}
ANCHORED_RES = [(shift, re.compile(rf"\b(?:{p})\b", re.I)) for shift, p in ANCHORED.items()]
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
                "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30}
SINCE = re.compile(r"\bsince\s+$", re.I)

Span = tuple[dt.date, dt.date]


def event_dates(sentence: str, published: dt.date | None, year: int | None = None,
                anchor: Span | None = None, focus: int = 0) -> Span | None:
    """The date the sentence gives its event, as a day range; None when nothing anchors it.

    Of several date expressions the one nearest `focus` (where the sentence states the event: its figure or
    trigger word) wins; a date that only says when something was reported ("said Tuesday") is not the event's.
    `year` stands in for the publication year of an undated article (the last year its text named), so that
    "on 3 August" after "in August 2014" resolves; `anchor` is the date of the incident the article was just
    reporting, against which "the next day" or "earlier in the day" resolve."""
    found = [(at, span) for at, span in _expressions(sentence, published, year, anchor)
             if not REPORTED_ON.search(sentence[max(0, at - 20):at])]
    if not found:
        return None
    fronted = [(at, span) for at, span in found if at == 0 or (at <= FRONTED and "," in sentence[at:at + 30])]
    at, span = fronted[0] if fronted else min(found, key=lambda x: (abs(x[0] - focus), x[0]))
    if SINCE.search(sentence[:at]):
        # "since Sept. 28" runs to the publication date; with no publication date its end is unknown
        return (span[0], published) if published and span[0] <= published else None
    return span


def _expressions(text: str, published: dt.date | None, year: int | None, anchor: Span | None):
    reference = published or (dt.date(year, 12, 31) if year else None)
    for m in DAY_MONTH_YEAR.finditer(text):
        if span := _day(int(m.group(1)), m.group(2), m.group(3), reference):
            yield m.start(), span
    for m in MONTH_DAY_YEAR.finditer(text):
        if span := _day(int(m.group(2)), m.group(1), m.group(3), reference):
            yield m.start(), span
    if anchor is not None:
        for shift, pattern in ANCHORED_RES:
            for m in pattern.finditer(text):
                day = anchor[0] + dt.timedelta(days=shift)
                yield m.start(), (day, day)
    if reference is not None:
        for m in BARE_MONTH.finditer(text):
            if m.group(1) is None and not m.group().startswith(("in ", "since ", "during ", "until ", "by ",
                                                                "through ", "end ", "beginning ", "start ")) \
                    and not (m.start() == 0 and m.group(2).lower() != "may"):
                continue  # a bare "May" is too often the verb; "September was the bloodiest month" is a date
            month = MONTHS[m.group(2).rstrip(".").lower()]
            y = reference.year - (month > reference.month)
            first, last = _month(y, month)
            if m.group(1):
                low, high = MONTH_PART[m.group(1).lower()]
                first, last = first.replace(day=low), last.replace(day=min(high, last.day))
            yield m.start(1) if m.group(1) else m.start(2), (first, last)
    for m in MONTH_YEAR.finditer(text):
        month, year = MONTHS[m.group(1).rstrip(".").lower()], int(m.group(2))
        yield m.start(), _month(year, month)
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
    for m in LAST_N.finditer(text):
        n = int(m.group(1)) if m.group(1).isdigit() else NUMBER_WORDS.get(m.group(1).lower())
        if n:
            unit = {"d": 1, "w": 7, "m": 30}[m.group(2)[0].lower()]
            yield m.start(), (published - dt.timedelta(days=n * unit), published)
    for m in LAST_MONTH_NAMED.finditer(text):
        month = MONTHS[m.group(1).rstrip(".").lower()]
        yield m.start(), _month(published.year - (month >= published.month), month)


def _month(year: int, month: int) -> Span:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


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
    if word in ("this week", "earlier this week"):
        return pub - dt.timedelta(days=pub.weekday()), pub
    if word in ("this year", "earlier this year"):
        return dt.date(pub.year, 1, 1), pub
    if word == "last year":
        return dt.date(pub.year - 1, 1, 1), dt.date(pub.year - 1, 12, 31)
    if word == "last week":
        return pub - dt.timedelta(days=7 + pub.weekday()), pub - dt.timedelta(days=1 + pub.weekday())
    return None
