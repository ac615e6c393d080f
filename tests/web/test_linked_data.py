"""conflictkg.web.linked_data: dereferenceable IRIs with content negotiation and HTML pages, the ontology at its
namespace, text from articles escaped in pages, and a base IRI that is a setting."""
from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, VOID

from conflictkg.pipeline import load
from conflictkg.publish import publish
from conflictkg.vocab import CKG, Minter

from ..conftest import BASE, write_jsonl


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


ODD = ["a%20b", "%3E", "%00", "x%22y", "%5C", "%60", "%7C", "%5E", "%C0%AE", "%FF%FE"]


@pytest.mark.parametrize("rest", [f"article/{odd}" for odd in ODD] + ["%7B%7D"])
def test_hardening_10_an_odd_iri_is_a_404(client, rest):
    assert client.get(f"/id/{rest}", headers={"Accept": "text/html"}).status_code == 404
    assert client.get(f"/id/{rest}", headers={"Accept": "text/turtle"}).status_code == 404


def test_hardening_7_pages_link_only_web_urls(app):
    link = app.jinja_env.from_string("{{ 'link' if u is web_url else 'text' }}")
    assert link.render(u="https://example.org/a") == "link"
    assert {link.render(u=u) for u in ("javascript:alert(1)", "JaVaScRiPt:x", "data:text/html,x")} == {"text"}


BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def test_an_unknown_iri_is_a_page_for_a_browser_and_plain_text_for_a_script(client):
    page = client.get("/id/event/0000000000000000", headers={"Accept": BROWSER})
    assert page.status_code == 404 and page.mimetype == "text/html" and "Not found" in page.get_data(as_text=True)
    assert 'href="/events/"' in page.get_data(as_text=True)
    plain = client.get("/id/event/0000000000000000", headers={"Accept": "*/*"})
    assert plain.status_code == 404 and plain.mimetype == "text/plain"
    assert client.get("/no/such/path", headers={"Accept": BROWSER}).mimetype == "text/html"


def test_the_ontology_s_acled_links_resolve(client):
    import re
    ontology = client.get("/ontology").get_data(as_text=True)
    links = set(re.findall(r'href="/ontology/acled#([A-Za-z]+)"', ontology))
    assert "AirDroneStrike" in links
    page = client.get("/ontology/acled", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert links <= set(re.findall(r'<section id="([A-Za-z]+)"', page))
    assert 'href="/ontology#AirStrike"' in page  # and back to the class that matches it
    g = Graph().parse(data=client.get("/ontology/acled", headers={"Accept": "text/turtle"}).data, format="turtle")
    acled = "https://w3id.org/conflictkg/ontology/acled#"
    assert (URIRef(str(CKG.AirStrike)), URIRef("http://www.w3.org/2004/02/skos/core#closeMatch"),
            URIRef(acled + "AirDroneStrike")) in g


def test_an_event_s_rdf_names_its_place_perpetrators_and_sources(client):
    from rdflib.namespace import RDFS
    iri = one_of_each_kind(client)["event"]
    g = Graph().parse(data=client.get(local(iri), headers={"Accept": "text/turtle"}).data, format="turtle")
    event = URIRef(iri)
    for named in (*g.objects(event, CKG.place), *g.objects(event, CKG.perpetrator),
                  *(s for m in g.objects(event, CKG.mention) for s in g.objects(m, CKG.source))):
        assert g.value(named, RDFS.label) is not None, named


def test_named_graph_iris_dereference_to_their_contents_and_provenance(client):
    from rdflib.namespace import PROV
    graph = BASE + "graph/article/002_6bd9ab7bde165c5e"
    page = client.get(local(graph), headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "Triples" in page and 'href="/id/article/002_6bd9ab7bde165c5e"' in page
    assert f'href="{local(graph)}/inferred"' in page
    g = Graph().parse(data=client.get(local(graph), headers={"Accept": "text/turtle"}).data, format="turtle")
    assert (URIRef(graph), PROV.wasDerivedFrom, URIRef(BASE + "article/002_6bd9ab7bde165c5e")) in g
    assert (URIRef(BASE + "article/002_6bd9ab7bde165c5e"), RDF.type, CKG.Article) in g
    inferred = Graph().parse(data=client.get(local(graph) + "/inferred", headers={"Accept": "text/turtle"}).data,
                             format="turtle")
    assert (URIRef(graph + "/inferred"), PROV.wasDerivedFrom, URIRef(graph)) in inferred
    entities = client.get(local(BASE + "graph/entities"), headers={"Accept": "application/n-triples"})
    assert entities.status_code == 200 and len(Graph().parse(data=entities.data, format="nt")) > 10
    assert client.get(local(BASE + "graph/article/nothing"), headers={"Accept": "text/turtle"}).status_code == 404


def test_json_ld_is_compact_with_a_context_and_the_same_graph(client):
    import json
    from rdflib.compare import isomorphic
    iri = one_of_each_kind(client)["event"]
    resp = client.get(local(iri), headers={"Accept": "application/ld+json"})
    data = json.loads(resp.data)
    assert data["@context"]["place"] == {"@id": "ckg:place", "@type": "@id"}
    event = next(node for node in data["@graph"] if node["@id"] == iri)
    assert "place" in event and "mention" in event  # short keys, not IRIs
    turtle = client.get(local(iri), headers={"Accept": "text/turtle"}).data
    assert isomorphic(Graph().parse(data=resp.data, format="json-ld"), Graph().parse(data=turtle, format="turtle"))
    shared = client.get("/context.jsonld").get_json()
    assert shared["@context"] == data["@context"]
