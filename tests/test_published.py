"""conflictkg.published: the store as the server reads it: the dumps and the description follow a load and a publish
made while the app serves."""
from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import VOID

from conflictkg.pipeline import load
from conflictkg.publish import publish

from .conftest import BASE, write_jsonl


def test_dumps_and_description_follow_a_load_while_serving(own_store, tmp_path):
    writer, make_app = own_store
    first = write_jsonl(tmp_path / "a.jsonl", [{"id": "a1", "published": "2024-03-05", "text":
                        "Shelling killed five civilians in Kharkiv on Monday, officials said."}])
    with writer() as store:
        load([first], store, progress=False)
        publish(store, tmp_path / "dumps")
    client = make_app().test_client()
    before = client.get("/dumps/?format=json").get_json()
    triples_before = int(Graph().parse(data=client.get("/.well-known/void").data, format="turtle").value(
        URIRef(BASE + "dataset"), VOID.triples))
    second = write_jsonl(tmp_path / "b.jsonl", [{"id": "b1", "published": "2024-03-06", "text":
                         "An air strike killed 12 people in Sumy on Tuesday, the governor said."}])
    client.get("/dumps/conflictkg.ttl")  # a download under way while the next version is published
    with writer() as store:  # the command line loads while the app serves...
        load([second], store, progress=False)
    assert client.get("/dumps/").status_code == 503  # loaded, not yet published: said, not done in the request
    with writer() as store:  # ...and publishes what it loaded
        publish(store, tmp_path / "dumps")
    after = client.get("/dumps/?format=json").get_json()
    assert after["version"]["version"] != before["version"]["version"]
    assert {d["name"]: d["sha256"] for d in after["dumps"]} != {d["name"]: d["sha256"] for d in before["dumps"]}
    void = Graph().parse(data=client.get("/.well-known/void").data, format="turtle")
    assert int(void.value(URIRef(BASE + "dataset"), VOID.triples)) > triples_before
    assert "Sumy" in client.get("/dumps/conflictkg.ttl").get_data(as_text=True)
