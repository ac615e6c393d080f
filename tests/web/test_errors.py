"""conflictkg.web.errors: request sizes are bounded: a body over the limit is a 413, a query string over it a 414
that says to POST."""
from __future__ import annotations

from ..endpoint import COUNT, JSON


def test_request_sizes_are_bounded(make_client):
    client = make_client(MAX_BODY_BYTES=10_000, MAX_QUERY_STRING=2_000)
    padding = "#" + "x" * 20_000 + "\n"
    resp = client.post("/sparql", data=padding + COUNT, content_type="application/sparql-query", headers=JSON)
    assert resp.status_code == 413
    resp = client.get("/sparql", query_string={"query": "#" + "x" * 3_000 + "\n" + COUNT}, headers=JSON)
    assert resp.status_code == 414 and "POST" in resp.get_data(as_text=True)
    assert client.get("/sparql", query_string={"query": COUNT}, headers=JSON).status_code == 200
