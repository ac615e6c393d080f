"""conflictkg.remote: what only a remote store has: writes through the Graph Store Protocol, a server whose default graph is not
the union, a server that is down, credentials kept out of messages. (Everything else a store does is tested on
both backends: see conftest.)"""
from __future__ import annotations

import gc

import pytest
from click.testing import CliRunner

from conflictkg.backends import open_store, store_location
from conflictkg.cli import main
from conflictkg.pipeline import load, revalidate
from conflictkg.remote import RemoteEndpoints, RemoteStore, RemoteStoreError

from .conftest import OxigraphServer


@pytest.fixture()
def server(tmp_path):
    made = []

    def start(**options):
        made.append(OxigraphServer(tmp_path / f"oxigraph{len(made)}", **options))
        return made[-1]

    yield start
    for s in made:
        s.stop()


def test_loading_through_the_graph_store_protocol(server, samples, tmp_path):
    url = server().url
    endpoints = RemoteEndpoints(query=url + "/query", graph_store=url + "/store")
    with RemoteStore(endpoints) as store:
        report = load([samples], store, progress=False)
        assert len(report.loaded) == 2 and revalidate(store) == []
        assert len(list(store.article_graphs())) == 2
        version = store.version()
        assert version["version"] != "unstamped" and version["modified"]
    result = CliRunner().invoke(main, ["dump", "--store", url + "/query", "--format", "nquads", "-o",
                                       str(tmp_path / "d.nq")])
    assert result.exit_code == 0
    assert sum(1 for _ in open(tmp_path / "d.nq")) == RemoteStore(endpoints, read_only=True).triple_count()


def test_a_server_whose_default_graph_is_not_the_union_is_refused(server, samples, tmp_path):
    s = server(union_default_graph=False)
    result = CliRunner().invoke(main, ["load", "--quiet", "--store", s.url + "/query", "--update-endpoint",
                                       s.url + "/update", str(samples)])
    assert result.exit_code != 0 and "not the union of its named graphs" in result.output
    assert "--union-default-graph" in result.output


def test_a_store_that_cannot_be_reached_is_a_clear_error(samples, tmp_path):
    down = "http://127.0.0.1:9/query"
    result = CliRunner().invoke(main, ["load", "--quiet", "--store", down, "--update-endpoint",
                                       "http://127.0.0.1:9/update", str(samples)])
    assert result.exit_code != 0 and "cannot reach the store at http://127.0.0.1:9" in result.output
    result = CliRunner().invoke(main, ["load", "--quiet", "--store", down, str(samples)])
    assert result.exit_code != 0 and "SPARQL Update endpoint or its Graph Store Protocol endpoint" in result.output

    from conflictkg.web import close_app, create_app
    app = create_app({"STORE": down, "DUMPS": str(tmp_path / "dumps"), "TESTING": True})
    try:
        resp = app.test_client().get("/sparql", query_string={"query": "ASK {}"})
        assert resp.status_code == 502 and "cannot reach the store" in resp.get_data(as_text=True)
    finally:
        close_app(app)
        gc.collect()


def test_credentials_come_from_settings_and_stay_out_of_messages(monkeypatch):
    monkeypatch.setenv("CONFLICTKG_STORE_PASSWORD", "s3cret")
    settings = {"STORE": "https://db.example.org/sparql", "STORE_UPDATE": "https://db.example.org/sparql-auth",
                "STORE_GRAPH_STORE": "", "STORE_USER": "dba", "STORE_PASSWORD": "s3cret", "STORE_AUTH": "digest"}
    location = store_location(settings)
    assert location.user == "dba" and location.digest and location.update.endswith("/sparql-auth")
    assert "s3cret" not in repr(location)
    store = open_store(location)
    assert store._session.auth.username == "dba"
    with pytest.raises(ValueError, match="basic or digest"):
        store_location({**settings, "STORE_AUTH": "kerberos"})
    with pytest.raises(RemoteStoreError, match="read-only here"):
        open_store(RemoteEndpoints(query="https://db.example.org/sparql"))


def test_virtuoso_blank_nodes_and_geometry_are_read_as_conflictkg_wrote_them():
    """Virtuoso writes blank nodes as nodeID://bN in JSON results and types WKT points as its own geometry."""
    import io

    import pyoxigraph as ox

    from conflictkg.remote import WKT_LITERAL, _as_stored, _VirtuosoBlankNodes

    body = (b'{ "head": { "link": [], "vars": ["s", "o"] },\n'
            b'  "results": { "distinct": false, "ordered": true, "bindings": [\n'
            b'    { "s": { "type": "bnode", "value": "nodeID://b10001" }\t, "o": { "type": "literal", '
            b'"value": "said \\"nodeID://x\\"" }},\n'
            b'    { "s": { "type": "uri", "value": "http://ex/p#geometry" }\t, "o": { "type": "typed-literal", '
            b'"datatype": "http://www.openlinksw.com/schemas/virtrdf#Geometry", "value": "POINT(36.6 35.9)" }} ] } }')
    rows = list(ox.parse_query_results(_VirtuosoBlankNodes(io.BufferedReader(io.BytesIO(body))),
                                       format=ox.QueryResultsFormat.JSON))
    assert rows[0]["s"] == ox.BlankNode("b10001") and rows[0]["o"].value == 'said "nodeID://x"'
    assert _as_stored(rows[1]["o"]) == ox.Literal("POINT(36.6 35.9)", datatype=WKT_LITERAL)
    assert _as_stored(rows[0]["o"]) == rows[0]["o"]
