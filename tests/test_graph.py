"""conflictkg.graph: article graphs: the contract's terms, deterministic IRIs (distinct for the events one sentence
splits into), and conformance to the shapes, for the samples and for fuzzed texts."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS

from conflictkg.graph import article_graph
from conflictkg.loaders import ArticleRecord, LoaderError, read_articles
from conflictkg.validation import violations
from conflictkg.vocab import CKG

from .conftest import FIXTURES, FUZZ_EXAMPLES


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


def test_split_events_get_distinct_iris():
    from conflictkg.graph import article_graph
    from conflictkg.vocab import CKG
    from rdflib.namespace import RDF
    record = ArticleRecord("t", "Shelling killed five people in Kharkiv, while two others died in Sumy.", "t.txt")
    graph = article_graph(record)
    assert len(set(graph.subjects(RDF.type, CKG.Shelling))) == 2


WORDS = st.sampled_from(["killed", "wounded", "at least", "dozens", "twelve", "1,200", "civilians", "children",
                         "in", "Aleppo", "Kharkiv", "province", "on Monday", "last month", "said", "according to",
                         "the Observatory", "airstrike", "shelling", "ISIS", "Russian", "—", "(", ")", ".", ",",
                         "\n", "\n\n", "Sept. 28", "since", "abducted", "fled", "village of", "Mr.", "2014",
                         "3 August", "Deir ez-Zor", "'", "\u201c", "-", "and", "while", "more", "another"])


@settings(max_examples=FUZZ_EXAMPLES, deadline=None)
@given(words=st.lists(st.one_of(WORDS, st.text(min_size=1, max_size=12)), min_size=1, max_size=120),
       published=st.one_of(st.none(), st.dates()))
def test_extraction_of_fuzzed_texts_conforms_to_the_shapes(words, published):
    text = " ".join(words)
    if not text.strip():
        return
    try:
        record = ArticleRecord("fuzz", text, "fuzz.txt", published=published)
    except LoaderError:
        return
    graph = article_graph(record)
    assert violations(graph) == [], graph.serialize(format="turtle")[:2000]
