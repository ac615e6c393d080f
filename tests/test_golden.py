"""End-to-end: the seed articles' whole graphs, pinned as golden files: tests/golden/<input name>.ttl is the graph
`conflictkg.graph.article_graph` builds from samples/<input name>, compared by isomorphism, and a difference is
printed triple by triple. After a deliberate change, regenerate with

    CONFLICTKG_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py

(which rewrites the files and fails, so a run that regenerates never passes as a check) and review the diff of
tests/golden/ before committing it."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from conflictkg.graph import article_graph
from conflictkg.loaders import read_articles
from conflictkg.vocab import PREFIXES

GOLDEN = Path(__file__).parent / "golden"
SAMPLES = Path(__file__).parent.parent / "samples"
INPUTS = sorted(p.name for p in SAMPLES.glob("*.txt"))


def graph_of(path: Path) -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    for article in read_articles(path):
        g += article_graph(article)
    return g


def differences(found: Graph, expected: Graph, limit: int = 40) -> str:
    _, only_found, only_expected = graph_diff(to_isomorphic(found), to_isomorphic(expected))
    lines = [f"+ {' '.join(t.n3() for t in triple)}" for triple in sorted(only_found)][:limit]
    lines += [f"- {' '.join(t.n3() for t in triple)}" for triple in sorted(only_expected)][:limit]
    return "\n".join(lines)


@pytest.mark.parametrize("sample", INPUTS)
def test_seed_article_graph_matches_its_golden_file(sample):
    found = graph_of(SAMPLES / sample)
    golden = GOLDEN / (sample + ".ttl")
    if os.environ.get("CONFLICTKG_UPDATE_GOLDEN"):
        golden.write_text(found.serialize(format="turtle"), encoding="utf-8")
        pytest.fail(f"rewrote {golden.name}: review its diff, then run the tests without CONFLICTKG_UPDATE_GOLDEN")
    expected = Graph().parse(golden, format="turtle")
    assert len(found) > 100
    assert isomorphic(found, expected), "graph differs from the golden file (+ found, - expected):\n" + \
        differences(found, expected)


def test_every_golden_file_has_its_input_and_every_input_its_golden_file():
    assert sorted(p.name[:-len(".ttl")] for p in GOLDEN.glob("*.ttl")) == INPUTS
    assert not list(GOLDEN.glob("*.json"))  # the old projection is gone
