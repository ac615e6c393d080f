"""conflictkg.inference: the entailments materialised for an article are the ones owlrl computes with the ontology."""
from __future__ import annotations

import owlrl
from rdflib import Graph
from rdflib.namespace import OWL, RDF

from conflictkg.inference import NOISE_OBJECTS, entailments

from .conftest import BASE


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
