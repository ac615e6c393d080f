"""The store and the command line: load, idempotent re-load, rejection, validate, dump, extract; on the embedded
store and on a remote one (see conftest)."""
from __future__ import annotations

import gc
import gzip

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph
from rdflib.namespace import RDF, RDFS, SKOS

from conflictkg.rdf import Triples
from conflictkg.cli import DUMP_FORMATS, main
from conflictkg.formats import rdf_format
from conflictkg.store import ConflictStore
from conflictkg.vocab import CKG, GEO

from .conftest import FIXTURES


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    gc.collect()  # the command's store is closed before the next one opens it
    return result


def count(backend, location, query=None):
    with backend.open(location, read_only=True) as store:
        n = store.triple_count() if query is None else int(next(iter(store.query(query)))[0].value)
    gc.collect()
    return n


def article_quads(path) -> list[str]:
    """The N-Quads lines of a dump, without the remote store's version stamp (which changes with every load)."""
    return sorted(line for line in path.read_text().splitlines() if "/graph/version>" not in line)


def test_load_twice_changes_nothing(tmp_path, samples, backend):
    store = backend.new()
    assert run("load", "--quiet", *backend.cli_args(store), samples).exit_code == 0
    first = count(backend, store)
    assert run("load", "--quiet", *backend.cli_args(store), samples).exit_code == 0
    assert count(backend, store) == first > 1000
    run("dump", *backend.cli_read_args(store), "--format", "nquads", "-o", tmp_path / "a.nq")
    run("load", "--quiet", *backend.cli_args(store), samples / "002_6bd9ab7bde165c5e.txt")
    run("dump", *backend.cli_read_args(store), "--format", "nquads", "-o", tmp_path / "b.nq")
    assert article_quads(tmp_path / "a.nq") == article_quads(tmp_path / "b.nq")


def test_broken_inputs_are_rejected_and_the_rest_stored(tmp_path, backend):
    batch = [FIXTURES / n for n in ("binary.txt", "empty.txt", "reports.jsonl", "no_body.html", "article.html")]
    store = backend.new()
    result = run("load", "--quiet", *backend.cli_args(store), *batch)
    assert result.exit_code == 1
    assert "loaded 3 article(s), rejected 7" in result.output
    for needle in ("binary.txt", "empty.txt", "line 4 has no 'id'", "no_body.html"):
        assert needle in result.stderr
    dump = tmp_path / "d.trig"
    run("dump", *backend.cli_read_args(store), "--format", "trig", "-o", dump)
    ds = Dataset(default_union=True).parse(dump, format="trig")
    ids = {str(o) for o in ds.objects(None, __import__("rdflib").DCTERMS.identifier)}
    assert ids == {"r1", "r2", "article"}


def test_validate_reports_conformance(backend, sample_store):
    result = run("validate", *backend.cli_read_args(sample_store))
    assert result.exit_code == 0 and "2 of 2 article graph(s) conform" in result.output


@pytest.mark.parametrize("fmt", DUMP_FORMATS)
@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gzip"])
def test_dumps_parse_back_to_the_same_triples(tmp_path, backend, sample_store, fmt, gz):
    rdflib_format = rdf_format(fmt).rdflib
    out = tmp_path / f"dump.{fmt}{'.gz' if gz else ''}"
    args = ["dump", *backend.cli_read_args(sample_store), "--format", fmt, "-o", out] + (["--gzip"] if gz else [])
    assert run(*args).exit_code == 0
    data = (gzip.open(out) if gz else open(out, "rb")).read()
    if rdf_format(fmt).datasets:
        ds = Dataset().parse(data=data, format=rdflib_format)
        parsed = sum(len(g) for g in ds.graphs())
        assert parsed == count(backend, sample_store)
    else:
        parsed = len(Graph().parse(data=data, format=rdflib_format))
        distinct = count(backend, sample_store, "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }")
        assert parsed == distinct
        if fmt == "ntriples":  # each triple written once
            assert len(data.splitlines()) == distinct


def test_the_union_holds_each_triple_once_whatever_the_order_of_the_graphs(tmp_path):
    ex = "http://example.org/"
    s1, s2, p, q, o1, o2 = (ox.NamedNode(ex + n) for n in ("s1", "s2", "p", "q", "o1", "o2"))
    graphs = [ox.NamedNode(ex + f"g{i}") for i in range(4)]
    quads = [ox.Quad(s1, p, o1, graphs[3]), ox.Quad(s2, p, o1, graphs[1]), ox.Quad(s1, p, o1, graphs[0]),
             ox.Quad(s1, q, ox.Literal("x"), graphs[2]), ox.Quad(s1, p, o2, graphs[2]), ox.Quad(s1, p, o1, graphs[1]),
             ox.Quad(s1, q, ox.Literal("x"), graphs[0]), ox.Quad(s2, p, o1, graphs[3])]
    with ConflictStore(tmp_path / "store") as store:
        store.store.extend(quads)
        union = list(store.union_triples())
    assert sorted(map(str, union)) == sorted({str(quad.triple) for quad in quads})
    assert len(union) == 4


def test_places_and_actors_are_described_once_in_the_entity_graphs(tmp_path, backend):
    """Two articles name one town and one source: each label of a place or an actor is stated once, in the
    entity graph, and no article graph says anything of a place or an actor; validation finds them again."""
    from conflictkg.pipeline import load, revalidate

    for name, figure in (("a.txt", "five"), ("b.txt", "nine")):
        (tmp_path / name).write_text(f"Shelling killed {figure} people in Kharkiv on Monday, the Ukrainian "
                                     "army said.", encoding="utf-8")
    location = backend.new()
    with backend.open(location) as store:
        assert len(load([tmp_path / "a.txt", tmp_path / "b.txt"], store, progress=False).loaded) == 2
        labels = [(row["kind"].value, row["g"].value) for row in store.query("""
            SELECT ?kind ?g WHERE { GRAPH ?g { ?x a ?type ; rdfs:label ?label } VALUES ?type { ckg:Place ckg:Actor }
                                    BIND(STR(?type) AS ?kind) }""", prefixes={"rdfs": str(RDFS), "ckg": str(CKG)})]
        articles = store.minter.graph("article")
        in_articles = {row["s"].value for row in store.query(
            f'SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{articles}")) }}')}
        within = {row["g"].value for row in store.query(
            "SELECT ?g WHERE { GRAPH ?g { ?x geo:sfWithin ?y } }", prefixes={"geo": str(GEO)})}
        entities, inferred = (g.value for g in store.entity_graph_names())
        problems = revalidate(store)
    gc.collect()
    assert {kind for kind, _ in labels} == {str(CKG.Place), str(CKG.Actor)}
    assert {g for _, g in labels} == {entities}
    assert len(labels) == 3  # Kharkiv, Ukraine, the Ukrainian army: once each although both articles name them
    assert not [s for s in in_articles if s.startswith(store.entity_prefixes())]
    assert within == {inferred}
    assert problems == []


def test_a_description_is_replaced_but_its_alternative_names_and_entailments_gather(backend):
    """The latest article's description of a place wins (a new gazetteer renamed it); the names articles
    reported it under, and what each article entails of it, are all kept."""
    location = backend.new()
    with backend.open(location) as store:
        place = store.minter.iri("place", "123")
        for article, name, spelling, kind in (("x", "Old name", "Spelling one", "A"),
                                              ("y", "New name", "Spelling two", "B"),
                                              ("z", "New name", "Spelling two", "B")):
            asserted = f'<{place}> <{RDFS.label}> "{name}" .\n<{place}> <{SKOS.altLabel}> "{spelling}" .\n'
            inferred = f"<{place}> <{RDF.type}> <http://example.org/{kind}> .\n"
            store.put_article(article, Triples(asserted.encode()), Triples(inferred.encode()))
        rows = [(row["p"].value, row["o"].value) for row in store.query(f"SELECT ?p ?o WHERE {{ <{place}> ?p ?o }}")]
    gc.collect()
    assert sorted(rows) == [("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "http://example.org/A"),
                            ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "http://example.org/B"),
                            (str(RDFS.label), "New name"), (str(SKOS.altLabel), "Spelling one"),
                            (str(SKOS.altLabel), "Spelling two")]


def test_extract_prints_turtle_and_stores_nothing(tmp_path, samples):
    result = run("extract", samples / "002_6bd9ab7bde165c5e.txt")
    assert result.exit_code == 0
    g = Graph().parse(data=result.stdout, format="turtle")
    assert len(g) > 50


def test_extract_of_a_bad_file_fails(tmp_path):
    result = run("extract", FIXTURES / "binary.txt")
    assert result.exit_code == 1 and "binary" in result.stderr


def test_store_from_environment(tmp_path, monkeypatch, samples):
    monkeypatch.setenv("CONFLICTKG_STORE", str(tmp_path / "env-store"))
    from conflictkg.settings import default_store
    assert default_store() == str(tmp_path / "env-store")


def test_a_changed_article_replaces_its_graphs_and_writes_are_flushed(tmp_path, monkeypatch):
    """New graphs go in by one transactional insert, a changed article's by DROP + INSERT; the store flushes
    its write buffers after FLUSH_AFTER_QUADS quads, so memory does not grow with the load."""
    import conflictkg.store as store_module
    from conflictkg.pipeline import load

    monkeypatch.setattr(store_module, "FLUSH_AFTER_QUADS", 50)
    article = tmp_path / "a.txt"
    article.write_text("Shelling killed five people in Kharkiv on Monday, officials said.", encoding="utf-8")
    with ConflictStore(tmp_path / "store") as store:
        load([article], store, progress=False)
        assert store._unflushed == 0
        before = {q.object.value for q in store.store.quads_for_pattern(None, None, None) if "five" in str(q.object)}
        article.write_text("Shelling killed seven people in Kharkiv on Monday, officials said.", encoding="utf-8")
        load([article], store, progress=False)
        quotes = {q.object.value for q in store.store.quads_for_pattern(None, None, None)
                  if "people in Kharkiv" in str(q.object)}
    assert before and all("seven" in q for q in quotes)


def test_import_restores_a_dump_with_its_article_graphs(tmp_path, samples):
    source = tmp_path / "source"
    assert run("load", "--quiet", "--store", source, samples).exit_code == 0
    dump = tmp_path / "all.nq.gz"
    assert run("dump", "--store", source, "--format", "nquads", "--gzip", "-o", dump).exit_code == 0
    restored = tmp_path / "restored"
    result = run("import", "--store", restored, dump)
    assert result.exit_code == 0, result.output
    with ConflictStore(source, read_only=True) as a, ConflictStore(restored, read_only=True) as b:
        assert a.triple_count() == b.triple_count() > 1000
    assert "2 of 2 article graph(s) conform" in run("validate", "--store", restored).output
    bad = tmp_path / "bad.nq"
    bad.write_text("<http://a> <http://b> .\n", encoding="utf-8")
    result = run("import", "--store", tmp_path / "other", bad)
    assert result.exit_code == 1 and "bad.nq" in result.output
    assert run("import", "--store", tmp_path / "other", FIXTURES / "reports.jsonl").exit_code == 1


def test_load_publishes_the_new_version_and_publish_is_idempotent(tmp_path, samples, backend):
    import json
    store, dumps = backend.new(), tmp_path / "dumps"
    result = run("load", "--quiet", *backend.cli_args(store), "--dumps", dumps, samples)
    assert result.exit_code == 0 and f"is published in {dumps}" in result.stderr
    manifest = json.loads((dumps / "manifest.json").read_text())
    with backend.open(store, read_only=True) as opened:
        assert manifest["version"] == opened.version()["version"]
        assert manifest["statistics"]["triples"] == int(next(iter(opened.query(
            "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")))["n"].value)
    gc.collect()
    before = {p.name: p.stat().st_mtime_ns for p in dumps.iterdir()}
    assert run("publish", *backend.cli_read_args(store), "--dumps", dumps).exit_code == 0
    assert {p.name: p.stat().st_mtime_ns for p in dumps.iterdir()} == before  # that version is published already
