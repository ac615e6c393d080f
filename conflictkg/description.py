"""What the server says about itself: a SPARQL 1.1 Service Description, and a VoID + DCAT description of the
dataset (counts, partitions, dumps, links to GeoNames and Wikidata). The counts are `Statistics`, computed
from the store once per version when it is published (conflictkg.publish); a request only puts them into RDF."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, RDFS, VOID, XSD

from .formats import GRAPH_FORMATS, RESULT_FORMATS
from .lookup import bound
from .store import GraphStore
from .vocab import CKG, PREFIXES, QB

if TYPE_CHECKING:
    from .dumps import DumpFile

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
GEONAMES_SPACE = "https://sws.geonames.org/"
WIKIDATA_SPACE = "http://www.wikidata.org/entity/"
LINKSETS = (("geonames", GEONAMES_SPACE), ("wikidata", WIKIDATA_SPACE))
COUNT_QUERIES = {
    "triples": "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }",
    "subjects": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }",
    "objects": "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }",
}


@dataclass(frozen=True)
class Site:
    """Where the description points: the dataset IRI and the URLs this server answers on."""

    dataset: str
    endpoint: str
    void: str
    dumps: str  # the folder URL, ending in /
    title: str
    license: str
    publisher: str
    base: str  # the instance IRIs' namespace (void:uriSpace)


def _bind(g: Graph) -> Graph:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    for prefix, ns in (("sd", SD), ("void", VOID), ("dcat", DCAT), ("foaf", FOAF), ("spdx", SPDX)):
        g.bind(prefix, ns)
    return g


@dataclass(frozen=True)
class Statistics:
    """The counts a VoID description gives, of the union of the graphs (each triple once)."""

    triples: int
    subjects: int
    objects: int
    entities: int  # distinct subjects under the instance base
    classes: tuple[tuple[str, int], ...]  # class IRI, instances
    properties: tuple[tuple[str, int], ...]  # property IRI, triples
    links: tuple[tuple[str, int], ...]  # linkset name (geonames, wikidata), owl:sameAs triples into it
    cubes: tuple[tuple[str, int], ...] = ()  # the statistics' data sets (conflictkg.cube), their observations

    def as_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Statistics:
        return cls(**{k: tuple(tuple(x) for x in v) if isinstance(v, list) else v for k, v in data.items()})


def statistics(store: GraphStore, base: str) -> Statistics:
    """The store's statistics: a handful of aggregate queries over the whole union (seconds at 10,000 articles)."""
    entities = store.query(bound("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o "
                                 "FILTER(isIRI(?s) && STRSTARTS(STR(?s), ?base)) }", base=ox.Literal(base)))
    classes = store.query("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c")
    properties = store.query("SELECT ?p (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } } "
                             "GROUP BY ?p ORDER BY ?p")
    return Statistics(
        triples=_count(store, COUNT_QUERIES["triples"]), subjects=_count(store, COUNT_QUERIES["subjects"]),
        objects=_count(store, COUNT_QUERIES["objects"]), entities=int(next(iter(entities))["n"].value),
        classes=tuple((r["c"].value, int(r["n"].value)) for r in classes),
        properties=tuple((r["p"].value, int(r["n"].value)) for r in properties),
        links=tuple((name, n) for name, space in LINKSETS if (n := _count_links(store, space))),
        cubes=tuple((r["ds"].value, int(r["n"].value)) for r in store.query(
            f"SELECT ?ds (COUNT(?obs) AS ?n) WHERE {{ ?obs <{QB}dataSet> ?ds }} GROUP BY ?ds ORDER BY ?ds")))


def _count(store: GraphStore, query: str) -> int:
    return int(next(iter(store.query(query)))["n"].value)


def void_description(stats: Statistics, site: Site, dumps: list[DumpFile], modified: str | None) -> Graph:
    """VoID and DCAT description of the whole dataset (the union of its graphs, each triple once)."""
    g = _bind(Graph())
    d = URIRef(site.dataset)
    g.add((d, RDF.type, VOID.Dataset))
    g.add((d, RDF.type, DCAT.Dataset))
    g.add((d, DCTERMS.title, Literal(site.title, lang="en")))
    g.add((d, DCTERMS.description, Literal(
        "Armed-conflict events extracted from news reporting: type, place, date, perpetrators, casualty figures "
        "and sources, each fact tied to the sentence that states it.", lang="en")))
    g.add((d, DCTERMS.license, URIRef(site.license)))
    publisher = BNode()
    g.add((d, DCTERMS.publisher, publisher))
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal(site.publisher)))
    if modified:
        g.add((d, DCTERMS.modified, Literal(modified, datatype=XSD.dateTime)))
    g.add((d, VOID.sparqlEndpoint, URIRef(site.endpoint)))
    g.add((d, VOID.uriSpace, Literal(site.base)))
    g.add((d, VOID.vocabulary, URIRef(str(CKG))))
    g.add((d, VOID.feature, URIRef("http://www.w3.org/ns/formats/Turtle")))
    g.add((d, VOID.triples, Literal(stats.triples)))
    g.add((d, VOID.distinctSubjects, Literal(stats.subjects)))
    g.add((d, VOID.distinctObjects, Literal(stats.objects)))
    g.add((d, VOID.entities, Literal(stats.entities)))
    g.add((d, VOID.classes, Literal(len(stats.classes))))
    for iri, n in stats.classes:
        part = BNode()
        g.add((d, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(iri)))
        g.add((part, VOID.entities, Literal(n)))
    g.add((d, VOID.properties, Literal(len(stats.properties))))
    for iri, n in stats.properties:
        part = BNode()
        g.add((d, VOID.propertyPartition, part))
        g.add((part, VOID.property, URIRef(iri)))
        g.add((part, VOID.triples, Literal(n)))
    _distributions(g, d, site, dumps)
    _linksets(g, d, site, stats)
    _cubes(g, d, site, stats)
    return g


def _cubes(g: Graph, d: URIRef, site: Site, stats: Statistics) -> None:
    """The statistics every load writes (conflictkg.cube), each an RDF Data Cube data set and a VoID subset."""
    for iri, observations in stats.cubes:
        subset = URIRef(iri)
        g.add((d, VOID.subset, subset))
        g.add((subset, RDF.type, VOID.Dataset))
        g.add((subset, RDF.type, QB.DataSet))
        g.add((subset, VOID.entities, Literal(observations)))
        g.add((subset, VOID.sparqlEndpoint, URIRef(site.endpoint)))
        g.add((subset, VOID.vocabulary, URIRef(str(QB))))
        g.add((subset, RDFS.seeAlso, URIRef(str(CKG))))
        g.add((subset, DCTERMS.description, Literal(
            "Statistics precomputed from the events at load time, as an RDF Data Cube (its structure in the "
            "ontology): the example queries of sparql/ that read them answer in milliseconds.", lang="en")))


def _distributions(g: Graph, d: URIRef, site: Site, dumps: list[DumpFile]) -> None:
    """Each dump as a void:dataDump and a dcat:Distribution with its size and checksum."""
    for dump in dumps:
        url = URIRef(site.dumps + dump.name)
        g.add((d, VOID.dataDump, url))
        dist = URIRef(url + "#distribution")
        g.add((d, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(f"{dump.name}: {'named graphs, one per article' if dump.graphs else 'all triples'}",
                                            lang="en")))
        g.add((dist, DCAT.downloadURL, url))
        g.add((dist, DCAT.mediaType, URIRef(f"https://www.iana.org/assignments/media-types/{dump.media_type}")))
        if dump.gzip:
            g.add((dist, DCAT.compressFormat, URIRef("https://www.iana.org/assignments/media-types/application/gzip")))
        g.add((dist, DCAT.byteSize, Literal(dump.bytes, datatype=XSD.nonNegativeInteger)))
        g.add((dist, DCTERMS.license, URIRef(site.license)))
        checksum = BNode()
        g.add((dist, SPDX.checksum, checksum))
        g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        g.add((checksum, SPDX.checksumValue, Literal(dump.sha256, datatype=XSD.hexBinary)))


def _linksets(g: Graph, d: URIRef, site: Site, stats: Statistics) -> None:
    """The owl:sameAs links into GeoNames and Wikidata, as VoID linksets."""
    for name, n in stats.links:
        space = dict(LINKSETS)[name]
        links = URIRef(f"{site.dataset}/links/{name}")
        g.add((d, VOID.subset, links))
        g.add((links, RDF.type, VOID.Linkset))
        g.add((links, VOID.subjectsTarget, d))
        g.add((links, VOID.objectsTarget, URIRef(space)))
        g.add((links, VOID.linkPredicate, OWL.sameAs))
        g.add((links, VOID.triples, Literal(n)))


def _count_links(store: GraphStore, space: str) -> int:
    rows = store.query(bound("SELECT (COUNT(*) AS ?n) WHERE { ?s owl:sameAs ?o FILTER(STRSTARTS(STR(?o), ?space)) }",
                             space=ox.Literal(space)), prefixes={"owl": str(OWL)})
    return int(next(iter(rows))["n"].value)


def service_description(site: Site, triples: int | None) -> Graph:
    """The SPARQL 1.1 Service Description of the endpoint."""
    g = _bind(Graph())
    s = URIRef(site.endpoint)
    g.add((s, RDF.type, SD.Service))
    g.add((s, SD.endpoint, s))
    g.add((s, SD.supportedLanguage, SD.SPARQL11Query))
    for fmt in (*RESULT_FORMATS, *GRAPH_FORMATS):
        g.add((s, SD.resultFormat, URIRef(fmt.w3c)))
    g.add((s, SD.feature, SD.UnionDefaultGraph))
    g.add((s, RDFS.label, Literal(f"{site.title} SPARQL endpoint", lang="en")))
    g.add((s, RDFS.seeAlso, URIRef(site.void)))
    d = URIRef(site.dataset)
    g.add((s, SD.defaultDataset, d))
    g.add((d, RDF.type, SD.Dataset))
    g.add((d, RDF.type, VOID.Dataset))
    g.add((d, RDFS.seeAlso, URIRef(site.void)))
    g.add((d, VOID.sparqlEndpoint, s))
    default = BNode()
    g.add((d, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    if triples is not None:  # known once the store's version is published
        g.add((default, VOID.triples, Literal(triples)))
    g.add((default, RDFS.comment, Literal("The union of all named graphs: one asserted and one inferred graph per "
                                          "article, two for the descriptions of places and actors (asserted and "
                                          "inferred), the ontology, and the statistics (an RDF Data Cube).",
                                          lang="en")))
    return g
