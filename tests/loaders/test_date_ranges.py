"""conflictkg.loaders.date_ranges (through dates.event_dates): dates that belong to the event: ranges, spans counted
back from the day of the news, the event's own date over the date of the report, and no date without an anchor.
Sentences written for the purpose."""
from __future__ import annotations

import datetime as dt

import pytest

from conflictkg.loaders.dates import event_dates

PUB = dt.date(2024, 8, 14)  # a Wednesday


def span(a, b):
    return dt.date(*a), dt.date(*b)


@pytest.mark.parametrize("text, expected", [
    ("Fighting raged between Monday, June 5, and Wednesday, June 7, killing 30.", span((2024, 6, 5), (2024, 6, 7))),
    ("Militias killed 80 people in June and July.", span((2024, 6, 1), (2024, 7, 31))),
    ("Between 7 October 2023 and 8 August 2024, 500 civilians were killed.", span((2023, 10, 7), (2024, 8, 8))),
    ("From 3 May to 9 May, shelling killed 12 people.", span((2024, 5, 3), (2024, 5, 9))),
    ("Between April 1 and 11, ten people were killed in three massacres.", span((2024, 4, 1), (2024, 4, 11))),
    ("On 4 and 5 June 2021, gunmen attacked the village.", span((2021, 6, 4), (2021, 6, 5))),
    ("Raids on June 4-5 left 20 dead.", span((2024, 6, 4), (2024, 6, 5))),
    ("Between 2018 and 2020, the army killed 300 civilians.", span((2018, 1, 1), (2020, 12, 31))),
    ("In December and January, 40 were abducted.", span((2023, 12, 1), (2024, 1, 31))),  # the year turns
])
def test_ranges_give_start_and_end(text, expected):
    assert event_dates(text, PUB) == expected


@pytest.mark.parametrize("text, expected", [
    ("Strikes killed 12 people overnight.", span((2024, 8, 13), (2024, 8, 14))),
    ("An overnight strike on Tuesday killed five.", span((2024, 8, 12), (2024, 8, 13))),
    ("Shelling has killed 9 people since midnight.", span((2024, 8, 14), (2024, 8, 14))),
    ("At least 20 people were killed in the past 24 hours.", span((2024, 8, 13), (2024, 8, 14))),
    ("Raids killed 30 over the past week.", span((2024, 8, 7), (2024, 8, 14))),
    ("Clashes in the last few days killed dozens.", span((2024, 8, 10), (2024, 8, 14))),
    ("A strike on a school two weeks ago killed 44.", span((2024, 7, 28), (2024, 8, 3))),
    ("Gunmen killed 7 people three days ago.", span((2024, 8, 11), (2024, 8, 11))),
    ("Attacks at the weekend killed nine.", span((2024, 8, 10), (2024, 8, 11))),
    ("Deaths since the attack on August 1 reached 60.", span((2024, 8, 1), (2024, 8, 14))),
])
def test_spans_counted_back_from_the_day_of_the_news(text, expected):
    assert event_dates(text, PUB) == expected


@pytest.mark.parametrize("text, expected", [
    # the event's own date, not the day it was confirmed or reported
    ("The army confirmed on Tuesday that rebels killed 12 villagers late on Sunday.", span((2024, 8, 11), (2024, 8, 11))),
    ("Rockets killed 34 people on Monday, a monitor said on Tuesday.", span((2024, 8, 12), (2024, 8, 12))),
    # a cited report's date is not the incident's
    ("An April 2019 report found that militias killed 40 people on 3 March.", span((2024, 3, 3), (2024, 3, 3))),
])
def test_the_event_date_wins_over_the_date_of_the_report(text, expected):
    assert event_dates(text, PUB, focus=text.index("killed")) == expected


@pytest.mark.parametrize("text", [
    "Gunmen killed 7 people three days ago.",
    "Raids killed 30 over the past week.",
    "Attacks at the weekend killed nine.",
    "Militias killed 80 people in June and July.",  # no year to put the months in
])
def test_an_undated_article_gives_relative_dates_no_day(text):
    assert event_dates(text, None) is None


def test_an_undated_article_dates_a_range_that_names_its_year():
    assert event_dates("Between 7 October 2023 and 8 August 2024, 500 were killed.", None) == span(
        (2023, 10, 7), (2024, 8, 8))


def test_a_report_date_that_opens_the_sentence_does_not_date_the_event():
    text = "On Monday, the health ministry said 20 people were killed in strikes on Saturday."
    assert event_dates(text, PUB, focus=text.index("20")) == span((2024, 8, 10), (2024, 8, 10))


def test_last_night_and_this_month_end_at_the_report():
    assert event_dates("Shelling killed four people last night.", PUB) == span((2024, 8, 13), (2024, 8, 14))
    assert event_dates("In August, militias killed 80 people.", PUB) == span((2024, 8, 1), (2024, 8, 14))


@pytest.mark.parametrize("text, expected", [
    ("Gunmen stormed the school on 7 March 2024 and abducted 287 pupils.", span((2024, 3, 7), (2024, 3, 7))),
    ("The RSF attacked the camp on Monday and Tuesday, killing 100 people.", span((2024, 8, 12), (2024, 8, 13))),
    ("Gunmen attacked the town before dawn on Tuesday, killing 20 people.", span((2024, 8, 13), (2024, 8, 13))),
    ("Gunmen attacked the town overnight, killing 20 people.", span((2024, 8, 13), (2024, 8, 14))),
])
def test_a_full_date_weekday_pairs_and_dawn(text, expected):
    assert event_dates(text, PUB) == expected


@pytest.mark.parametrize("text, expected", [
    ("Two days later, gunmen killed five people.", span((2024, 8, 7), (2024, 8, 7))),
    ("Three days earlier, gunmen killed five people.", span((2024, 8, 2), (2024, 8, 2))),
    ("The attack came two days after gunmen killed five people.", span((2024, 8, 3), (2024, 8, 3))),
])
def test_days_counted_from_the_incident_just_told(text, expected):
    assert event_dates(text, PUB, anchor=span((2024, 8, 5), (2024, 8, 5))) == expected
