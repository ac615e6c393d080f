"""conflictkg.lookup: values bound through pyoxigraph's terms, the vocabulary's prefixes, labels, local names."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from conflictkg.lookup import bound, label_of, local_name, select
from conflictkg.store import ConflictStore
from conflictkg.vocab import CKG

EVENT = "https://w3id.org/conflictkg/id/event/e1"


@pytest.fixture()
def store(tmp_path):
    made = ConflictStore(tmp_path / "store")
    graph = ox.NamedNode("https://w3id.org/conflictkg/id/graph/article/a1")
    made.store.extend([
        ox.Quad(ox.NamedNode(EVENT), ox.NamedNode(str(CKG) + "place"), ox.NamedNode("http://sws.geonames.org/1/"),
                graph),
        ox.Quad(ox.NamedNode("http://sws.geonames.org/1/"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                ox.Literal("Tadmur"), graph)])
    return made


def test_select_reads_with_the_vocabulary_s_prefixes_and_bound_values(store):
    rows = select(store, "SELECT ?p WHERE { ?e ckg:place ?p }", e=EVENT)
    assert [r["p"].value for r in rows] == ["http://sws.geonames.org/1/"]
    assert select(store, "SELECT ?p WHERE { ?e ckg:place ?p }", e=EVENT + "-other") == []


@pytest.mark.parametrize("hostile", ["x> } ; DROP ALL #", "https://a.example/> . ?s ?p ?o . <x", "no iri"])
def test_a_value_that_is_no_iri_is_refused_not_pasted(hostile):
    with pytest.raises(ValueError):
        bound("SELECT ?p WHERE { ?e ckg:place ?p }", e=hostile)


def test_a_literal_is_bound_as_pyoxigraph_writes_it():
    query = bound("ASK { ?x rdfs:label ?l }", l=ox.Literal('say "hi" } #'))
    assert query.startswith('ASK { VALUES ?l { "say \\"hi\\" } #" } ')


def test_a_label_or_else_the_local_name(store):
    assert label_of(store, "http://sws.geonames.org/1/") == "Tadmur"
    assert label_of(store, EVENT) == "e1"


@pytest.mark.parametrize("iri, name", [("https://w3id.org/conflictkg/ontology#AirStrike", "AirStrike"),
                                       ("http://sws.geonames.org/170063/", "170063"),
                                       ("https://w3id.org/conflictkg/id/event/e1", "e1")])
def test_local_names_of_strings_and_terms(iri, name):
    assert local_name(iri) == local_name(ox.NamedNode(iri)) == name
