"""conflictkg.web (create_app): CORS on every path for reads, and the preflight of a SPARQL query POST; the
security headers; absolute links from PUBLIC_URL, never from the Host header."""
from __future__ import annotations

import pytest


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


@pytest.mark.parametrize("path", ["/", "/query", "/sparql?query=ASK%7B%7D", "/ontology", "/nowhere"])
def test_hardening_8_every_response_has_the_security_headers(client, path):
    headers = client.get(path).headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"]


def test_hardening_9_links_and_redirects_never_follow_the_host_header(make_client, backend):
    client = make_client(PUBLIC_URL="https://kg.example.org/conflict", DUMPS=str(backend.folder / "sample-dumps"))
    evil = {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}
    assert client.get("/dumps", headers=evil).headers["Location"] == "https://kg.example.org/conflict/dumps/"
    for path in ("/sparql", "/.well-known/void"):
        text = client.get(path, headers={**evil, "Accept": "text/turtle"}).get_data(as_text=True)
        assert "evil.example" not in text and "https://kg.example.org/conflict/sparql" in text
    listing = client.get("/dumps/", headers={**evil, "Accept": "application/json"}).get_json()
    assert all(d["url"].startswith("https://kg.example.org/conflict/dumps/") for d in listing["dumps"])


def test_hardening_9_forwarded_headers_count_only_from_trusted_proxies(make_client):
    forwarded = {"X-Forwarded-Host": "proxy.example", "X-Forwarded-Proto": "https"}
    assert "proxy.example" not in make_client().get("/dumps", headers=forwarded).headers["Location"]
    trusted = make_client(TRUSTED_PROXIES=1).get("/dumps", headers=forwarded)
    assert trusted.headers["Location"] == "https://proxy.example/dumps/"


def test_a_public_url_that_is_not_one_is_refused(backend, sample_store):
    from conflictkg.web import create_app
    with pytest.raises(ValueError, match="PUBLIC_URL"):
        create_app({**backend.app_config(sample_store), "PUBLIC_URL": "kg.example.org"})
