"""The ontology (ontology/conflictkg.ttl, installed as conflictkg.ontology): every contract term, and alignments an
OWL RL reasoner can use. (What conflictkg.inference materialises with it: test_inference.py.)"""
from __future__ import annotations

import owlrl
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from conflictkg.vocab import CKG, EVENT_TYPES, OUTCOMES, QUALIFIERS, SCHEMA, SEM, VICTIM_GROUPS


CLASSES = ["Article", "ConflictEvent", "CasualtyFigure", "Mention", "Actor", "Place", *EVENT_TYPES]


PROPERTIES = ["sourceFile", "mention", "place", "startDate", "endDate", "perpetrator", "casualty", "outcome",
              "victimGroup", "count", "countQualifier", "article", "quote", "charStart", "charEnd", "source",
              "within"]


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


def test_owlrl_closure_adds_aligned_triples(onto, sample):
    closure = Graph()
    closure += onto
    closure += sample
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closure)
    strike = next(sample.subjects(RDF.type, CKG.AirStrike))
    assert (strike, RDF.type, SEM.Event) in closure
    assert (strike, RDF.type, SCHEMA.Event) in closure
    assert any(closure.triples((strike, SEM.hasPlace, None)))
