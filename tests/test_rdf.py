"""conflictkg.rdf: the triples the load stages hand each other, and the conversions between rdflib and pyoxigraph."""
from __future__ import annotations

import pickle

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from conflictkg.rdf import Quads, Triples, to_oxigraph, to_rdflib

EX = Namespace("http://example.org/")


def sample() -> Graph:
    graph = Graph()
    graph.add((EX.place1, EX.label, Literal("Kharkiv", lang="uk")))
    graph.add((EX.event, EX.place, EX.place1))
    graph.add((EX.event, EX.number, Literal(3)))
    graph.add((EX.event, EX.quote, Literal('a "quoted"\nline\twith tabs')))
    graph.add((BNode("b1"), EX.about, EX.event))
    return graph


def test_triples_keep_every_term_through_a_process_boundary():
    triples = pickle.loads(pickle.dumps(Triples.of(sample())))
    assert isomorphic(to_rdflib(triples.triples()), sample())
    assert not Triples() and Triples.of(sample())


def test_terms_convert_both_ways():
    assert to_oxigraph(Literal("3", datatype=EX.type)) == ox.Literal("3", datatype=ox.NamedNode(EX.type))
    assert to_oxigraph(Literal("x", lang="en")) == ox.Literal("x", language="en")
    assert to_oxigraph(URIRef(EX.a)) == ox.NamedNode(EX.a)


def test_split_by_the_subject_s_iri_never_by_text():
    graph = sample()
    graph.add((EX.event, EX.note, Literal(f"<{EX.place}> is not a subject")))
    own, matched = Triples.of(graph).split((str(EX.place),))
    assert {t.subject.value for t in matched.triples()} == {str(EX.place1)}
    assert len(own.triples()) == len(graph) - 1


def test_quads_cross_as_n_quads_and_come_back_as_terms():
    graph = ox.NamedNode("http://example.org/g")
    quads = [ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), graph) for s, p, o in sample()]
    carried = Quads.of(quads)
    assert sorted(map(str, carried.quads())) == sorted(map(str, quads)) and carried and not Quads()
