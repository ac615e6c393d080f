"""JSON-LD as people read it: one @context, made from the ontology, that gives every ConflictKG property a short key
("place", "startDate", "perpetrator"), with IRIs and dates typed so that values come out as plain strings, and the
usual prefixes for the rest; and graphs compacted with it."""
from __future__ import annotations

from functools import lru_cache

from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS

from .resources import ontology_graph
from .vocab import CKG, PREFIXES

# well-known properties from other vocabularies that pages and clients read most, under their usual short keys
COMMON = {"label": "rdfs:label", "comment": "rdfs:comment", "altLabel": "skos:altLabel", "sameAs": "owl:sameAs",
          "title": "dcterms:title", "issued": "dcterms:issued", "publisher": "dcterms:publisher",
          "creator": "dcterms:creator", "identifier": "dcterms:identifier", "language": "dcterms:language"}
IRI_VALUED = {"sameAs", "publisher", "creator"}


@lru_cache(maxsize=1)
def context() -> dict:
    """The @context: the prefixes, then a key per ConflictKG property (its local name)."""
    ontology = ontology_graph()
    terms: dict = dict(sorted(PREFIXES.items()))
    for key, iri in COMMON.items():
        terms[key] = {"@id": iri, "@type": "@id"} if key in IRI_VALUED else iri
    for prop in sorted(set(ontology.subjects(RDF.type, OWL.ObjectProperty))
                       | set(ontology.subjects(RDF.type, OWL.DatatypeProperty))):
        if not str(prop).startswith(str(CKG)):
            continue
        key = str(prop)[len(str(CKG)):]
        if (prop, RDF.type, OWL.ObjectProperty) in ontology:
            terms[key] = {"@id": f"ckg:{key}", "@type": "@id"}
        else:
            datatype = ontology.value(prop, RDFS.range)
            terms[key] = {"@id": f"ckg:{key}", "@type": _short(str(datatype))} if datatype else f"ckg:{key}"
    return terms


def compact(graph: Graph) -> bytes:
    """The graph as JSON-LD compacted with the context, which it carries inline."""
    return graph.serialize(format="json-ld", context=context(), auto_compact=True).encode("utf-8")


def _short(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri
