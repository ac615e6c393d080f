"""conflictkg.query_results: results written by pyoxigraph in the format asked for, cut exactly at the row limit."""
from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph

from conflictkg import query_results
from conflictkg.formats import GRAPH_FORMATS, RESULT_FORMATS
from conflictkg.query_results import QueryFailed, write

EX = "http://example.org/"


@pytest.fixture(scope="module")
def store() -> ox.Store:
    made = ox.Store()
    for n in range(10):  # literals with line breaks, tabs, quotes and languages: rows are not lines of text
        made.add(ox.Quad(ox.NamedNode(f"{EX}s{n}"), ox.NamedNode(EX + "p"),
                         ox.Literal(f'line\nbreak\t"{n}"', language="en") if n % 2 else ox.Literal(n)))
        made.add(ox.Quad(ox.BlankNode(f"b{n}"), ox.NamedNode(EX + "q"), ox.NamedNode(f"{EX}s{n}")))
    return made


def solutions(body: bytes, syntax) -> list:
    if syntax.name == "csv":  # pyoxigraph does not read CSV; the rows are what a CSV reader gives
        import csv
        import io
        return list(csv.reader(io.StringIO(body.decode())))[1:]
    return list(ox.parse_query_results(body, format=syntax.oxigraph))


@pytest.mark.parametrize("syntax", RESULT_FORMATS, ids=lambda f: f.name)
@pytest.mark.parametrize("limit, expected, truncated", [(3, 3, True), (20, 20, False), (19, 19, True), (50, 20, False)])
def test_solutions_are_cut_exactly_at_the_row_limit(store, syntax, limit, expected, truncated):
    media_type, body, rows, cut = write(store.query("SELECT * WHERE { ?s ?p ?o }"), syntax.name, None, limit)
    assert media_type == syntax.media_type
    assert (rows, cut) == (expected, truncated)
    assert len(solutions(body, syntax)) == expected


def test_the_values_written_are_the_engine_s(store):
    query = "SELECT * WHERE { ?s ?p ?o } ORDER BY ?s ?o"
    _, body, _, _ = write(store.query(query), "json", None, 100)
    direct = json.loads(store.query(query).serialize(format=ox.QueryResultsFormat.JSON))
    assert json.loads(body) == direct


def test_a_boolean_is_one_row(store):
    assert write(store.query("ASK { ?s ?p ?o }"), "xml", None, 0)[2:] == (1, False)


@pytest.mark.parametrize("syntax", GRAPH_FORMATS, ids=lambda f: f.name)
def test_triples_are_cut_at_the_row_limit_in_every_graph_format(store, syntax):
    media_type, body, rows, cut = write(store.query("CONSTRUCT WHERE { ?s ?p ?o }"), None, syntax.name, 7)
    assert (media_type, rows, cut) == (syntax.media_type, 7, True)
    parsed = Dataset() if syntax.datasets else Graph()
    parsed.parse(data=body, format=syntax.rdflib)
    assert len(parsed) == 7


def test_no_acceptable_format_is_a_406(store):
    with pytest.raises(QueryFailed) as failed:
        write(store.query("SELECT * WHERE { ?s ?p ?o }"), None, "turtle", 5)
    assert failed.value.status == 406 and "application/sparql-results+json" in failed.value.message


def test_results_too_large_before_the_row_limit_are_refused(store, monkeypatch):
    monkeypatch.setattr(query_results, "MAX_BYTES", 64)
    with pytest.raises(QueryFailed) as failed:
        write(store.query("SELECT * WHERE { ?s ?p ?o }"), "json", None, 1000)
    assert failed.value.status == 507
