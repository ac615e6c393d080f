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


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _triples(client) -> int | str:
    resp = client.post("/sparql", data={"query": COUNT},
                       headers={"Accept": "application/sparql-results+json"})
    return int(resp.get_json()["results"]["bindings"][0]["n"]["value"]) if resp.status_code == 200 else \
        f"{resp.status_code} {resp.get_data(as_text=True)[:200]}"


def test_hardening_6_readers_see_whole_versions_while_a_load_writes(tmp_path, samples):
    """Loads run in a process of their own while 16 clients query: every answer is the count of one version the
    loads leave (checkpoints are what readers open, never the folder being written), and none is an error."""
    import subprocess
    import sys
    from concurrent.futures import ThreadPoolExecutor

    from conflictkg.store import ConflictStore
    from conflictkg.web import close_app, create_app

    batches = [write_jsonl(tmp_path / f"batch{n}.jsonl", [
        {"id": f"b{n}-{i}", "published": "2024-03-05",
         "text": f"Shelling killed {i + 2} civilians in Kharkiv on Monday, officials said."} for i in range(6)])
        for n in range(3)]
    expected = set()
    with ConflictStore(tmp_path / "reference") as reference:  # the counts of each version, loaded the same way
        for batch in [samples, *batches]:
            load([batch], reference, progress=False)
            expected.add(int(next(iter(reference.query(COUNT)))["n"].value))
    store = tmp_path / "store"
    with ConflictStore(store) as first:
        load([samples], first, progress=False)
    app = create_app({"STORE": str(store), "DUMPS": str(tmp_path / "dumps"), "TESTING": True, "QUERY_WORKERS": 3})
    try:
        loads = subprocess.Popen([sys.executable, "-c", "import subprocess, sys; [subprocess.run([sys.executable, "
                                  "'-m', 'conflictkg.cli', 'load', '--quiet', '--no-publish', '--store', sys.argv[1], "
                                  "f], check=True) for f in sys.argv[2:]]", str(store), *map(str, batches)])
        answers = []
        with ThreadPoolExecutor(16) as pool:
            while loads.poll() is None:
                answers += pool.map(lambda _: _triples(app.test_client()), range(32))
        answers.append(_triples(app.test_client()))
    finally:
        close_app(app)
    assert loads.returncode == 0
    assert not [a for a in answers if isinstance(a, str)], answers[:5]
    assert set(answers) <= expected and answers[-1] == max(expected)
