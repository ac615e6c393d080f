"""conflictkg.loaders.dates: event dates resolved against the publication date, or against the incident just
reported. (Ranges and spans: test_date_ranges.py.)"""
from __future__ import annotations

import datetime as dt

import pytest

from conflictkg.loaders.dates import event_dates

from .articles import PUB_2015 as PUB
from .articles import day, events_of


@pytest.mark.parametrize("text, published, expected", [
    ("Strikes hit the town on Thursday.", dt.date(2017, 10, 14), (dt.date(2017, 10, 12),) * 2),
    ("About 20 people were killed on Oct. 6.", dt.date(2017, 10, 14), (dt.date(2017, 10, 6),) * 2),
    ("Deaths since Sept. 28 reached 231.", dt.date(2017, 10, 14), (dt.date(2017, 9, 28), dt.date(2017, 10, 14))),
    ("In August 2014, fighters executed 700 men.", None, (dt.date(2014, 8, 1), dt.date(2014, 8, 31))),
    ("ISIS abducted 400 civilians last month.", dt.date(2017, 10, 14), (dt.date(2017, 9, 1), dt.date(2017, 9, 30))),
    ("ISIS abducted 400 civilians last month.", None, None),
])
def test_event_dates(text, published, expected):
    assert event_dates(text, published) == expected


@pytest.mark.parametrize("text", [
    "OUAGADOUGOU, May 9 (Reuters) - Militants killed 35 soldiers near Djibo on Tuesday, two sources said.",
    "KYIV, Ukraine, 9 May (AFP) – A missile killed four people in Odesa on Tuesday.",
])
def test_a_dateline_s_date_says_when_the_story_was_filed_not_when_the_event_was(text):
    assert event_dates(text, dt.date(2024, 5, 9), focus=40) == (dt.date(2024, 5, 7),) * 2


def test_a_dateline_s_date_stands_beside_another_incident_s_date():
    """Found by review: a full date further on may be another incident's."""
    assert event_dates("KHARTOUM, May 9 (Reuters) - RSF fighters killed 40 villagers in Al Jazira state, in the worst "
                       "massacre since the June 5 attack on Wad al-Noura, activists said.", dt.date(2024, 5, 9),
                       focus=50) == (dt.date(2024, 5, 9),) * 2


def test_a_dateline_s_date_stands_when_the_sentence_names_no_other():
    assert event_dates("SANAA, May 9 (Reuters) - An air strike killed five people.", dt.date(2024, 5, 9)) == \
        (dt.date(2024, 5, 9),) * 2


@pytest.mark.parametrize("text, published, year, expected", [
    ("IS executed 217 people in the last nine days.", PUB, None, (dt.date(2015, 5, 16), PUB)),
    ("The rebels seized the capital last September.", PUB, None, (dt.date(2014, 9, 1), dt.date(2014, 9, 30))),
    ("The coalition began air strikes in late March.", PUB, None, (dt.date(2015, 3, 21), dt.date(2015, 3, 31))),
    ("A strike hit the town late on Sunday.", PUB, None, day(2015, 5, 24)),
    ("Fighters captured the town on 3 August.", None, 2014, day(2014, 8, 3)),
    ("Deaths since Sept. 28 reached 231.", None, 2017, None),  # no publication date: the end is unknown
    ("Rockets killed 34 people on Monday, a monitor said Sunday.", PUB, None, day(2015, 5, 25)),  # report date
    ("On 17 December 2014, Kurdish forces started the December 2014 offensive.", None, None, day(2014, 12, 17)),
    ("Forces attacked the port of Marib province on Sept. 4.", PUB, None, day(2014, 9, 4)),  # not "Mar"
])
def test_dates_against_the_publication_date(text, published, year, expected):
    assert event_dates(text, published, year) == expected


def test_dates_relative_to_the_incident_just_reported():
    anchor = day(2014, 5, 28)
    assert event_dates("The next day, fighters entered the village.", None, 2014, anchor) == day(2014, 5, 29)
    assert event_dates("Earlier in the day, a restaurant was stormed.", None, 2014, anchor) == anchor


def test_a_month_that_opens_the_sentence_dates_it():
    text = "September was the bloodiest month so far this year, with 300 people killed."
    assert event_dates(text, dt.date(2017, 10, 14)) == (dt.date(2017, 9, 1), dt.date(2017, 9, 30))
    assert event_dates("May the fighting end soon, with 3 killed.", dt.date(2017, 10, 14)) is None


def test_the_month_may_is_not_the_modal_may():
    found = events_of("Residents said fighters had fought in the area on May 28 against Kurdish units.",
                      published=dt.date(2014, 6, 14))
    assert found and found[0].dates == (dt.date(2014, 5, 28), dt.date(2014, 5, 28))
