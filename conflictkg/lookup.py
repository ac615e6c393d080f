"""Reading the store from the project's own code (pages, lists, exports, the dataset's description): queries
written with the vocabulary's prefixes and with every value bound through pyoxigraph's terms, never pasted into
query text; an IRI's label; a term's local name."""
from __future__ import annotations

import re

import pyoxigraph as ox

from .store import GraphStore
from .vocab import PREFIXES


def bound(sparql: str, **values) -> str:
    """The query with each variable named bound to a value (an IRI, or an ox term) by a VALUES block at the start
    of its WHERE clause. The values are written by pyoxigraph, which refuses an IRI that is not one, so nothing a
    request carries can change the query's structure."""
    terms = " ".join(f"VALUES ?{name} {{ {v if isinstance(v, (ox.Literal, ox.NamedNode)) else ox.NamedNode(v)} }}"
                     for name, v in values.items())
    return re.sub(r"(?:WHERE|ASK)\s*\{", lambda m: m.group(0) + " " + terms + " ", sparql, count=1)


def select(store: GraphStore, sparql: str, **values) -> list:
    """The rows (or triples) of a query that may use the vocabulary's prefixes (ckg:, rdfs:, skos: ...), with
    `values` bound as `bound` binds them."""
    return list(store.query(bound(sparql, **values) if values else sparql, prefixes=PREFIXES))


def label_of(store: GraphStore, iri: str) -> str:
    """The IRI's label (rdfs:label, or an article's dcterms:title), or else its local name."""
    rows = select(store, "SELECT ?l WHERE { ?x rdfs:label|dcterms:title ?l } LIMIT 1", x=iri)
    return rows[0]["l"].value if rows else local_name(iri)


def local_name(iri) -> str:
    """The last part of an IRI (a string or a term): its fragment, or else its last path segment."""
    text = iri if isinstance(iri, str) else iri.value
    return text.rsplit("#", 1)[-1].rstrip("/").rsplit("/", 1)[-1]
