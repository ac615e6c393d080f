"""conflictkg.browse: the lists of events, places, actors and articles over the sample store: filters, totals, and
pages that never cut a list silently."""
from __future__ import annotations

import datetime as dt

import pytest

import conflictkg.browse as browse
from conflictkg.browse import EventFilter, NameFilter, actors, articles, events, places

SYRIA = "https://w3id.org/conflictkg/id/place/163843"
IDLIB = "https://w3id.org/conflictkg/id/place/169389"
ISLAMIC_STATE = "https://w3id.org/conflictkg/id/actor/Q2429253"


@pytest.fixture()
def store(backend, sample_store):
    with backend.open(sample_store, read_only=True) as opened:
        yield opened


def test_pages_together_hold_the_whole_list_once(store, monkeypatch):
    monkeypatch.setattr(browse, "PAGE_SIZE", 5)
    first = events(store, EventFilter(), 1)
    seen = [row["iri"] for page in range(1, first.pages + 1) for row in events(store, EventFilter(), page).rows]
    assert first.total == len(seen) == len(set(seen)) > 5 and first.pages == -(-first.total // 5)
    assert events(store, EventFilter(), first.pages + 1).rows == []  # past the end: empty, total still said
    dates = [row["start"] for row in events(store, EventFilter(), 1).rows if row["start"]]
    assert dates == sorted(dates, reverse=True)  # newest first


def test_event_filters(store):
    everything = events(store, EventFilter(), 1)
    in_syria = events(store, EventFilter(place=SYRIA), 1)  # through ckg:within: events in its towns
    assert 0 < in_syria.total <= everything.total
    in_idlib = events(store, EventFilter(place=IDLIB), 1)
    assert 0 < in_idlib.total < in_syria.total
    assert all(any(p[1] == "Idlib" for p in row["places"]) for row in in_idlib.rows)
    strikes = events(store, EventFilter(type="AirStrike"), 1)
    assert strikes.total and {row["type"] for row in strikes.rows} == {"AirStrike"}
    by_is = events(store, EventFilter(perpetrator=ISLAMIC_STATE), 1)
    assert by_is.total and all(ISLAMIC_STATE in [a[0] for a in row["perpetrators"]] for row in by_is.rows)
    deadly = events(store, EventFilter(min_killed=100), 1)  # some figure says so (the row shows the lowest)
    assert 0 < deadly.total < everything.total and 700 in [row["figures"].get("killed") for row in deadly.rows]
    dated = events(store, EventFilter(start=dt.date(2017, 10, 1), end=dt.date(2017, 10, 31)), 1)
    assert dated.total and all("2017-10-01" <= row["start"] <= "2017-10-31" for row in dated.rows)
    assert events(store, EventFilter(type="AirStrike", start=dt.date(2030, 1, 1)), 1).total == 0


def test_an_event_row_tells_it_apart(store):
    [attack] = [row for row in events(store, EventFilter(perpetrator=ISLAMIC_STATE), 1).rows
                if row["figures"].get("killed") == 700]
    assert attack["type"] == "AttackOnCivilians" and attack["start"] == "2014-08-01"
    assert [p[1] for p in attack["places"]] == ["Deir ez-Zor"] and attack["reports"] == 1


def test_places_actors_and_articles(store):
    listed = places(store, NameFilter(), 1)
    syria = next(row for row in listed.rows if row["iri"] == SYRIA)
    assert syria["events"] == events(store, EventFilter(place=SYRIA), 1).total  # events here or within
    idlib = next(row for row in listed.rows if row["iri"] == IDLIB)
    assert idlib["country"] == (SYRIA, "Syria")
    assert {row["iri"] for row in places(store, NameFilter("idl"), 1).rows} == {IDLIB}
    in_syria = {row["iri"] for row in places(store, NameFilter(country=SYRIA), 1).rows}
    assert SYRIA in in_syria and IDLIB in in_syria
    assert in_syria == {row["iri"] for row in listed.rows} - {"https://w3id.org/conflictkg/id/place/euphrates-river-8859f4de7e"}
    named = actors(store, NameFilter("islamic"), 1)
    assert [row["iri"] for row in named.rows] == [ISLAMIC_STATE] and named.rows[0]["events"] >= 2
    papers = articles(store, NameFilter(), 1)
    assert papers.total == 2 and sum(row["events"] for row in papers.rows) == events(store, EventFilter(), 1).total


def test_a_value_that_is_no_iri_never_reaches_a_query(store):
    with pytest.raises(ValueError):
        events(store, EventFilter(place="x> } DROP ALL { <y"), 1)
    assert places(store, NameFilter('") } #'), 1).total == 0  # a name is a literal, escaped
