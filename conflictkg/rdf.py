"""The one boundary between rdflib (which builds, validates and infers an article's graph) and pyoxigraph (which
stores, queries and writes): terms converted, and the triples and quads the load stages hand each other.

`Triples` and `Quads` carry theirs as N-Triples and N-Quads written by pyoxigraph, because they cross process
boundaries: pickling 400 pyoxigraph triples costs 3.4 ms, the same triples as N-Triples 0.44 ms with the parse
back. Who receives them asks for terms (`triples()`, `quads()`), never for lines of text."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

NT = ox.RdfFormat.N_TRIPLES
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@lru_cache(maxsize=1 << 16)  # an article's graph repeats its terms; the ontology's terms repeat in every one
def to_oxigraph(term):
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def oxigraph_triples(graph: Graph | Iterable[tuple]) -> list[ox.Triple]:
    """An rdflib graph's triples (or rdflib terms' triples) as pyoxigraph's."""
    return [ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in graph]


def to_rdflib(triples: Iterable[ox.Triple | ox.Quad]) -> Graph:
    """pyoxigraph's triples (or the triples of quads) as an rdflib graph."""
    data = ox.serialize((ox.Triple(t.subject, t.predicate, t.object) for t in triples), format=NT)
    return Graph().parse(data=data.decode("utf-8"), format="nt")


@dataclass(frozen=True)
class Triples:
    """A set of triples handed from one load stage to the next."""

    ntriples: bytes = b""

    @classmethod
    def of(cls, triples: Graph | Iterable[ox.Triple]) -> Triples:
        """From an rdflib graph or pyoxigraph triples."""
        return cls(ox.serialize(oxigraph_triples(triples) if isinstance(triples, Graph) else triples, format=NT))

    def __bool__(self) -> bool:
        return bool(self.ntriples.strip())

    def triples(self) -> list[ox.Triple]:
        return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(self.ntriples, format=NT)]

    def text(self) -> str:
        """As N-Triples, which is also the triples syntax of a SPARQL update."""
        return self.ntriples.decode("utf-8")

    def split(self, prefixes: tuple[str, ...]) -> tuple[Triples, Triples]:
        """(the triples whose subject is not an IRI starting with one of the prefixes, those whose subject is)."""
        own, matched = [], []
        for t in self.triples():
            (matched if isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(prefixes)
             else own).append(t)
        return Triples.of(own), Triples.of(matched)


@dataclass(frozen=True)
class Quads:
    """Quads handed from one load stage to the next (an article's, in the graphs they are stored in)."""

    nquads: bytes = b""

    @classmethod
    def of(cls, quads: Iterable[ox.Quad]) -> Quads:
        return cls(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))

    def __bool__(self) -> bool:
        return bool(self.nquads.strip())

    def __len__(self) -> int:
        return self.nquads.count(b"\n")  # pyoxigraph writes one quad a line

    def quads(self) -> list[ox.Quad]:
        return list(ox.parse(self.nquads, format=ox.RdfFormat.N_QUADS))
