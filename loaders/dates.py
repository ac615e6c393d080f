"""Event dates from a sentence, resolved against the publication date: a (start, end) pair of days."""
from __future__ import annotations

import datetime as dt
import re

from .places import DATELINE
from .date_ranges import (AGO, MONTH, MONTHS, PAST, WEEKEND, Span, count_of, counted_back, date_ranges, month_span,
                          overnight)

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? ({MONTH})(?:,? (\d{{4}}))?\b")
MONTH_DAY_YEAR = re.compile(rf"\b({MONTH}) (\d{{1,2}})(?:st|nd|rd|th)?\b(?:,? (\d{{4}}))?")
MONTH_YEAR = re.compile(rf"\b({MONTH}),? (\d{{4}})\b")
YEAR = re.compile(r"\b(?i:in|during|of|since|throughout) (19\d\d|20\d\d)\b")
WEEKDAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
RELATIVE = re.compile(r"\b(yesterday|today|this morning|tonight|last night|last month|last year|last week|"
                      r"earlier this month|this month|this week|earlier this week|this year|earlier this year)\b", re.I)
LAST_MONTH_NAMED = re.compile(rf"\b[Ll]ast ({MONTH})(?!\w)(?! \d)")
BARE_MONTH = re.compile(rf"\b(?:(?i:in|since|during|until|by|through|end of|beginning of|start of) )?"
                        rf"(?:(late|early|mid)(?:-| |-to-late )?)?({MONTH})(?!\w)(?![ ,]*\d)")
TIME_SPAN = re.compile(rf"{PAST.pattern}|{AGO.pattern}|{WEEKEND.pattern}", re.I)
SAID = re.compile(r"\b(?:said|says|told|reported|announced|confirmed|stated)\b")
FRONTED = 12  # "On 17 December 2014, ..." / "Also Friday, ...": a date that opens the sentence dates all of it
MONTH_PART = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
# "said Tuesday", "confirmed on Tuesday that ...": when it was reported, not when it happened
REPORTED_ON = re.compile(r"\b(?:said|says|told|reported|announced|added|stated|confirmed|claimed|wrote|tweeted|posted|"
                         r"warned|noted|revealed|published|released|issued|statement)\s+(?:on\s+|late\s+|early\s+|"
                         r"in\s+|this\s+|last\s+)?$", re.I)
# "an April 2019 report", "its 14 June update": the date of a document cited, not of the incident
CITED = re.compile(r"^(?:[\w.]+,? ){1,3}(?:report|study|survey|statement|assessment|update|bulletin|census|paper|"
                   r"article|letter|resolution|briefing|press release)\b", re.I)
ANCHORED = {  # said of the incident just reported: days after its date
    0: r"earlier (?:in|on) the day|later (?:in|on) that day|later that day|the same day|(?:hours|minutes|moments) "
       r"(?:later|afterwards|after)|shortly (?:after|afterwards)|later in the day|that (?:evening|night|afternoon)",
    1: r"the next day|the following day|a day later|the day after|the next morning|(?<!came )(?<!comes )a day after",
    -1: r"the previous day|a day earlier|the day before|a day before|(?:came|comes) a day after",
}
ANCHORED_RES = [(shift, re.compile(rf"\b(?:{p})\b", re.I)) for shift, p in ANCHORED.items()]
# "two days later", "three days earlier"; "came two days after" looks back from the incident just told
DAYS_APART = re.compile(r"\b(?:(came|comes) )?(\d+|two|three|four|five|six|seven|eight|nine|ten) days "
                        r"(later|afterwards|after|earlier|before)\b", re.I)
# "since Sept. 28", "since the attack on November 1": from that day to the publication date
SINCE = re.compile(r"\bsince\s+(?:(?:the|a|an|its|their)\s+[^,.;]{0,40}?\s+(?:on|in)\s+)?$", re.I)


DAY_OF_THE_WEEK = re.compile(r"(?:(?:on|late|early|last|this|before dawn on|in the early hours of)\s+)*"
                             r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|last night|"
                             r"overnight|this morning|earlier in the day)\b", re.I)


def event_dates(sentence: str, published: dt.date | None, year: int | None = None,
                anchor: Span | None = None, focus: int = 0) -> Span | None:
    """The date the sentence gives its event, as a day range; None when nothing anchors it.

    Of several date expressions the one nearest `focus` (where the sentence states the event: its figure or
    trigger word) wins; a date that only says when something was reported ("said Tuesday") is not the event's.
    `year` stands in for the publication year of an undated article (the last year its text named), so that
    "on 3 August" after "in August 2014" resolves; `anchor` is the date of the incident the article was just
    reporting, against which "the next day" or "earlier in the day" resolve."""
    reference = published or (dt.date(year, 12, 31) if year else None)
    ranges = list(date_ranges(sentence, reference)) + (list(counted_back(sentence, published)) if published else [])
    found = [(at, span) for at, _, span in ranges]
    found += [(at, span) for at, span in _expressions(sentence, published, year, anchor)
              if not any(a <= at < b for a, b, _ in ranges)]  # "June 5" inside "between June 5 and 7"
    found = [(at, span) for at, span in found if not REPORTED_ON.search(sentence[max(0, at - 25):at])
             and not CITED.match(sentence[at:at + 60])]
    if (filed := DATELINE.match(re.sub(r"\s", " ", sentence))) \
            and any(at >= filed.end() and DAY_OF_THE_WEEK.match(sentence, at) for at, _ in found):
        # "KYIV, May 9 (Reuters) - ... on Tuesday": the dateline says when the story was filed, the weekday when it
        # happened (a full date further on may be another incident's: "the worst since the June 5 attack")
        found = [(at, span) for at, span in found if at >= filed.end()]
    if not found:
        return overnight(sentence, None, published)
    fronted = [(at, span) for at, span in found if at == 0 or (at <= FRONTED and "," in sentence[at:at + 30])]
    if fronted and len(found) > 1 and SAID.search(sentence[fronted[0][0]:max(focus, fronted[0][0])]):
        found.remove(fronted[0])  # "On Monday, the ministry said 20 were killed on Saturday": Monday dates the report
        fronted = []
    at, span = fronted[0] if fronted else min(found, key=lambda x: (abs(x[0] - focus), x[0]))
    if SINCE.search(sentence[:at]):
        # "since Sept. 28" runs to the publication date; with no publication date its end is unknown
        return (span[0], published) if published and span[0] <= published else None
    span = overnight(sentence, span, published)
    if published and span[0] <= published < span[1]:
        span = (span[0], published)  # "in May" of a May 15 report: nothing after the report is in it
    return span


def listed_dates(text: str) -> Span | None:
    """The days from the first to the last of a list of full dates ("4 October 2020, 8 October 2020 and 17 October
    2020"); None unless the text lists two or more."""
    days = [span for m in DAY_MONTH_YEAR.finditer(text) if m.group(3)
            and (span := _day(int(m.group(1)), m.group(2), m.group(3), None))]
    days += [span for m in MONTH_DAY_YEAR.finditer(text) if m.group(3)
             and (span := _day(int(m.group(2)), m.group(1), m.group(3), None))]
    if len({d for d, _ in days}) < 2:
        return None
    return min(d for d, _ in days), max(d for _, d in days)


def names_a_time(sentence: str) -> bool:
    """Does the sentence say when its event happened, resolvable or not ("last month" in an undated article)?"""
    return any(not REPORTED_ON.search(sentence[max(0, m.start() - 25):m.start()])
               for pattern in (WEEKDAY, RELATIVE, LAST_MONTH_NAMED, YEAR, MONTH_YEAR, DAY_MONTH_YEAR, MONTH_DAY_YEAR)
               for m in pattern.finditer(sentence)) or bool(TIME_SPAN.search(sentence))


def _expressions(text: str, published: dt.date | None, year: int | None, anchor: Span | None):
    """(offset, span) of every single date expression: a day, a month, a year, a weekday, a relative word."""
    reference = published or (dt.date(year, 12, 31) if year else None)
    days = []  # where full dates are written: "7 March 2024" holds no month or year of its own
    for m in DAY_MONTH_YEAR.finditer(text):
        if span := _day(int(m.group(1)), m.group(2), m.group(3), reference):
            days.append(m.span())
            yield m.start(), span
    for m in MONTH_DAY_YEAR.finditer(text):
        if span := _day(int(m.group(2)), m.group(1), m.group(3), reference):
            days.append(m.span())
            yield m.start(), span

    def in_a_day(m: re.Match) -> bool:
        return any(a <= m.start() < b for a, b in days)
    if anchor is not None:
        yield from _anchored(text, anchor)
    if reference is not None:
        yield from _bare_months(text, reference, in_a_day)
    for m in MONTH_YEAR.finditer(text):
        if not in_a_day(m):
            month, year = MONTHS[m.group(1).rstrip(".").lower()], int(m.group(2))
            yield m.start(), month_span(year, month)
    for m in YEAR.finditer(text):
        if not in_a_day(m):
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
    for m in LAST_MONTH_NAMED.finditer(text):
        month = MONTHS[m.group(1).rstrip(".").lower()]
        yield m.start(), month_span(published.year - (month >= published.month), month)


def _anchored(text: str, anchor: Span):
    """Days told from the incident before: "a day earlier", "two days later"."""
    for shift, pattern in ANCHORED_RES:
        for m in pattern.finditer(text):
            day = anchor[0] + dt.timedelta(days=shift)
            yield m.start(), (day, day)
    for m in DAYS_APART.finditer(text):
        n = count_of(m.group(2)) or 0
        later = m.group(3).lower() in ("later", "afterwards", "after") and not m.group(1)
        day = anchor[0] + dt.timedelta(days=n if later else -n)
        yield m.start(), (day, day)


def _bare_months(text: str, reference: dt.date, in_a_day):
    """A month named without its year ("in March", "early June"): the last such month up to `reference`."""
    for m in BARE_MONTH.finditer(text):
        if in_a_day(m):
            continue
        if m.group(1) is None and not m.group().lower().startswith(("in ", "since ", "during ", "until ", "by ",
                                                                    "through ", "end ", "beginning ", "start ")) \
                and not (m.start() == 0 and m.group(2).lower() != "may"):
            continue  # a bare "May" is too often the verb; "September was the bloodiest month" is a date
        month = MONTHS[m.group(2).rstrip(".").lower()]
        first, last = month_span(reference.year - (month > reference.month), month)
        if m.group(1):
            low, high = MONTH_PART[m.group(1).lower()]
            first, last = first.replace(day=low), last.replace(day=min(high, last.day))
        yield m.start(1) if m.group(1) else m.start(2), (first, last)


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
    if word == "yesterday":
        return pub - dt.timedelta(days=1), pub - dt.timedelta(days=1)
    if word == "last night":
        return pub - dt.timedelta(days=1), pub  # the night before the morning's news
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
