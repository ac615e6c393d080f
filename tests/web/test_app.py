"""conflictkg.web (create_app): CORS on every path for reads, and the preflight of a SPARQL query POST."""
from __future__ import annotations


def test_cors_for_reads_and_the_preflight_of_a_sparql_query_post(client):
    preflight = client.options("/sparql", headers={
        "Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "content-type" in preflight.headers["Access-Control-Allow-Headers"].lower()
    resp = client.post("/sparql", data="ASK { ?s ?p ?o }", content_type="application/sparql-query",
                       headers={"Origin": "https://yasgui.example", "Accept": "application/sparql-results+json"})
    assert resp.headers["Access-Control-Allow-Origin"] == "*" and resp.get_json()["boolean"] is True
    for path in ("/.well-known/void", "/dumps/", "/ontology"):
        assert client.get(path, headers={"Origin": "https://x.example"}).headers["Access-Control-Allow-Origin"] == "*"
