"""Namespaces of the ontology and the vocabularies it aligns with, and the instance IRI scheme."""
from __future__ import annotations

import hashlib
import re

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from .terms import EventType, Outcome, Qualifier, VictimGroup

CKG = Namespace("https://w3id.org/conflictkg/ontology#")
ONTOLOGY_IRI = URIRef("https://w3id.org/conflictkg/ontology")
DEFAULT_BASE = "https://w3id.org/conflictkg/id/"

SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
TIME = Namespace("http://www.w3.org/2006/time#")
GAF = Namespace("http://groundedannotationframework.org/gaf#")
WD = Namespace("http://www.wikidata.org/entity/")
QB = Namespace("http://purl.org/linked-data/cube#")  # the RDF Data Cube, the statistics' vocabulary

PREFIXES = {
    "ckg": str(CKG), "dcterms": str(DCTERMS), "rdf": str(RDF), "rdfs": str(RDFS),
    "skos": str(SKOS), "owl": str(OWL), "xsd": str(XSD), "sem": str(SEM), "prov": str(PROV),
    "schema": str(SCHEMA), "geo": str(GEO), "time": str(TIME), "gaf": str(GAF), "wd": str(WD), "qb": str(QB),
}

# The contract's terms by local name (conflictkg.terms): the twelve event types, outcomes, groups, qualifiers.
EVENT_TYPES = tuple(EventType)
OUTCOMES = tuple(Outcome)
VICTIM_GROUPS = tuple(VictimGroup)
QUALIFIERS = tuple(Qualifier)

_SAFE_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$")


def key_for(text: str) -> str:
    """A deterministic IRI-safe key for a name or identifier: itself if safe, else a slug and a hash."""
    if _SAFE_KEY.match(text):
        return text
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    return f"{slug}-{digest}" if slug else digest


def digest_key(*parts: object) -> str:
    """A deterministic key derived from content (never from load order)."""
    joined = "\x1f".join(str(p) for p in parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:16]


class Minter:
    """Mints instance IRIs under a configurable base: <base><kind>/<key>."""

    def __init__(self, base: str = DEFAULT_BASE):
        self.base = base if base.endswith("/") else base + "/"

    def iri(self, kind: str, key: str) -> URIRef:
        return URIRef(f"{self.base}{kind}/{key}")

    def article(self, identifier: str) -> URIRef:
        return self.iri("article", key_for(identifier))

    def mention(self, article: URIRef, start: int, end: int) -> URIRef:
        """GAF-style mention IRI: the article IRI with a character-range fragment."""
        return URIRef(f"{article}#char={start},{end}")

    def graph(self, *parts: str) -> URIRef:
        return URIRef(self.base + "graph/" + "/".join(parts))
