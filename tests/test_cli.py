"""conflictkg.cli: the `conflictkg` command: load, idempotent re-load, rejection, validate, dump, extract, import and
publish; on the embedded store and on a remote one (see conftest)."""
from __future__ import annotations

import gc
import gzip

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from conflictkg.cli import DUMP_FORMATS, main
from conflictkg.formats import rdf_format
from conflictkg.store import ConflictStore

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


def test_extract_prints_turtle_and_stores_nothing(tmp_path, samples):
    result = run("extract", samples / "002_6bd9ab7bde165c5e.txt")
    assert result.exit_code == 0
    g = Graph().parse(data=result.stdout, format="turtle")
    assert len(g) > 50


def test_extract_of_a_bad_file_fails(tmp_path):
    result = run("extract", FIXTURES / "binary.txt")
    assert result.exit_code == 1 and "binary" in result.stderr


def test_import_restores_a_dump_with_its_article_graphs(tmp_path, samples):
    source = tmp_path / "source"
    assert run("load", "--quiet", "--store", source, samples).exit_code == 0
    dump = tmp_path / "all.nq.gz"
    assert run("dump", "--store", source, "--format", "nquads", "--gzip", "-o", dump).exit_code == 0
    restored = tmp_path / "restored"
    result = run("import", "--store", restored, "--dumps", tmp_path / "restored-dumps", dump)  # a store's own
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


def test_version():
    from importlib.metadata import version
    result = run("--version")
    assert result.exit_code == 0 and result.output.strip() == f"conflictkg {version('conflictkg')}"


@pytest.mark.parametrize("store, said", [
    ("http://127.0.0.1:9/sparql", "cannot reach the store at http://127.0.0.1:9/sparql"),
    ("{tmp}/a-file", "is not a ConflictKG store"),
    ("{tmp}", "is not a ConflictKG store"),
    ("{tmp}/missing", "no store at"),
])
def test_a_store_that_cannot_be_read_is_a_one_line_error(tmp_path, store, said):
    (tmp_path / "a-file").write_text("not a store", encoding="utf-8")
    for command in ("validate", "dump", "publish"):
        result = CliRunner().invoke(main, [command, "--store", store.format(tmp=tmp_path)])
        assert result.exit_code == 1 and said in result.output, (command, result.output)
        assert result.output.startswith("Error: ") and len(result.output.strip().splitlines()) == 1
        assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not (tmp_path / "missing").exists()


def test_a_file_no_loader_reads_is_rejected_not_read_as_text(tmp_path, samples):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.7 Ten civilians were killed in an air strike on Idlib on Monday.")
    result = run("load", "--quiet", "--store", tmp_path / "store", pdf, samples)
    assert result.exit_code == 1 and "loaded 2 article(s), rejected 1" in result.output
    assert "no loader reads .pdf files" in result.stderr


def test_the_progress_bar_counts_articles_and_names_the_file(tmp_path):
    result = run("load", "--store", tmp_path / "store", FIXTURES / "reports.jsonl")
    assert "6 article" in result.stderr and "file 1/1: reports.jsonl" in result.stderr  # 2 stored, 4 rejected


def test_two_stores_never_share_a_dumps_folder(tmp_path, samples):
    dumps = tmp_path / "dumps"
    assert run("load", "--quiet", "--store", tmp_path / "one", "--dumps", dumps, samples).exit_code == 0
    second = run("load", "--quiet", "--store", tmp_path / "two", "--dumps", dumps, samples)
    assert second.exit_code == 1 and "loaded 2 article(s)" in second.output
    assert f"holds the dumps of another store ({tmp_path / 'one'})" in second.stderr
    assert run("publish", "--store", tmp_path / "two", "--dumps", tmp_path / "dumps-two").exit_code == 0
    assert run("publish", "--store", tmp_path / "one", "--dumps", dumps).exit_code == 0  # still the first's
