"""Publishing like a linked-data service: the protocol's dataset parameters, the service description, CORS,
dereferenceable IRIs with content negotiation and HTML pages, the ontology, VoID / DCAT checked against the
store, dumps that re-parse and follow the store's changes, and a base IRI that is a setting."""
from __future__ import annotations

import gc
import gzip
import hashlib
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from rdflib.compare import isomorphic
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, OWL, RDF, VOID

from conflictkg.dumps import DUMPS
from conflictkg.publish import publish
from conflictkg.pipeline import load
from conflictkg.store import ConflictStore
from conflictkg.vocab import CKG, Minter

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
BASE = "https://w3id.org/conflictkg/id/"
RDF_ACCEPTS = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt",
               "application/rdf+xml": "xml"}


def select(client, query, **params):
    resp = client.get("/sparql", query_string={"query": query, **params},
                      headers={"Accept": "application/sparql-results+json"})
    assert resp.status_code == 200, resp.get_data(as_text=True)
    return resp.get_json()["results"]["bindings"]


def one_of_each_kind(client) -> dict[str, str]:
    rows = select(client, """PREFIX ckg: <https://w3id.org/conflictkg/ontology#>
        SELECT ?event ?place ?actor ?article WHERE {
          ?event ckg:place ?place ; ckg:perpetrator ?actor ; ckg:mention/ckg:article ?article } LIMIT 1""")
    return {kind: rows[0][kind]["value"] for kind in ("event", "place", "actor", "article")}


def local(iri: str) -> str:
    assert iri.startswith(BASE)
    return "/id/" + iri[len(BASE):]


# --- the endpoint ------------------------------------------------------------------------------------------------

def test_service_description_on_a_get_without_query(client):
    resp = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert resp.status_code == 200 and resp.mimetype == "text/turtle"
    g = Graph().parse(data=resp.data, format="turtle")
    service = next(g.subjects(RDF.type, SD.Service))
    assert (service, SD.endpoint, URIRef("http://localhost/sparql")) in g
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in g
    assert (service, SD.feature, SD.UnionDefaultGraph) in g
    formats = {str(f) for f in g.objects(service, SD.resultFormat)}
    assert {"http://www.w3.org/ns/formats/SPARQL_Results_JSON", "http://www.w3.org/ns/formats/SPARQL_Results_TSV",
            "http://www.w3.org/ns/formats/Turtle", "http://www.w3.org/ns/formats/JSON-LD"} <= formats
    dataset = g.value(service, SD.defaultDataset)
    assert (dataset, URIRef("http://www.w3.org/2000/01/rdf-schema#seeAlso"),
            URIRef("http://localhost/.well-known/void")) in g
    assert int(g.value(g.value(dataset, SD.defaultGraph), VOID.triples)) > 1000
    assert client.get("/sparql", headers={"Accept": "application/ld+json"}).mimetype == "application/ld+json"


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


# --- dereferenceable IRIs ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["event", "place", "actor", "article"])
def test_every_kind_of_iri_negotiates_html_and_rdf(client, kind):
    iri = one_of_each_kind(client)[kind]
    page = client.get(local(iri), headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.status_code == 200 and page.mimetype == "text/html" and "Accept" in page.headers["Vary"]
    assert iri in page.get_data(as_text=True) and 'href="/.well-known/void"' in page.get_data(as_text=True)
    for accept, fmt in RDF_ACCEPTS.items():
        resp = client.get(local(iri), headers={"Accept": accept})
        assert resp.status_code == 200 and resp.mimetype == accept
        g = Graph().parse(data=resp.data, format=fmt)
        assert (URIRef(iri), None, None) in g
    by_name = client.get(local(iri), query_string={"format": "turtle"})
    assert by_name.mimetype == "text/turtle"
    assert client.get(local(iri), headers={"Accept": "image/png"}).status_code == 406


def test_event_page_shows_its_facts_each_linked(client):
    rows = select(client, """PREFIX ckg: <https://w3id.org/conflictkg/ontology#>
        SELECT ?event WHERE { ?event ckg:casualty/ckg:count 700 ; ckg:perpetrator ?a } LIMIT 1""")
    event = rows[0]["event"]["value"]
    page = client.get(local(event)).get_data(as_text=True)
    assert "AttackOnCivilians" in page and 'href="/ontology#AttackOnCivilians"' in page
    assert 'href="/id/actor/Q2429253">Islamic State</a>' in page  # perpetrator, linked
    assert "<td>700</td>" in page and "Approximate" in page and "Civilians" in page  # the figure and qualifier
    assert "ISIS executed nearly 700 civilians" in page  # the mention's quote
    assert 'href="/id/article/002_6bd9ab7bde165c5e"' in page
    assert "2014-08-01" in page and "2014-08-31" in page


def test_place_page_links_its_larger_places_geonames_and_events(client):
    rows = select(client, """PREFIX ckg: <https://w3id.org/conflictkg/ontology#>
        PREFIX owl: <http://www.w3.org/2002/07/owl#>
        SELECT ?place WHERE { ?place owl:sameAs <https://sws.geonames.org/173480/> } LIMIT 1""")  # Al Mayadin
    page = client.get(local(rows[0]["place"]["value"])).get_data(as_text=True)
    assert "Al Mayādīn" in page and "Mayadeen" in page
    assert 'href="https://sws.geonames.org/173480/"' in page
    assert ">Syria</a>" in page  # within
    assert "POINT(" in page and "/id/event/" in page


def test_actor_page_lists_events_and_reports(client):
    page = client.get("/id/actor/Q2429253").get_data(as_text=True)
    assert "Islamic State" in page and "http://www.wikidata.org/entity/Q2429253" in page
    assert page.count('href="/id/event/') >= 1


def test_unknown_iri_is_404(client):
    assert client.get("/id/event/no-such-event").status_code == 404


def test_the_ontology_at_its_namespace(client):
    page = client.get("/ontology", headers={"Accept": "text/html"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and 'id="AirStrike"' in text and 'id="perpetrator"' in text
    assert "sem:Event" in text or "http://semanticweb.cs.vu.nl/2009/11/sem/Event" in text  # an alignment
    ttl = client.get("/ontology", headers={"Accept": "text/turtle"})
    g = Graph().parse(data=ttl.data, format="turtle")
    assert (URIRef("https://w3id.org/conflictkg/ontology"), RDF.type, OWL.Ontology) in g
    assert (CKG.AirStrike, None, None) in g


# --- dumps and the dataset description ----------------------------------------------------------------------------

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


def test_two_commands_publishing_one_version_write_its_dumps_once(backend, sample_store, tmp_path):
    """Two commands publishing the same version into one folder at once (two threads stand for two processes):
    the first writes the dumps, the other waits for it and reads its manifest."""
    store = backend.open(sample_store, read_only=True)
    written: list[str] = []
    dump_to = store.dump_to

    def slow_dump_to(path, syntax, compress):  # slow enough that both find no dumps if neither waits
        written.append(path.name)
        time.sleep(0.2)
        dump_to(path, syntax, compress)

    store.dump_to = slow_dump_to
    start = threading.Barrier(2)

    def published(_):
        start.wait()
        return publish(store, tmp_path / "dumps")

    with ThreadPoolExecutor(2) as pool:
        publications = list(pool.map(published, range(2)))
    assert sorted(written) == sorted(DUMPS)  # once each
    assert publications[0] == publications[1]
    for dump in publications[0].files:
        assert hashlib.sha256((tmp_path / "dumps" / dump.name).read_bytes()).hexdigest() == dump.sha256


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


def test_void_and_dcat_match_the_store_and_the_dumps(client):
    g = Graph().parse(data=client.get("/.well-known/void").data, format="turtle")
    dataset = URIRef(BASE + "dataset")
    assert (dataset, RDF.type, VOID.Dataset) in g and (dataset, RDF.type, DCAT.Dataset) in g
    assert (dataset, VOID.sparqlEndpoint, URIRef("http://localhost/sparql")) in g
    assert g.value(dataset, URIRef("http://purl.org/dc/terms/license")) is not None
    assert g.value(dataset, URIRef("http://purl.org/dc/terms/title")) == Literal("ConflictKG", lang="en")
    dump = Graph().parse(data=client.get("/dumps/conflictkg.ttl").data, format="turtle")
    assert int(g.value(dataset, VOID.triples)) == len(dump)
    partitions = {g.value(p, VOID["class"]): int(g.value(p, VOID.entities)) for p in g.objects(dataset, VOID.classPartition)}
    assert partitions[CKG.Article] == 2
    assert partitions[CKG.ConflictEvent] == len(set(dump.subjects(RDF.type, CKG.ConflictEvent)))
    properties = {g.value(p, VOID.property): int(g.value(p, VOID.triples)) for p in g.objects(dataset, VOID.propertyPartition)}
    assert sum(properties.values()) == len(dump) and properties[CKG.place] == len(list(dump.triples((None, CKG.place, None))))
    listing = {d["name"]: d for d in client.get("/dumps/?format=json").get_json()["dumps"]}
    distributions = list(g.objects(dataset, DCAT.distribution))
    assert len(distributions) == 4
    for dist in distributions:
        url = str(g.value(dist, DCAT.downloadURL))
        name = url.rsplit("/", 1)[1]
        assert int(g.value(dist, DCAT.byteSize)) == listing[name]["bytes"]
        assert str(g.value(dist, DCAT.mediaType)).endswith(listing[name]["mediaType"])
    geonames = next(s for s in g.objects(dataset, VOID.subset) if str(s).endswith("/links/geonames"))
    assert (geonames, RDF.type, VOID.Linkset) in g and (geonames, VOID.linkPredicate, OWL.sameAs) in g
    links = {(s, o) for s, o in dump.subject_objects(OWL.sameAs) if str(o).startswith("https://sws.geonames.org/")}
    assert int(g.value(geonames, VOID.triples)) == len(links) > 0
    at_its_iri = Graph().parse(data=client.get("/id/dataset", headers={"Accept": "text/turtle"}).data, format="turtle")
    assert isomorphic(at_its_iri, g)


# --- a store that changes, escaping, a local base --------------------------------------------------------------------

@pytest.fixture()
def own_store(tmp_path, backend, monkeypatch):
    """A store of one's own: (open it for writing, make_app) for tests that load while the app serves."""
    from conflictkg.web import create_app
    monkeypatch.setattr("conflictkg.published.VERSION_CHECK_SECONDS", 0)  # a remote store's: see each load at once
    apps = []
    location = backend.new()

    def make_app(base=BASE):
        app = create_app({**backend.app_config(location), "DUMPS": str(tmp_path / "dumps"), "BASE_IRI": base,
                          "TESTING": True})
        apps.append(app)
        return app

    def writer(minter=None):
        return backend.open(location, minter)

    yield writer, make_app
    from conflictkg.web import close_app
    for app in apps:
        close_app(app)
    gc.collect()


def write_jsonl(path, records):
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


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


def test_text_from_articles_is_escaped_in_pages(own_store, tmp_path):
    writer, make_app = own_store
    hostile = write_jsonl(tmp_path / "x.jsonl", [{
        "id": "x1", "published": "2024-03-05", "title": "<script>alert('title')</script>",
        "publisher": "<b>Bold</b> News",
        "text": "Shelling killed five civilians in Kharkiv on Monday, <script>alert(1)</script> officials said."}])
    with writer() as store:
        assert load([hostile], store, progress=False).loaded == ["x1"]
        publish(store, tmp_path / "dumps")
    client = make_app().test_client()
    for path in ("/id/article/x1", *(local(r["e"]["value"]) for r in select(
            client, "SELECT ?e WHERE { ?e a <https://w3id.org/conflictkg/ontology#Shelling> }"))):
        page = client.get(path).get_data(as_text=True)
        assert "<script>alert" not in page and "<b>Bold" not in page
        assert "&lt;script&gt;alert" in page


def test_a_local_base_iri_is_served_the_same_way(own_store, tmp_path):
    writer, make_app = own_store
    base = "http://localhost:8000/kg/"
    records = write_jsonl(tmp_path / "a.jsonl", [{"id": "a1", "published": "2024-03-05", "text":
                          "Shelling killed five civilians in Kharkiv on Monday, officials said."}])
    with writer(Minter(base)) as store:
        load([records], store, progress=False)
        publish(store, tmp_path / "dumps")
    client = make_app(base).test_client()
    [row] = select(client, "SELECT ?e WHERE { ?e a <https://w3id.org/conflictkg/ontology#Shelling> }")
    event = row["e"]["value"]
    assert event.startswith(base + "event/")
    resp = client.get("/id/" + event[len(base):], headers={"Accept": "text/turtle"})
    assert (URIRef(event), RDF.type, CKG.Shelling) in Graph().parse(data=resp.data, format="turtle")
    page = client.get("/id/" + event[len(base):]).get_data(as_text=True)
    assert 'href="/id/place/' in page and 'href="/id/article/a1' in page
    void = Graph().parse(data=client.get("/.well-known/void").data, format="turtle")
    assert (URIRef(base + "dataset"), VOID.uriSpace, Literal(base)) in void


def test_query_page_loads_nothing_from_other_hosts(client):
    import re
    page = client.get("/").get_data(as_text=True)
    assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
    assert assets and all(a.startswith("/") and not a.startswith("//") for a in assets), assets
    for asset in assets:
        assert client.get(asset).status_code == 200, asset
    assert "CodeMirror" in client.get("/static/vendor/codemirror/codemirror.js").get_data(as_text=True)


def test_relative_store_and_dumps_folders_work_from_the_current_directory(tmp_path, monkeypatch, samples):
    from conflictkg.web import create_app
    monkeypatch.chdir(tmp_path)
    with ConflictStore("data/store") as store:
        load([samples], store, progress=False)
        publish(store, "data/dumps")
    app = create_app({"STORE": "data/store", "DUMPS": "data/dumps", "TESTING": True})
    try:
        resp = app.test_client().get("/dumps/conflictkg.trig")
        assert resp.status_code == 200 and len(resp.data) > 10000
        assert (tmp_path / "data" / "dumps" / "conflictkg.trig").is_file()
    finally:
        from conflictkg.web import close_app
        close_app(app)
        gc.collect()
