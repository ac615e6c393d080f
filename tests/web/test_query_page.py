"""conflictkg.web.query_page: the start page (the dataset at a glance), the query page, which loads nothing from
other hosts and opens a shared link's query, and the example queries (sparql/*.rq) it offers, each run on the
sample articles."""
from __future__ import annotations

import json

import pytest

from conflictkg.resources import query_paths

from ..endpoint import ask


def test_query_page_lists_queries_and_links_dumps_and_description(client):
    page = client.get("/query").get_data(as_text=True)
    assert 'data-name="civilian_deaths_per_perpetrator_per_month"' in page and 'data-run="0"' in page
    assert 'href="/dumps/"' in page and 'href="/.well-known/void"' in page and 'href="/ontology"' in page


def test_the_start_page_shows_the_dataset_at_a_glance(client):
    page = client.get("/").get_data(as_text=True)
    events = client.get("/events/", query_string={"format": "json"}).get_json()["total"]
    assert f"<strong>{events}</strong> events" in page and "<strong>2</strong> articles" in page
    assert '<figure class="map">' in page and '<figure class="timeline">' in page
    assert "Islamic State" in page and 'href="/query"' in page


def test_a_shared_link_opens_the_query_page_with_its_query_to_run(client):
    page = client.get("/", query_string={"query": "ASK { ?s ?p ?o }"}).get_data(as_text=True)
    assert 'data-run="1"' in page and "ASK { ?s ?p ?o }</textarea>" in page
    hostile = client.get("/", query_string={"query": "</textarea><script>alert(1)</script>"}).get_data(as_text=True)
    assert "<script>alert(1)" not in hostile


def test_query_page_loads_nothing_from_other_hosts(client):
    import re
    page = client.get("/query").get_data(as_text=True)
    assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
    assert assets and all(a.startswith("/") and not a.startswith("//") for a in assets), assets
    for asset in assets:
        assert client.get(asset).status_code == 200, asset
    assert "CodeMirror" in client.get("/static/vendor/codemirror/codemirror.js").get_data(as_text=True)


EXPECTED_ROWS = {  # what each example query finds in the two sample articles
    "articles_per_publisher": lambda rows: {(r["publisher"]["value"], r["articles"]["value"]) for r in rows} == {
        ("The Wall Street Journal Online", "1"), ("unknown publisher", "1")},
    "events_per_country_per_month": lambda rows: {
        (r["country"]["value"], r["month"]["value"], r["events"]["value"]) for r in rows} >= {
        ("Syria", "2014-08", "1"), ("Syria", "2017-10", "4")},
    # the seed article's massacre: 700 and 85 killed, in two incidents
    "fatalities_by_event_type": lambda rows: {
        (r["eventType"]["value"], r["fatalities"]["value"]) for r in rows} >= {("attack on civilians", "785")},
    "civilian_deaths_per_perpetrator_per_month": lambda rows: any(
        r["perpetrator"]["value"] == "Islamic State" and r["month"]["value"] == "2014-08"
        and int(r["civilianDeaths"]["value"]) == 700 for r in rows),
    "events_in_a_country": lambda rows: len(rows) >= 3 and {"Idlib"} <= {r["placeName"]["value"] for r in rows},
    "events_with_sources_and_quotes": lambda rows: any(
        r.get("source", {}).get("value") == "Omar Abu Leila" and "Mayadeen" in r["quote"]["value"] for r in rows),
    # the seed article's "the deaths of eighty-five others, with some sources claiming that up to 300 were killed"
    "figures_that_disagree": lambda rows: [(r["lowest"]["value"], r["highest"]["value"]) for r in rows] == [("85", "300")],
}


def test_every_example_query_is_tested():
    assert {p.stem for p in query_paths()} == set(EXPECTED_ROWS) and len(EXPECTED_ROWS) >= 5


@pytest.mark.parametrize("path", query_paths(), ids=lambda p: p.stem)
def test_example_queries_on_the_samples(client, path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#"), "each example query starts with a comment saying what it answers"
    resp = ask(client, "get", text, "application/sparql-results+json")
    assert resp.status_code == 200
    rows = resp.get_json()["results"]["bindings"]
    assert EXPECTED_ROWS[path.stem](rows), json.dumps(rows)[:2000]


def test_figures_that_disagree_finds_two_counts(backend):
    from conflictkg.pipeline import load

    from ..conftest import FIXTURES
    with backend.open(backend.new()) as store:
        load([FIXTURES / "reports.jsonl"], store, progress=False)
        [path] = [p for p in query_paths() if p.stem == "figures_that_disagree"]
        rows = list(store.query(path.read_text(encoding="utf-8")))
    assert [(int(r["lowest"].value), int(r["highest"].value)) for r in rows] == [(26, 29)]
