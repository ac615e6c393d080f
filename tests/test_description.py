"""conflictkg.description: the Service Description a GET of /sparql without a query answers, and the VoID / DCAT
description, checked against the store and the dumps."""
from __future__ import annotations

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, OWL, RDF, VOID

from conflictkg.vocab import CKG

from .conftest import BASE


SD = Namespace("http://www.w3.org/ns/sparql-service-description#")


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
