"""Article graphs: the contract's terms, deterministic IRIs, conformance to the shapes, broken graphs caught."""
from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from conflictkg.validation import violations
from conflictkg.vocab import CKG
from conflictkg.loaders import ArticleRecord, read_articles
from conflictkg.graph import article_graph

from .conftest import FIXTURES


@pytest.fixture(scope="module")
def sample_graphs(samples):
    return [article_graph(a) for p in sorted(samples.glob("*.txt")) for a in read_articles(p)]


def test_sample_graphs_conform(sample_graphs):
    assert len(sample_graphs) == 2
    for g in sample_graphs:
        assert violations(g) == []


def test_graph_is_deterministic(samples):
    [article] = read_articles(samples / "002_6bd9ab7bde165c5e.txt")
    assert isomorphic(article_graph(article), article_graph(article))


def test_mentions_quote_the_text_at_their_offsets(samples):
    [article] = read_articles(samples / "000_6e18918302ba0ed4.txt")
    g = article_graph(article)
    mentions = list(g.subjects(RDF.type, CKG.Mention))
    assert mentions
    for m in mentions:
        start, end = int(g.value(m, CKG.charStart)), int(g.value(m, CKG.charEnd))
        assert article.text[start:end] == str(g.value(m, CKG.quote))


def test_fixture_article_facts():
    [article] = [a for a in read_articles(FIXTURES / "reports.jsonl") if isinstance(a, ArticleRecord)][:1]
    g = article_graph(article)
    [event] = list(g.subjects(RDF.type, CKG.AirStrike))
    assert str(g.value(event, CKG.startDate)) == "2019-05-06"
    place = g.value(event, CKG.place)
    assert str(g.value(place, RDFS.label)) == "Idlib"
    counts = {(g.value(c, CKG.victimGroup), int(g.value(c, CKG["count"]))) for c in g.objects(event, CKG.casualty)}
    assert counts == {(CKG.Civilians, 14), (CKG.Children, 3)}
    source = g.value(g.value(event, CKG.mention), CKG.source)
    assert str(g.value(source, RDFS.label)) == "Syrian Observatory for Human Rights"


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
