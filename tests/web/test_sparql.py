"""The Flask app through its test client: query forms x result formats, errors, dumps, example queries."""
from __future__ import annotations

import csv
import gzip
import io
import json
import xml.etree.ElementTree as ET

import pytest
from rdflib import Dataset, Graph

from conflictkg.dumps import DUMPS
from conflictkg.formats import GRAPH_FORMATS, RESULT_FORMATS, rdf_format
from conflictkg.resources import query_paths

COUNT_EVENTS = """PREFIX ckg: <https://w3id.org/conflictkg/ontology#>
SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ckg:ConflictEvent }"""
ASK = "PREFIX ckg: <https://w3id.org/conflictkg/ontology#> ASK { ?a a ckg:Article }"
CONSTRUCT = """PREFIX ckg: <https://w3id.org/conflictkg/ontology#>
CONSTRUCT { ?e a ckg:AirStrike } WHERE { ?e a ckg:AirStrike }"""


def ask(client, form, query, accept=None, **params):
    headers = {"Accept": accept} if accept else {}
    if form == "get":
        return client.get("/sparql", query_string={"query": query, **params}, headers=headers)
    if form == "form":
        return client.post("/sparql", data={"query": query, **params}, headers=headers)
    return client.post("/sparql", data=query, content_type="application/sparql-query", headers=headers,
                       query_string=params)


def parse_count(resp):
    kind = resp.mimetype
    if kind == "application/sparql-results+json":
        return int(resp.get_json()["results"]["bindings"][0]["n"]["value"])
    if kind == "application/sparql-results+xml":
        ns = {"s": "http://www.w3.org/2005/sparql-results#"}
        return int(ET.fromstring(resp.data).find(".//s:literal", ns).text)
    if kind == "text/csv":
        return int(list(csv.reader(io.StringIO(resp.get_data(as_text=True))))[1][0])
    if kind == "text/tab-separated-values":
        return int(resp.get_data(as_text=True).splitlines()[1].split("^^")[0].strip('"'))
    raise AssertionError(kind)


@pytest.mark.parametrize("form", ["get", "form", "direct"])
@pytest.mark.parametrize("accept", [f.media_type for f in RESULT_FORMATS])
def test_select_in_every_form_and_format(client, form, accept):
    resp = ask(client, form, COUNT_EVENTS, accept)
    assert resp.status_code == 200 and resp.mimetype == accept
    assert parse_count(resp) > 10


@pytest.mark.parametrize("form", ["get", "form", "direct"])
def test_ask(client, form):
    resp = ask(client, form, ASK, "application/sparql-results+json")
    assert resp.get_json()["boolean"] is True


def triples_in(data: bytes, syntax) -> int:
    if syntax.datasets:
        return sum(len(g) for g in Dataset().parse(data=data, format=syntax.rdflib).graphs())
    return len(Graph().parse(data=data, format=syntax.rdflib))


@pytest.mark.parametrize("syntax", GRAPH_FORMATS, ids=lambda f: f.name)
@pytest.mark.parametrize("form", ["get", "direct"])
def test_construct_and_describe_graph_formats(client, form, syntax):
    resp = ask(client, form, CONSTRUCT, syntax.media_type)
    assert resp.status_code == 200 and resp.mimetype == syntax.media_type
    assert triples_in(resp.data, syntax) >= 3
    resp = ask(client, form, "DESCRIBE <https://w3id.org/conflictkg/id/article/WSJO000020171013edad001me>",
               syntax.media_type)
    assert triples_in(resp.data, syntax) >= 5


def test_combined_accept_header_and_format_parameter(client):
    resp = ask(client, "get", COUNT_EVENTS, "text/html;q=0.9, text/csv;q=0.8, */*;q=0.1")
    assert resp.mimetype == "text/csv"
    resp = ask(client, "get", COUNT_EVENTS, "text/csv", format="json")
    assert resp.mimetype == "application/sparql-results+json"


def test_syntax_error_is_400_with_the_parser_message(client):
    resp = ask(client, "get", "SELECT ?x WHERE { ?x ")
    assert resp.status_code == 400 and "syntax error" in resp.get_data(as_text=True).lower()


def test_missing_query_and_unacceptable_format(client):
    assert client.get("/sparql", query_string={"format": "json"}).status_code == 400  # parameters, no query
    assert client.post("/sparql", data={"format": "json"}).status_code == 400
    assert ask(client, "get", COUNT_EVENTS, "image/png").status_code == 406
    assert ask(client, "get", COUNT_EVENTS, format="pdf").status_code == 406
    assert client.post("/sparql", data="x", content_type="text/plain").status_code == 415


def test_updates_and_service_are_refused(client):  # every form and variant: tests/test_abuse.py
    assert ask(client, "direct", "INSERT DATA { <http://a> <http://b> <http://c> }").status_code == 403
    assert ask(client, "get", "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }").status_code == 400


@pytest.mark.parametrize("name", DUMPS)
def test_dumps_download(client, name):
    fmt, compressed = DUMPS[name]
    resp = client.get(f"/dumps/{name}")
    assert resp.status_code == 200
    data = gzip.decompress(resp.data) if compressed else resp.data
    assert triples_in(data, rdf_format(fmt)) > 1000
    assert client.get("/dumps/other.ttl").status_code == 404


EXPECTED_ROWS = {  # what each example query finds in the two sample articles
    "articles_per_publisher": lambda rows: {r["publisher"]["value"] for r in rows} == {
        "The Wall Street Journal Online", "(unknown)"},
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

    from .conftest import FIXTURES
    with backend.open(backend.new()) as store:
        load([FIXTURES / "reports.jsonl"], store, progress=False)
        [path] = [p for p in query_paths() if p.stem == "figures_that_disagree"]
        rows = list(store.query(path.read_text(encoding="utf-8")))
    assert [(int(r["lowest"].value), int(r["highest"].value)) for r in rows] == [(26, 29)]


def test_start_page_lists_queries_and_links_dumps_and_description(client):
    page = client.get("/").get_data(as_text=True)
    assert 'data-name="civilian_deaths_per_perpetrator_per_month"' in page
    assert 'href="/dumps/"' in page and 'href="/.well-known/void"' in page and 'href="/ontology"' in page
    assert client.get("/query").status_code == 200


def test_a_form_post_runs_the_query_of_its_form_not_of_its_url(client):
    resp = client.post("/sparql", query_string={"query": "ASK { FILTER(false) }"},
                       data={"query": "ASK { FILTER(true) }"}, headers={"Accept": "application/sparql-results+json"})
    assert resp.get_json()["boolean"] is True
    resp = client.post("/sparql", query_string={"query": "ASK {}"}, data={"format": "json"})
    assert resp.status_code == 400  # a form without its query: the URL's is not taken instead
