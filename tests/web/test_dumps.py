"""conflictkg.web.dumps: /dumps/: the published dumps, listed with size and checksum, downloaded and parsed back to the
store; a server never writes them, and says what to run when there are none."""
from __future__ import annotations

import gc
import gzip
import hashlib

import pytest
from rdflib import Dataset, Graph

from conflictkg.dumps import DUMPS
from conflictkg.formats import rdf_format

from ..endpoint import triples_in


@pytest.mark.parametrize("name", DUMPS)
def test_dumps_download(client, name):
    fmt, compressed = DUMPS[name]
    resp = client.get(f"/dumps/{name}")
    assert resp.status_code == 200
    data = gzip.decompress(resp.data) if compressed else resp.data
    assert triples_in(data, rdf_format(fmt)) > 1000
    assert client.get("/dumps/other.ttl").status_code == 404


def test_dumps_listed_with_size_and_checksum_reparse_to_the_store(client, backend, sample_store):
    listing = client.get("/dumps/", headers={"Accept": "application/json"}).get_json()
    by_name = {d["name"]: d for d in listing["dumps"]}
    assert set(by_name) == {"conflictkg.ttl", "conflictkg.nt.gz", "conflictkg.trig", "conflictkg.nq.gz"}
    bodies = {}
    for name, d in by_name.items():
        resp = client.get(f"/dumps/{name}")
        assert len(resp.data) == d["bytes"] and hashlib.sha256(resp.data).hexdigest() == d["sha256"]
        assert resp.headers["ETag"].strip('"') == d["sha256"]
        bodies[name] = gzip.decompress(resp.data) if d["gzip"] else resp.data
    union = Graph().parse(data=bodies["conflictkg.ttl"], format="turtle")
    assert len(Graph().parse(data=bodies["conflictkg.nt.gz"], format="nt")) == len(union)
    quads = Dataset().parse(data=bodies["conflictkg.nq.gz"], format="nquads")
    trig = Dataset().parse(data=bodies["conflictkg.trig"], format="trig")
    stored = backend.open(sample_store, read_only=True)
    assert sum(1 for _ in quads.quads()) == sum(1 for _ in trig.quads()) == stored.triple_count()
    distinct = int(next(iter(stored.query(
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")))["n"].value)
    assert len(union) == distinct
    page = client.get("/dumps/", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert by_name["conflictkg.ttl"]["sha256"] in page


def test_the_server_never_writes_dumps_and_says_what_to_run(backend, sample_store, tmp_path):
    from conflictkg.web import close_app, create_app
    app = create_app({**backend.app_config(sample_store), "DUMPS": str(tmp_path / "unpublished"), "TESTING": True})
    try:
        client = app.test_client()
        for path in ("/dumps/", "/dumps/conflictkg.ttl", "/.well-known/void"):
            resp = client.get(path)
            assert resp.status_code == 503 and "conflictkg publish" in resp.get_data(as_text=True), path
        assert client.get("/sparql").status_code == 200  # the service description, without a triple count
        assert not (tmp_path / "unpublished").exists()
    finally:
        close_app(app)
        gc.collect()
