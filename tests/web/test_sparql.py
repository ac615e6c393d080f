"""conflictkg.web.sparql: /sparql, the SPARQL 1.1 Protocol's query operation: every request form and result format,
the dataset parameters, errors, results capped at the row limit, fuzzed requests."""
from __future__ import annotations

import csv
import io
import os
import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from conflictkg.formats import GRAPH_FORMATS, RESULT_FORMATS

from ..endpoint import ask, triples_in


COUNT_EVENTS = """PREFIX ckg: <https://w3id.org/conflictkg/ontology#>
SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ckg:ConflictEvent }"""


ASK = "PREFIX ckg: <https://w3id.org/conflictkg/ontology#> ASK { ?a a ckg:Article }"


CONSTRUCT = """PREFIX ckg: <https://w3id.org/conflictkg/ontology#>
CONSTRUCT { ?e a ckg:AirStrike } WHERE { ?e a ckg:AirStrike }"""


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


@pytest.mark.parametrize("query, accept, answered", [
    (COUNT_EVENTS, "application/sparql-results+json; charset=utf-8", "application/sparql-results+json"),
    (COUNT_EVENTS, "text/csv; charset=utf-8", "text/csv"),
    (CONSTRUCT, "text/turtle; charset=utf-8", "text/turtle"),
    (CONSTRUCT, "application/n-triples;charset=utf-8;q=0.9, text/html;q=0.1", "application/n-triples")])
def test_accept_parameters_other_than_q_do_not_decide_the_match(client, query, accept, answered):
    """As Oxigraph's server does (issue 22's protocol list): a charset, even the one this server sends, is no 406."""
    resp = ask(client, "get", query, accept)
    assert resp.status_code == 200 and resp.mimetype == answered


def test_an_iri_s_page_takes_accept_parameters_too(client):
    resp = client.get("/ontology", headers={"Accept": "text/turtle; charset=utf-8"})
    assert resp.status_code == 200 and resp.mimetype == "text/turtle"


def test_a_repeated_query_parameter_is_a_400(client):
    """Issue 22's protocol list: two `query` parameters are a malformed request, not the first one run."""
    resp = client.get("/sparql", query_string=[("query", "ASK {}"), ("query", COUNT_EVENTS)])
    assert resp.status_code == 400 and "more than one 'query'" in resp.get_data(as_text=True)
    resp = client.post("/sparql", data=MultiDict([("query", "ASK {}"), ("query", "ASK {}")]))
    assert resp.status_code == 400


@pytest.mark.parametrize("query, accept, answered", [
    (COUNT_EVENTS, "application/json", "application/sparql-results+json"),
    (COUNT_EVENTS, "application/xml", "application/sparql-results+xml"),
    (COUNT_EVENTS, "text/xml", "application/sparql-results+xml"),
    (COUNT_EVENTS, "text/plain", "text/csv"),
    (CONSTRUCT, "application/json", "application/ld+json"),
    (CONSTRUCT, "application/xml", "application/rdf+xml"),
    (CONSTRUCT, "text/plain", "application/n-triples"),
    (ASK, "application/json;q=0.5, text/html", "application/sparql-results+json")])
def test_generic_media_types_ask_for_what_oxigraph_reads_them_as(client, query, accept, answered):
    """Issue 22's protocol list: application/json, application/xml, text/xml and text/plain are no 406."""
    resp = ask(client, "get", query, accept)
    assert resp.status_code == 200 and resp.mimetype == answered
    if answered == "application/sparql-results+json" and query == COUNT_EVENTS:
        assert parse_count(resp) > 0


@pytest.mark.parametrize("query, wanted, accept, answered", [
    (CONSTRUCT, "xml", "application/rdf+xml", "application/rdf+xml"),  # SPARQLWrapper's CONSTRUCT default
    (CONSTRUCT, "rdf+xml", "application/rdf+xml", "application/rdf+xml"),
    (CONSTRUCT, "csv", "text/turtle", "text/turtle"),  # a results format: Accept decides the graph's
    (ASK, "turtle", "application/sparql-results+xml", "application/sparql-results+xml"),
    (COUNT_EVENTS, "tsv", "application/sparql-results+json", "text/tab-separated-values"),  # it fits: it wins
])
def test_format_is_a_hint_that_gives_way_to_accept_where_the_query_form_cannot_use_it(client, query, wanted, accept,
                                                                                     answered):
    resp = ask(client, "get", query, accept, format=wanted)
    assert resp.status_code == 200 and resp.mimetype == answered


@pytest.mark.parametrize("query, found", [
    ("CONSTRUCT { <s> <p> 1 } WHERE {}", "<http://localhost/s> <http://localhost/p> "),
    ('SELECT ?o WHERE { VALUES ?o { 1 <x> } FILTER(?o IN (1, <x>)) }', "http://localhost/x"),
    ("BASE <http://example.org/> SELECT ?o WHERE { BIND(<x> AS ?o) }", "http://example.org/x"),
])
def test_relative_iris_resolve_against_the_endpoint_s_url(client, query, found):
    resp = ask(client, "get", query, "application/n-triples, text/csv;q=0.9")
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert found in resp.get_data(as_text=True)


@pytest.mark.parametrize("form", ["get", "form", "direct"])
def test_a_request_naming_only_named_graphs_has_an_empty_default_graph(client, form):
    article = "https://w3id.org/conflictkg/id/graph/article/002_6bd9ab7bde165c5e"
    default = ask(client, form, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "application/sparql-results+json",
                  **{"named-graph-uri": article})
    assert parse_count(default) == 0
    named = ask(client, form, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                "application/sparql-results+json", **{"named-graph-uri": article})
    assert parse_count(named) > 0
    # and one naming only a default graph has no named graphs
    only_default = ask(client, form, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                       "application/sparql-results+json", **{"default-graph-uri": article})
    assert parse_count(only_default) == 0


def test_from_and_from_named_in_the_query_choose_its_dataset(client):
    article = "https://w3id.org/conflictkg/id/graph/article/002_6bd9ab7bde165c5e"
    count = "SELECT (COUNT(*) AS ?n) {} WHERE {{ ?s ?p ?o }}"
    everything = parse_count(ask(client, "get", count.format(""), "application/sparql-results+json"))
    one = parse_count(ask(client, "get", count.format(f"FROM <{article}>"), "application/sparql-results+json"))
    assert 0 < one < everything
    named = ask(client, "get", f"SELECT DISTINCT ?g FROM NAMED <{article}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
                "application/sparql-results+json").get_json()["results"]["bindings"]
    assert [row["g"]["value"] for row in named] == [article]
    assert parse_count(ask(client, "get", count.format(f"FROM NAMED <{article}>"),
                           "application/sparql-results+json")) == 0  # FROM NAMED alone: an empty default graph
    # the protocol's parameters take precedence over the query's FROM
    other = "https://w3id.org/conflictkg/id/graph/entities"
    overridden = parse_count(ask(client, "get", count.format(f"FROM <{article}>"), "application/sparql-results+json",
                                 **{"default-graph-uri": other}))
    assert overridden == parse_count(ask(client, "get", count.format(f"FROM <{other}>"),
                                         "application/sparql-results+json")) != one
    # a relative FROM (resolved against the endpoint's URL, a graph the store lacks), and one glued to NAMED
    assert parse_count(ask(client, "get", count.format("FROM <g>"), "application/sparql-results+json")) == 0
    assert parse_count(ask(client, "get", count.format(f"FROMNAMED<{article}>"),
                           "application/sparql-results+json")) == 0


@pytest.mark.parametrize("update", ["INSERT DATA { <http://a> <http://b> }", "DELETE WHERE", "CLEAR GRAF <http://g>"])
def test_a_malformed_update_is_a_syntax_error_before_it_is_refused(client, update):
    """Issue 22's protocol list: parse first, refuse updates after (a well-formed one is a 403: test_guard)."""
    for resp in (client.post("/sparql", data={"update": update}),
                 client.post("/sparql", data=update, content_type="application/sparql-update")):
        assert resp.status_code == 400 and "syntax error" in resp.get_data(as_text=True).lower()


def test_syntax_error_is_400_with_the_parser_message(client):
    resp = ask(client, "get", "SELECT ?x WHERE { ?x ")
    assert resp.status_code == 400 and "syntax error" in resp.get_data(as_text=True).lower()


def test_missing_query_and_unacceptable_format(client):
    assert client.get("/sparql", query_string={"format": "json"}).status_code == 400  # parameters, no query
    assert client.post("/sparql", data={"format": "json"}).status_code == 400
    assert ask(client, "get", COUNT_EVENTS, "image/png").status_code == 406
    assert ask(client, "get", COUNT_EVENTS, format="pdf").status_code == 406
    assert client.post("/sparql", data="x", content_type="text/plain").status_code == 415


def test_a_form_post_runs_the_query_of_its_form_not_of_its_url(client):
    resp = client.post("/sparql", query_string={"query": "ASK { FILTER(false) }"},
                       data={"query": "ASK { FILTER(true) }"}, headers={"Accept": "application/sparql-results+json"})
    assert resp.get_json()["boolean"] is True
    resp = client.post("/sparql", query_string={"query": "ASK {}"}, data={"format": "json"})
    assert resp.status_code == 400  # a form without its query: the URL's is not taken instead


@pytest.mark.parametrize("form", ["get", "form", "direct"])
def test_default_and_named_graph_parameters(client, form):
    article = "https://w3id.org/conflictkg/id/graph/article/002_6bd9ab7bde165c5e"
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    named = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"

    def run(query, **params):
        headers = {"Accept": "application/sparql-results+json"}
        if form == "get":
            resp = client.get("/sparql", query_string={"query": query, **params}, headers=headers)
        elif form == "form":
            resp = client.post("/sparql", data={"query": query, **params}, headers=headers)
        else:
            resp = client.post("/sparql", data=query, content_type="application/sparql-query", headers=headers,
                               query_string=params)
        assert resp.status_code == 200, resp.get_data(as_text=True)
        return resp.get_json()["results"]["bindings"]

    everything = int(run(count)[0]["n"]["value"])
    one = int(run(count, **{"default-graph-uri": article})[0]["n"]["value"])
    assert 0 < one < everything
    assert [r["g"]["value"] for r in run(named, **{"named-graph-uri": article})] == [article]
    assert client.get("/sparql", query_string={"query": count, "default-graph-uri": "not an iri"}).status_code == 400


@pytest.mark.parametrize("accept, count_rows", [
    ("application/sparql-results+json", lambda r: len(r.get_json()["results"]["bindings"])),
    ("application/sparql-results+xml", lambda r: r.get_data(as_text=True).count("<result>")),
    ("text/csv", lambda r: len(r.get_data(as_text=True).strip().splitlines()) - 1),
    ("text/tab-separated-values", lambda r: len(r.get_data(as_text=True).strip().splitlines()) - 1),
])
def test_results_are_capped_and_the_cap_reported(make_client, accept, count_rows):
    client = make_client(ROW_LIMIT=7)
    resp = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"Accept": accept})
    assert resp.status_code == 200 and count_rows(resp) == 7
    assert resp.headers["X-Result-Truncated"] == "true" and resp.headers["X-Result-Limit"] == "7"
    small = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"},
                       headers={"Accept": accept})
    assert count_rows(small) == 3 and "X-Result-Truncated" not in small.headers


def test_graph_results_are_capped_too(make_client):
    from rdflib import Graph
    client = make_client(ROW_LIMIT=7)
    resp = client.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                      headers={"Accept": "application/n-triples"})
    assert len(Graph().parse(data=resp.data, format="nt")) == 7 and resp.headers["X-Result-Truncated"] == "true"


@pytest.mark.parametrize("params, status", [
    ({"query": "SELECT ?x WHERE { ?x"}, 400),
    ({"query": "SELECT * WHERE { ?s ?p ?o }", "format": "pdf"}, 406),
    ({"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": "not an iri"}, 400),
    ({"query": "SELECT * WHERE { ?s ?p ?o }", "named-graph-uri": "http://a b"}, 400),
    ({"query": "SELECT (1/0 AS ?x) WHERE {}"}, 200),  # an error in an expression is unbound, not a failure
    ({"query": "ASK { }", "format": "turtle"}, 200),  # a hint: a boolean has no graph format, so Accept decides
    ({"query": "\x00\x01"}, 400),
])
def test_bad_input_is_a_helpful_4xx(make_client, params, status):
    client = make_client()
    resp = client.get("/sparql", query_string=params)
    assert resp.status_code == status, resp.get_data(as_text=True)
    assert "Traceback" not in resp.get_data(as_text=True)


@settings(max_examples=int(os.environ.get("CONFLICTKG_FUZZ_EXAMPLES", "150")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.one_of(st.text(max_size=200), st.sampled_from([
           "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "ASK { ?s ?p ?o }", "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 2",
           "DESCRIBE <http://x>", "SELECT * WHERE { ?s ?p ?o FILTER(REGEX(?o, '(a+)+$')) } LIMIT 1"])),
       fmt=st.one_of(st.none(), st.text(max_size=20), st.sampled_from(["json", "xml", "csv", "tsv", "turtle"])),
       accept=st.one_of(st.none(), st.text(max_size=40), st.sampled_from(["*/*", "text/html", "image/png"])),
       graph=st.one_of(st.none(), st.text(max_size=30)))
def test_fuzzed_requests_never_fail_the_server(client, query, fmt, accept, graph):
    params = {"query": query}
    if fmt is not None:
        params["format"] = fmt
    if graph is not None:
        params["default-graph-uri"] = graph
    headers = {"Accept": accept} if accept is not None else {}
    try:
        resp = client.get("/sparql", query_string=params, headers=headers)
    except ValueError:  # the test client itself refuses a header value (a newline): no request was made
        return
    assert resp.status_code < 500, (resp.status_code, resp.get_data(as_text=True)[:300])
    assert "Traceback" not in resp.get_data(as_text=True)
