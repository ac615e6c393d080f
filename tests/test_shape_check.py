"""conflictkg.shape_check: the shapes compiled to SPARQL say a graph conforms exactly when pySHACL does, on the
graphs of real and synthetic articles, on graphs broken each way the shapes forbid, and on graphs changed at
random (triples dropped, values added or replaced by literals of every kind, IRIs and blank nodes); what the
compiler does not know, it refuses, and validation then asks pySHACL alone."""
from __future__ import annotations

import random

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD
from pyshacl.errors import ReportableRuntimeError

from conflictkg.graph import article_graph
from conflictkg.loaders import ArticleRecord, input_files, read_articles
from conflictkg.rdf import oxigraph_triples
from conflictkg.resources import shapes_graph
from conflictkg.shape_check import Unsupported, breaks_shapes, compile_shapes, compiled
from conflictkg.validation import reference_violations, violations
from conflictkg.vocab import CKG

from .conftest import FIXTURES, FUZZ_EXAMPLES
from .test_validation import BROKEN, _break

VALUES = [Literal("x"), Literal(""), Literal("Monday"), Literal("2019-05-07", datatype=XSD.date),
          Literal("2019-13-45", datatype=XSD.date), Literal("abc", datatype=XSD.integer), Literal(-3), Literal(5),
          Literal("5", datatype=XSD.string), Literal("x", lang="en"), BNode("b0"), CKG.Killed, CKG.Vague, CKG.Civilians,
          URIRef("http://example.org/x")]


@pytest.fixture(scope="module")
def graphs(samples) -> list[Graph]:
    articles = [a for path in input_files([samples, FIXTURES / "reports.jsonl", FIXTURES / "two_articles.factiva.txt"])
                for a in read_articles(path) if isinstance(a, ArticleRecord)]
    assert len(articles) >= 6
    return [article_graph(article) for article in articles]


def agree(graph: Graph) -> bool | None:
    """Whether the compiled check and pySHACL agree on the graph (None where pySHACL itself cannot judge it)."""
    try:
        reference = bool(reference_violations(graph))
    except (ReportableRuntimeError, TypeError):  # pySHACL fails on some comparisons (a blank node, or a date
        # with a date-time in sh:lessThan)
        return None
    return breaks_shapes(oxigraph_triples(graph), compiled()) == reference


def test_the_project_s_shapes_compile():
    assert compiled() is not None and len(compiled()) > 5


def test_valid_graphs_conform_to_the_compiled_shapes(graphs):
    for graph in graphs:
        assert not reference_violations(graph)
        assert breaks_shapes(oxigraph_triples(graph), compiled()) is False


@pytest.mark.parametrize("kind", BROKEN)
def test_each_way_of_breaking_the_shapes_is_found(kind):
    graph, _ = _break(kind)
    assert breaks_shapes(oxigraph_triples(graph), compiled()) is True
    assert violations(graph) == reference_violations(graph) != []  # the report is pySHACL's


def test_graphs_changed_at_random_are_judged_as_pyshacl_judges_them(graphs):
    rnd = random.Random(7)
    judged = broken = 0
    for _ in range(max(150, FUZZ_EXAMPLES * 4)):
        graph = Graph()
        for triple in rnd.choice(graphs):
            graph.add(triple)
        triples = sorted(graph, key=lambda t: tuple(map(str, t)))  # the same changes in every run
        for _ in range(rnd.randint(1, 2)):
            s, p, o = rnd.choice(triples)
            change = rnd.random()
            if change < 0.35:
                graph.remove((s, p, o))
            elif change < 0.7:
                graph.add((s, p, rnd.choice(VALUES)))
            elif change < 0.85:
                graph.remove((s, p, o))
                graph.add((s, p, rnd.choice(VALUES)))
            else:
                graph.add((s, rnd.choice(triples)[1], rnd.choice([o, *VALUES])))
        verdict = agree(graph)
        if verdict is None:
            continue
        assert verdict, sorted(graph.serialize(format="nt").splitlines())
        judged += 1
        broken += bool(reference_violations(graph))
    assert judged > 100 and 0.3 < broken / judged < 0.9  # both verdicts were tested many times


@pytest.mark.parametrize("issued", [Literal("0000-01-01", datatype=XSD.date), Literal("-0001-01-01", datatype=XSD.date),
                                    Literal("12019-05-07", datatype=XSD.date),
                                    Literal("2019-05-07T24:00:00", datatype=XSD.dateTime),
                                    Literal("2019-05-07T10:00:00Z", datatype=XSD.dateTime)])
def test_dates_xsd_allows_but_rdflib_cannot_read_are_judged_as_pyshacl_judges_them(graphs, issued):
    graph = Graph()
    for triple in graphs[0]:
        if triple[1] != DCTERMS.issued:
            graph.add(triple)
    graph.add((next(graph.subjects(RDF.type, CKG.Article)), DCTERMS.issued, issued))
    reference = reference_violations(graph)
    assert breaks_shapes(oxigraph_triples(graph), compiled()) in (None, bool(reference))  # None: left to pySHACL
    assert violations(graph) == reference


def test_a_plain_and_a_typed_string_that_rdf_takes_for_one_are_left_to_pyshacl(graphs):
    graph = Graph()
    for triple in graphs[0]:
        graph.add(triple)
    article = next(graph.subjects(RDF.type, CKG.Article))
    graph.set((article, DCTERMS.title, Literal("T")))
    graph.add((article, DCTERMS.title, Literal("T", datatype=XSD.string)))  # two titles to rdflib, one in RDF 1.1
    assert breaks_shapes(oxigraph_triples(graph), compiled()) is None
    assert violations(graph) == reference_violations(graph) != []


def test_a_graph_that_states_subclasses_is_left_to_pyshacl(graphs):
    graph = Graph()
    for triple in graphs[0]:
        graph.add(triple)
    graph.add((CKG.Raid, RDFS.subClassOf, CKG.AirStrike))
    assert breaks_shapes(oxigraph_triples(graph), compiled()) is None
    assert violations(graph) == reference_violations(graph)


def test_what_the_compiler_does_not_know_it_refuses():
    shapes = shapes_graph()
    shape = URIRef("https://w3id.org/conflictkg/shapes#ActorShape")
    prop = next(shapes.objects(shape, URIRef("http://www.w3.org/ns/shacl#property")))
    shapes.add((prop, URIRef("http://www.w3.org/ns/shacl#pattern"), Literal("^[A-Z]")))
    with pytest.raises(Unsupported, match="pattern"):
        compile_shapes(shapes)
