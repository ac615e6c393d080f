"""OWL RL entailments of an article graph with the ontology, kept to new triples about the article's resources.

owlrl computes the closure of the ontology once (every class's superclasses, every property's
superproperties, domains, ranges and transitivity, including what the alignments add); an article's
entailments are then the instance rules of OWL RL over that closed schema (cax-sco, prp-spo1, prp-dom,
prp-rng, prp-trp), which is what owlrl's full closure adds about the article's resources, minus owl:sameAs
rewriting (a link to GeoNames or Wikidata must not make a second place or perpetrator). The test suite
compares the two on a sample article.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import owlrl
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from .cache import cached
from .resources import ontology_graph, ontology_path

TYPE, SAME_AS = RDF.type, OWL.sameAs  # read once: an rdflib namespace's attribute costs a call
# Triples every resource gets under OWL RL; they say nothing a user would query for.
NOISE_OBJECTS = {OWL.Thing, RDFS.Resource, OWL.NamedIndividual}


@dataclass(frozen=True)
class Schema:
    """The ontology's closed schema: what each class and property entails."""

    superclasses: dict
    superproperties: dict
    domains: dict
    ranges: dict
    transitive: frozenset


def closed_ontology() -> Graph:
    """The ontology with its OWL RL closure (owlrl), axiomatic noise left out."""
    g = ontology_graph()
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(g)
    return g


@lru_cache(maxsize=1)
def schema() -> Schema:
    """The closed schema: computed once (owlrl takes about 0.4 s), then read from the cache (conflictkg.cache)
    by every process that prepares articles. It is computed again when the ontology, owlrl or this module
    changes."""
    sources = (ontology_path().read_bytes(), owlrl.__version__, Path(__file__).read_bytes())
    return cached("schema", sources, _closed_schema)


def _closed_schema() -> Schema:
    g = closed_ontology()

    def table(prop):
        out: dict = {}
        for s, o in g.subject_objects(prop):
            if isinstance(s, URIRef) and isinstance(o, URIRef) and s != o and o not in NOISE_OBJECTS:
                out.setdefault(s, set()).add(o)
        return out

    return Schema(table(RDFS.subClassOf), table(RDFS.subPropertyOf), table(RDFS.domain), table(RDFS.range),
                  frozenset(g.subjects(RDF.type, OWL.TransitiveProperty)))


def entailments(article: Graph, base: str) -> list[tuple]:
    """The triples OWL RL adds to (ontology + article) whose subject is one of the article's own IRIs."""
    sch = schema()
    asserted = set(article)
    own = {s for s, _, _ in asserted if isinstance(s, URIRef) and s.startswith(base)}
    facts = {t for t in asserted if t[1] != SAME_AS}
    # The edges of each transitive property, both ways, kept up to date as new ones are derived.
    forward: dict = {}
    backward: dict = {}
    todo = list(facts)
    for s, p, o in todo:
        if p in sch.transitive:
            forward.setdefault((s, p), set()).add(o)
            backward.setdefault((o, p), set()).add(s)
    while todo:
        s, p, o = todo.pop()
        new = []
        if p == TYPE:
            new += [(s, TYPE, c) for c in sch.superclasses.get(o, ())]
        else:
            new += [(s, q, o) for q in sch.superproperties.get(p, ())]
            new += [(s, TYPE, c) for c in sch.domains.get(p, ())]
            if isinstance(o, URIRef):
                new += [(o, TYPE, c) for c in sch.ranges.get(p, ())]
            if p in sch.transitive:
                new += [(s, p, o2) for o2 in forward.get((o, p), ())]
                new += [(s2, p, o) for s2 in backward.get((s, p), ())]
        for t in new:
            if t not in facts and not (t[1] == TYPE and t[2] in NOISE_OBJECTS):
                facts.add(t)
                todo.append(t)
                if t[1] in sch.transitive:
                    forward.setdefault((t[0], t[1]), set()).add(t[2])
                    backward.setdefault((t[2], t[1]), set()).add(t[0])
    return [t for t in facts - asserted if t[0] in own]
