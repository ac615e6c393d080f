"""The ontology's documentation page: its classes, properties and concept schemes, with their alignments to
SEM, PROV-O, schema.org, GeoSPARQL, OWL-Time, GAF and ACLED, read from ontology/conflictkg.ttl."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from .resources import ontology_graph
from .vocab import CKG, ONTOLOGY_IRI, PREFIXES


@dataclass
class Term:
    iri: str
    name: str  # the local name, also the page anchor
    label: str
    comment: str
    kinds: list[str] = field(default_factory=list)
    relations: list[tuple[str, list[str]]] = field(default_factory=list)  # (relation, [IRI, ...])


@dataclass
class OntologyDoc:
    iri: str
    title: str
    version: str
    license: str
    classes: list[Term]
    properties: list[Term]
    concepts: list[Term]
    acled: list[Term]  # ACLED's sub-event types, which the event classes match (at .../ontology/acled#)


ACLED = str(ONTOLOGY_IRI) + "/acled#"


def short(iri: str) -> str:
    """A compact name for an IRI: prefix:local for the known namespaces."""
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


@lru_cache(maxsize=1)
def documentation() -> OntologyDoc:
    g = ontology_graph()
    o = URIRef(str(ONTOLOGY_IRI))
    relations = (("subclass of", RDFS.subClassOf), ("equivalent class", OWL.equivalentClass),
                 ("subproperty of", RDFS.subPropertyOf), ("equivalent property", OWL.equivalentProperty),
                 ("domain", RDFS.domain), ("range", RDFS.range), ("inverse of", OWL.inverseOf),
                 ("broader", SKOS.broader), ("in scheme", SKOS.inScheme), ("close match", SKOS.closeMatch),
                 ("exact match", SKOS.exactMatch), ("see also", RDFS.seeAlso))

    def term(s: URIRef) -> Term:
        name = str(s).split("#", 1)[-1]
        kinds = sorted(short(str(t)) for t in g.objects(s, RDF.type))
        rels = [(label, sorted(str(x) for x in g.objects(s, p) if isinstance(x, URIRef))) for label, p in relations]
        return Term(str(s), name, str(g.value(s, RDFS.label) or g.value(s, SKOS.prefLabel) or name),
                    str(g.value(s, RDFS.comment) or g.value(s, SKOS.definition) or ""), kinds,
                    [(label, iris) for label, iris in rels if iris])

    def ours(kind, namespace: str = str(CKG)) -> list[Term]:
        return sorted((term(s) for s in set(g.subjects(RDF.type, kind))
                       if isinstance(s, URIRef) and str(s).startswith(namespace)), key=lambda t: t.name.lower())

    acled = ours(SKOS.Concept, ACLED) + ours(SKOS.ConceptScheme, ACLED)
    for t in acled:  # the way back: which of ours match it
        matched = sorted(str(c) for c in g.subjects(SKOS.closeMatch, URIRef(t.iri)))
        if matched:
            t.relations.append(("close match of", matched))

    properties = {t.iri: t for kind in (OWL.ObjectProperty, OWL.DatatypeProperty) for t in ours(kind)}
    return OntologyDoc(str(o), str(g.value(o, DCTERMS.title) or "ConflictKG ontology"),
                       str(g.value(o, OWL.versionInfo) or ""), str(g.value(o, DCTERMS.license) or ""),
                       ours(OWL.Class), sorted(properties.values(), key=lambda t: t.name.lower()),
                       ours(SKOS.Concept) + ours(SKOS.ConceptScheme), acled)


def acled_graph() -> Graph:
    """ACLED's sub-event types as the ontology states them, and the classes that match them."""
    g, found = ontology_graph(), Graph()
    for s, p, o in g:
        if str(s).startswith(ACLED) or (p == SKOS.closeMatch and str(o).startswith(ACLED)):
            found.add((s, p, o))
    for prefix, ns in PREFIXES.items():
        found.bind(prefix, ns)
    found.bind("acled", ACLED)
    return found


def ontology_turtle() -> bytes:
    graph: Graph = ontology_graph()
    return graph.serialize(format="turtle").encode("utf-8")
