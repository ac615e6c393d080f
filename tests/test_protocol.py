"""Plain SPARQL query requests are answered by SparqlProtocol, in front of Flask: the same answers, headers and
errors as the Flask view gives, and every request it does not take still reaches Flask."""
from __future__ import annotations

import logging

import pytest

import server
from conflictkg.protocol import INTERNAL_ERROR
from conflictkg.remote import RemoteStoreError

TITLES = """PREFIX ckg: <https://w3id.org/conflictkg/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?title WHERE { ?a a ckg:Article ; dcterms:title ?title } ORDER BY ?title"""
EVENTS = "PREFIX ckg: <https://w3id.org/conflictkg/ontology#> CONSTRUCT { ?e a ckg:AirStrike } WHERE { ?e a ckg:AirStrike }"
SAME_HEADERS = ("Content-Type", "Content-Length", "Vary", "X-Result-Rows", "X-Result-Truncated", "X-Result-Limit",
                "Access-Control-Allow-Origin", "Access-Control-Expose-Headers")


@pytest.fixture()
def flask_calls(app):
    """The requests that reached the Flask view of /sparql."""
    calls = []
    view = app.view_functions["sparql"]

    def counted():
        calls.append(1)
        return view()
    app.view_functions["sparql"] = counted
    return calls


def plain(client, form, query, **params):
    headers = {"Accept": params.pop("accept", "application/sparql-results+json")}
    if form == "get":
        return client.get("/sparql", query_string={"query": query, **params}, headers=headers)
    if form == "form":
        return client.post("/sparql", data={"query": query, **params}, headers=headers)
    return client.post("/sparql", data=query, content_type="application/sparql-query; charset=utf-8",
                       query_string=params, headers=headers)


def through_flask(client, query, **params):
    """The same request as a multipart form, which SparqlProtocol leaves to Flask."""
    headers = {"Accept": params.pop("accept", "application/sparql-results+json")}
    return client.post("/sparql", data={"query": query, **params}, content_type="multipart/form-data",
                       headers=headers)


@pytest.mark.parametrize("form", ["get", "form", "direct"])
def test_plain_requests_do_not_reach_flask(client, flask_calls, form):
    resp = plain(client, form, TITLES)
    assert resp.status_code == 200 and len(resp.get_json()["results"]["bindings"]) >= 1
    assert flask_calls == []


@pytest.mark.parametrize("query, params", [
    (TITLES, {}),
    (TITLES, {"accept": "application/sparql-results+xml"}),
    (TITLES, {"accept": "text/csv;q=0.5, text/tab-separated-values"}),
    (TITLES, {"format": "xml"}),
    (EVENTS, {"accept": "text/turtle"}),
    (TITLES, {"named-graph-uri": "https://example.org/g"}),
    ("SELECT ?x WHERE { ?x ", {}),  # syntax error: 400
    (TITLES, {"format": "yaml"}),  # unknown format: 406
    (TITLES, {"accept": "image/png"}),  # nothing acceptable: 406
    (TITLES, {"default-graph-uri": "not an iri"}),  # 400
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", {}),  # refused: 403
])
def test_plain_and_flask_answers_are_the_same(client, flask_calls, query, params):
    fast = plain(client, "form", query, **dict(params))
    assert flask_calls == []
    slow = through_flask(client, query, **dict(params))
    assert flask_calls == [1]
    assert (fast.status_code, fast.data) == (slow.status_code, slow.data)
    for name in SAME_HEADERS:
        assert fast.headers.get(name) == slow.headers.get(name), name


@pytest.mark.parametrize("request_args", [
    {"method": "GET", "query_string": "query=ASK%7B%7D&update=x"},  # an update parameter: refused by Flask
    {"method": "GET"},  # no query: the service description
    {"method": "HEAD", "query_string": "query=ASK%7B%7D"},
    {"method": "OPTIONS", "headers": {"Origin": "https://example.org", "Access-Control-Request-Method": "POST"}},
    {"method": "POST", "data": "ASK {}", "content_type": "text/plain"},  # 415
    {"method": "POST", "data": "update=CLEAR+ALL", "content_type": "application/x-www-form-urlencoded"},
    {"method": "POST", "data": "query=+++", "content_type": "application/x-www-form-urlencoded"},  # blank: 400
])
def test_other_requests_reach_flask(client, flask_calls, request_args):
    resp = client.open("/sparql", **request_args)
    assert flask_calls == [1] or request_args["method"] == "OPTIONS"  # flask_cors answers a preflight itself
    assert resp.status_code in (200, 400, 403, 415)


def test_requests_over_the_limits_are_refused_by_flask(client, flask_calls, app):
    app.config["MAX_QUERY_STRING"] = 100
    resp = client.get("/sparql", query_string={"query": "ASK {}" + " " * 200})
    assert resp.status_code == 414 and flask_calls == []  # refused before the view, by Flask
    resp = client.post("/sparql", data={"query": "ASK {}" + " " * 2_000_000})
    assert resp.status_code == 413


def test_bytes_that_are_not_utf8_are_replaced(client, flask_calls):
    resp = client.get("/sparql?query=SELECT%20(%22%FF%22%20AS%20%3Fx)%20%7B%7D",
                      headers={"Accept": "application/sparql-results+json"})
    assert resp.status_code == 200 and flask_calls == []
    assert resp.get_json()["results"]["bindings"][0]["x"]["value"] == "\ufffd"


def test_a_body_read_for_a_request_left_to_flask_is_still_there(client, flask_calls):
    resp = client.post("/sparql", data={"query": TITLES, "update": ""},
                       headers={"Accept": "application/sparql-results+json"})
    assert resp.status_code == 403 and flask_calls == [1]


def test_a_fault_in_the_plain_path_is_a_logged_500(client, monkeypatch, caplog):
    def broken(*args):
        raise RuntimeError("a bug")
    monkeypatch.setattr(server, "answer", broken)
    with caplog.at_level(logging.ERROR):
        resp = client.post("/sparql", data={"query": TITLES})
    assert resp.status_code == 500 and resp.get_data(as_text=True).strip() == INTERNAL_ERROR
    assert "a bug" not in resp.get_data(as_text=True)
    assert any(r.exc_info and "a bug" in str(r.exc_info[1]) for r in caplog.records)


def test_a_failing_remote_store_is_a_502(client, monkeypatch):
    def unreachable(*args):
        raise RemoteStoreError("the store at http://127.0.0.1:9/sparql cannot be reached")
    monkeypatch.setattr(server, "answer", unreachable)
    resp = client.get("/sparql", query_string={"query": TITLES})
    assert resp.status_code == 502 and "cannot be reached" in resp.get_data(as_text=True)
