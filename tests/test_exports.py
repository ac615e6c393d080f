"""conflictkg.exports: the events as tables, ACLED-compatible and with IRIs; its coding rules on fixtures, the
tables of the sample store in pandas, `conflictkg export`, and /export/ on the app."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pandas as pd
import pytest
from click.testing import CliRunner
from rdflib.namespace import SKOS

from conflictkg.cli import main
from conflictkg.exports import (ACLED_COLUMNS, ACLED_TYPES, LINKED_COLUMNS, EventSummary, Place, acled_rows, summaries,
                                write_csv)
from conflictkg.resources import ontology_graph
from conflictkg.vocab import CKG

IDLIB = Place("https://w3id.org/conflictkg/id/place/169389", "Idlib", {"https://w3id.org/conflictkg/id/place/163843"},
              (35.93062, 36.63393), geonames="169389")
SYRIA = Place("https://w3id.org/conflictkg/id/place/163843", "Syria", set(), None, geonames="163843")
PROVINCE = Place("https://w3id.org/conflictkg/id/place/SY-ID", "Idlib Governorate",
                 {"https://w3id.org/conflictkg/id/place/163843"}, (35.8, 36.6), notation="SY-ID")


def event(kind="AirStrike", start=dt.date(2019, 5, 6), end=None, place=IDLIB, figures=None, vague=False):
    return EventSummary("https://w3id.org/conflictkg/id/event/abc123", kind, start, end, place, SYRIA,
                        PROVINCE if place is not SYRIA else None,
                        [("https://w3id.org/conflictkg/id/actor/Q1", "Air Force")], figures or {}, vague,
                        ["https://w3id.org/conflictkg/id/article/a1"], ["Example News"])


@pytest.mark.parametrize("figures, fatalities", [
    ({}, 0),
    ({"killed": {"Civilians": [14, 20]}}, 14),  # sources disagree: the lowest
    ({"killed": {"Civilians": [12], "Children": [5]}}, 12),  # children are among the civilians
    ({"killed": {"Children": [5], "Women": [3]}}, 5),  # the civilians counted: at least the larger sub-group
    ({"killed": {"Civilians": [10], "Combatants": [4, 6]}}, 14),  # separate groups add up
    ({"killed": {"People": [30], "Civilians": [10], "Combatants": [4]}}, 30),  # an overall toll of its own
    ({"injured": {"People": [40]}}, 0),  # the wounded are no fatalities
])
def test_fatalities_are_the_most_conservative_figure(figures, fatalities):
    [row] = acled_rows([event(figures=figures)])
    assert row["fatalities"] == fatalities


@pytest.mark.parametrize("start, end, precision", [
    (dt.date(2019, 5, 6), None, 1), (dt.date(2019, 5, 6), dt.date(2019, 5, 6), 1),
    (dt.date(2019, 5, 6), dt.date(2019, 5, 10), 2), (dt.date(2019, 5, 1), dt.date(2019, 5, 31), 3)])
def test_time_precision_codes(start, end, precision):
    [row] = acled_rows([event(start=start, end=end)])
    assert row["time_precision"] == precision and row["event_date"] == start.isoformat()


@pytest.mark.parametrize("place, precision, admin1", [
    (IDLIB, 1, "Idlib Governorate"), (PROVINCE, 3, "Idlib Governorate"), (SYRIA, 3, "")])
def test_geo_precision_codes_and_the_place_columns(place, precision, admin1):
    [row] = acled_rows([event(place=place)])
    assert row["geo_precision"] == precision and row["admin1"] == admin1
    assert row["country"] == "Syria" and row["location"] == place.name
    assert row["event_id_cnty"] == "SYRabc123"


def test_tallies_and_undated_events_are_no_acled_events_but_have_a_row_with_iris():
    events = [event(kind="CasualtyTally"), event(start=None), event(kind="AttackOnCivilians")]
    rows = list(acled_rows(events))
    assert len(rows) == 1 and rows[0]["actor2"] == "Civilians (Syria)"
    assert rows[0]["event_type"] == "Violence against civilians" and rows[0]["sub_event_type"] == "Attack"
    out = io.StringIO()
    assert write_csv(events, "linked", out) == 3


def test_the_acled_sub_event_types_are_the_ontology_s_close_matches():
    ontology = ontology_graph()
    for kind, (_, sub_event_type) in ACLED_TYPES.items():
        matches = {str(ontology.value(m, SKOS.prefLabel)) for m in ontology.objects(CKG[kind], SKOS.closeMatch)}
        assert sub_event_type in matches or (not matches and sub_event_type == "Other"), kind


def test_the_sample_store_s_tables_open_in_pandas(backend, sample_store):
    with backend.open(sample_store, read_only=True) as store:
        events = summaries(store)
    acled, linked = io.StringIO(), io.StringIO()
    write_csv(events, "acled", acled)
    write_csv(events, "linked", linked)
    table = pd.read_csv(io.StringIO(acled.getvalue()), parse_dates=["event_date"])
    assert tuple(table.columns) == ACLED_COLUMNS and len(table) > 0
    assert table["fatalities"].dtype.kind == "i" and table["time_precision"].isin([1, 2, 3]).all()
    assert table["geo_precision"].isin([1, 2, 3]).all() and table["latitude"].dtype.kind == "f"
    assert pd.api.types.is_datetime64_any_dtype(table["event_date"])
    assert table["event_id_cnty"].str.startswith("SYR").all()
    # the Islamic State's killings of August 2014: one figure, 700
    assert table.loc[table["sub_event_type"] == "Attack", "fatalities"].tolist() == [700]
    rows = pd.read_csv(io.StringIO(linked.getvalue()))
    assert tuple(rows.columns) == LINKED_COLUMNS and len(rows) == len(events) >= len(table)
    with backend.open(sample_store, read_only=True) as store:  # every IRI joins back to the graph
        for iri in rows["event"]:
            assert store.query(f"ASK {{ <{iri}> a <{CKG.ConflictEvent}> }}")


def test_conflictkg_export(backend, sample_store, tmp_path):
    output = tmp_path / "events.csv"
    result = CliRunner().invoke(main, ["export", *backend.cli_read_args(sample_store), "--format", "acled", "-o",
                                       str(output)])
    assert result.exit_code == 0, result.output
    assert output.read_text(encoding="utf-8").splitlines()[0] == ",".join(ACLED_COLUMNS)
    linked = CliRunner().invoke(main, ["export", *backend.cli_read_args(sample_store), "--format", "linked"])
    assert linked.stdout.splitlines()[0] == ",".join(LINKED_COLUMNS)


def test_the_tables_are_published_and_served(client):
    listing = client.get("/dumps/", headers={"Accept": "application/json"}).get_json()
    assert {e["name"] for e in listing["exports"]} == {"events.csv", "events-linked.csv"}
    resp = client.get("/export/events.csv")
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    assert resp.get_data(as_text=True).splitlines()[0] == ",".join(ACLED_COLUMNS)
    published = next(e for e in listing["exports"] if e["name"] == "events.csv")
    assert resp.headers["X-Checksum-Sha256"] == published["sha256"]
    assert "events-linked.csv" in client.get("/dumps/").get_data(as_text=True)
    assert client.get("/export/nothing.csv").status_code == 404


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_made_inert_but_numbers_stay_numbers():
    place = Place("https://w3id.org/conflictkg/id/place/x", "=HYPERLINK(\"http://evil\")", set(), (-33.5, -70.25))
    row = next(csv.DictReader(io.StringIO(_written([event(place=place)]))))
    assert row["location"] == "'=HYPERLINK(\"http://evil\")"
    assert row["latitude"] == "-33.50000" and row["longitude"] == "-70.25000"


def _written(events) -> str:
    out = io.StringIO()
    write_csv(events, "acled", out)
    return out.getvalue()


def test_an_incident_many_articles_report_is_one_row_with_every_article(tmp_path):
    """Each report states the event in its own graph, so the union repeats its date, place, perpetrator and
    article triples once per report; read in one join they multiplied (40 reports: 40^5 rows, which never
    finished). Each is read on its own now."""
    import json

    from conflictkg.pipeline import load
    from conflictkg.store import ConflictStore
    corpus = tmp_path / "one_incident.jsonl"
    corpus.write_text("".join(json.dumps({
        "id": f"report{n}", "published": "2019-05-07",
        "text": "Russian warplanes struck a market in Idlib on Monday, killing 26 civilians, medics said."}) + "\n"
        for n in range(40)), encoding="utf-8")
    with ConflictStore(tmp_path / "store") as store:
        assert len(load([corpus], store, progress=False).loaded) == 40
        [event] = [e for e in summaries(store) if e.kind == "AirStrike"]
    assert len(event.articles) == 40 and event.start == dt.date(2019, 5, 6) and event.place.name == "Idlib"
    assert [name for _, name in event.perpetrators] == ["Russian Armed Forces"] and event.lowest("killed") == 26
