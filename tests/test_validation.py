"""conflictkg.validation: graphs broken in one way each fail the shapes, with a message naming the term."""
from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from conflictkg.graph import article_graph
from conflictkg.loaders import ArticleRecord
from conflictkg.validation import violations
from conflictkg.vocab import CKG


def _break(kind):
    """A valid graph made invalid in one way; returns (graph, expected message fragment)."""
    article = ArticleRecord("t1", "An air strike killed 14 civilians in Idlib on Monday.", "t1.txt",
                            published=__import__("datetime").date(2019, 5, 7))
    g = article_graph(article)
    event = next(g.subjects(CKG.mention, None))
    figure = next(g.objects(event, CKG.casualty))
    mention = next(g.objects(event, CKG.mention))
    if kind == "two types":
        g.add((event, RDF.type, CKG.Shelling))
        return g, "exactly one of the twelve event types"
    if kind == "no mention":
        g.remove((event, CKG.mention, None))
        return g, "at least one ckg:mention"
    if kind == "no outcome":
        g.remove((figure, CKG.outcome, None))
        return g, "exactly one ckg:outcome"
    if kind == "count missing":
        g.remove((figure, CKG["count"], None))
        return g, "unless its qualifier is ckg:Vague"
    if kind == "dates reversed":
        g.set((event, CKG.startDate, Literal("2019-05-09", datatype=XSD.date)))
        return g, "not after ckg:endDate"
    if kind == "date not a date":
        g.set((event, CKG.endDate, Literal("Monday")))
        g.remove((event, CKG.startDate, None))
        return g, "ckg:endDate"
    if kind == "mention without quote":
        g.remove((mention, CKG.quote, None))
        return g, "ckg:quote"
    if kind == "article without identifier":
        g.remove((None, DCTERMS.identifier, None))
        return g, "dcterms:identifier"
    if kind == "place without label":
        place = g.value(event, CKG.place)
        g.remove((place, RDFS.label, None))
        return g, "rdfs:label"
    if kind == "actor twice labelled":
        actor = URIRef("https://w3id.org/conflictkg/id/actor/x")
        g.add((actor, RDF.type, CKG.Actor))
        g.add((actor, RDFS.label, Literal("A")))
        g.add((actor, RDFS.label, Literal("B")))
        return g, "exactly one rdfs:label"
    raise AssertionError(kind)


BROKEN = ["two types", "no mention", "no outcome", "count missing", "dates reversed", "date not a date",
          "mention without quote", "article without identifier", "place without label", "actor twice labelled"]


@pytest.mark.parametrize("kind", BROKEN)
def test_broken_graphs_fail_with_a_message_naming_the_term(kind):
    graph, fragment = _break(kind)
    found = violations(graph)
    assert found, f"{kind}: the shapes accepted a broken graph"
    assert any(fragment in v.message for v in found), [str(v) for v in found]
