"""The store on disk and the command line: load, idempotent re-load, rejection, validate, dump, extract."""
from __future__ import annotations

import gc
import gzip

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from conflictkg.cli import main
from conflictkg.store import ConflictStore

from .conftest import FIXTURES


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    gc.collect()  # the command's store is closed before the next one opens it
    return result


def count(store_dir):
    store = ConflictStore(store_dir)
    n = store.triple_count()
    del store
    gc.collect()
    return n


def test_load_twice_changes_nothing(tmp_path, samples):
    store = tmp_path / "store"
    assert run("load", "--quiet", "--store", store, samples).exit_code == 0
    first = count(store)
    assert run("load", "--quiet", "--store", store, samples).exit_code == 0
    assert count(store) == first > 1000
    run("dump", "--store", store, "--format", "nquads", "-o", tmp_path / "a.nq")
    run("load", "--quiet", "--store", store, samples / "002_6bd9ab7bde165c5e.txt")
    run("dump", "--store", store, "--format", "nquads", "-o", tmp_path / "b.nq")
    assert sorted((tmp_path / "a.nq").read_text().splitlines()) == sorted((tmp_path / "b.nq").read_text().splitlines())


def test_broken_inputs_are_rejected_and_the_rest_stored(tmp_path):
    batch = [FIXTURES / n for n in ("binary.txt", "empty.txt", "reports.jsonl", "no_body.html", "article.html")]
    result = run("load", "--quiet", "--store", tmp_path / "s", *batch)
    assert result.exit_code == 1
    assert "loaded 3 article(s), rejected 7" in result.output
    for needle in ("binary.txt", "empty.txt", "line 4 has no 'id'", "no_body.html"):
        assert needle in result.stderr
    dump = tmp_path / "d.trig"
    run("dump", "--store", tmp_path / "s", "--format", "trig", "-o", dump)
    ds = Dataset(default_union=True).parse(dump, format="trig")
    ids = {str(o) for o in ds.objects(None, __import__("rdflib").DCTERMS.identifier)}
    assert ids == {"r1", "r2", "article"}


def test_validate_reports_conformance(sample_store_dir):
    result = run("validate", "--store", sample_store_dir)
    assert result.exit_code == 0 and "2 of 2 article graph(s) conform" in result.output


@pytest.mark.parametrize("fmt, rdflib_format, gz", [("turtle", "turtle", False), ("ntriples", "nt", True),
                                                    ("trig", "trig", False), ("nquads", "nquads", True)])
def test_dumps_parse_back_to_the_same_triples(tmp_path, sample_store_dir, fmt, rdflib_format, gz):
    out = tmp_path / f"dump.{fmt}{'.gz' if gz else ''}"
    args = ["dump", "--store", sample_store_dir, "--format", fmt, "-o", out] + (["--gzip"] if gz else [])
    assert run(*args).exit_code == 0
    data = (gzip.open(out) if gz else open(out, "rb")).read()
    if fmt in ("trig", "nquads"):
        ds = Dataset().parse(data=data, format=rdflib_format)
        parsed = sum(len(g) for g in ds.graphs())
        assert parsed == count(sample_store_dir)
    else:
        parsed = len(Graph().parse(data=data, format=rdflib_format))
        store = ConflictStore(sample_store_dir)
        distinct = int(next(iter(store.query("SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }")))[0].value)
        del store
        gc.collect()
        assert parsed == distinct


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
