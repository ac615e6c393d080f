"""The ontology: every contract term, alignments an OWL RL reasoner can use, inference as owlrl computes it."""
from __future__ import annotations

import owlrl
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from conflictkg.inference import NOISE_OBJECTS, entailments
from conflictkg.resources import ontology_graph
from conflictkg.vocab import CKG, EVENT_TYPES, OUTCOMES, QUALIFIERS, SCHEMA, SEM, VICTIM_GROUPS
from conflictkg.loaders import read_articles
from conflictkg.graph import article_graph

CLASSES = ["Article", "ConflictEvent", "CasualtyFigure", "Mention", "Actor", "Place", *EVENT_TYPES]
PROPERTIES = ["sourceFile", "mention", "place", "startDate", "endDate", "perpetrator", "casualty", "outcome",
              "victimGroup", "count", "countQualifier", "article", "quote", "charStart", "charEnd", "source",
              "within"]
BASE = "https://w3id.org/conflictkg/id/"


@pytest.fixture(scope="module")
def onto():
    return ontology_graph()


@pytest.mark.parametrize("name", CLASSES + PROPERTIES)
def test_contract_terms_are_defined_with_label_and_comment(onto, name):
    term = CKG[name]
    assert (term, RDF.type, OWL.Class) in onto or (term, RDF.type, OWL.ObjectProperty) in onto or (
        term, RDF.type, OWL.DatatypeProperty) in onto
    assert onto.value(term, RDFS.label) and onto.value(term, RDFS.comment)


@pytest.mark.parametrize("name", OUTCOMES + VICTIM_GROUPS + QUALIFIERS)
def test_individuals_are_skos_concepts(onto, name):
    assert (CKG[name], RDF.type, URIRef("http://www.w3.org/2004/02/skos/core#Concept")) in onto


def test_within_is_transitive(onto):
    assert (CKG.within, RDF.type, OWL.TransitiveProperty) in onto


@pytest.fixture(scope="module")
def sample(samples):
    [article] = read_articles(samples / "000_6e18918302ba0ed4.txt")
    return article_graph(article)


def test_owlrl_closure_adds_aligned_triples(onto, sample):
    closure = Graph()
    closure += onto
    closure += sample
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closure)
    strike = next(sample.subjects(RDF.type, CKG.AirStrike))
    assert (strike, RDF.type, SEM.Event) in closure
    assert (strike, RDF.type, SCHEMA.Event) in closure
    assert any(closure.triples((strike, SEM.hasPlace, None)))


def test_materialised_entailments_equal_owlrl(onto, sample):
    reference = Graph()
    reference += onto
    reference += (t for t in sample if t[1] != OWL.sameAs)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(reference)
    own = {s for s in sample.subjects() if str(s).startswith(BASE)}
    expected = {t for t in reference if t[0] in own and t not in sample
                and not (t[1] == RDF.type and t[2] in NOISE_OBJECTS) and t[1] != OWL.sameAs}
    got = set(entailments(sample, BASE))
    assert got == expected, (sorted(expected - got)[:5], sorted(got - expected)[:5])
    assert not any(t in sample for t in got)
