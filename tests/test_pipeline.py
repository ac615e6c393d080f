"""conflictkg.pipeline: every input is untrusted: a batch of broken files stores every good article; a load killed
with SIGKILL leaves a store that opens, validates and holds only whole articles; the same inputs twice, or prepared in
two processes, give the same store."""
from __future__ import annotations

import hashlib
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

from conflictkg.pipeline import load, revalidate
from conflictkg.store import INFERRED, ConflictStore, GraphStore

from .conftest import FIXTURES


REPORT = ("Shelling killed {n} civilians in Kharkiv on Monday, officials said. Another {m} people were wounded "
          "when rockets hit a market in Sumy, the governor said.")


def reports(path: Path, count: int, start: int = 0) -> Path:
    """A JSON Lines file of short, distinct reports of our own."""
    lines = [json.dumps({"id": f"r{i}", "published": f"2024-03-{1 + i % 28:02d}", "title": f"Report {i}",
                         "text": REPORT.format(n=3 + i, m=2 + i)}) for i in range(start, start + count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_batch_of_broken_files_keeps_every_good_article(tmp_path, backend):
    big = tmp_path / "big.txt"
    with open(big, "w", encoding="utf-8") as fh:  # 50 MB: one "article" far past any real one
        line = "Shelling killed five civilians in Kharkiv on Monday. " * 20 + "\n"
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            fh.write(line)
    bad_utf8 = tmp_path / "latin.txt"
    bad_utf8.write_bytes("Shelling killed five civilians in Kharkiv, officials said.".encode("utf-8") + b"\xff\xfe")
    jsonl = reports(tmp_path / "mixed.jsonl", 3)
    jsonl.write_text(jsonl.read_text() + "{broken json\n" + json.dumps({"id": "late", "text": REPORT.format(n=8, m=9)}),
                     encoding="utf-8")
    batch = [big, bad_utf8, FIXTURES / "binary.txt", FIXTURES / "empty.txt", FIXTURES / "no_body.html",
             FIXTURES / "truncated.factiva.txt", jsonl]
    start = time.monotonic()
    with backend.open(backend.new()) as store:
        report = load(batch, store, progress=False)
    assert time.monotonic() - start < 60
    assert sorted(report.loaded) == ["late", "r0", "r1", "r2"]
    reasons = {r.source_file: " ".join(r.reasons) for r in report.rejected}
    assert "over the limit" in reasons["big.txt"] and "not valid UTF-8" in reasons["latin.txt"]
    assert "binary" in reasons["binary.txt"] and "empty" in reasons["empty.txt"]
    assert "no article body" in reasons["no_body.html"]
    assert "truncated" in reasons["truncated.factiva.txt"]
    assert "line 4 is not valid JSON" in reasons["mixed.jsonl"]


def graphs_of(store: GraphStore) -> dict[str, set]:
    """Every article graph's triples, by graph name."""
    out: dict[str, set] = {}
    for row in store.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"):
        if "/graph/article/" in row["g"].value:
            out.setdefault(row["g"].value, set()).add((str(row["s"]), str(row["p"]), str(row["o"])))
    return out


def stored_articles(folder: Path) -> int:
    """How many articles a store being written holds now (read-only: the writer keeps its lock)."""
    if not (folder / "CURRENT").exists():
        return 0
    try:
        store = ConflictStore(folder, read_only=True)
    except (OSError, RuntimeError):  # not created yet, or half created
        return 0
    try:
        return sum(1 for _ in store.article_graphs())
    finally:
        store.close()


def test_a_load_killed_half_way_leaves_only_whole_articles(tmp_path):
    source = reports(tmp_path / "reports.jsonl", 300)  # two batches (conflictkg.settling: 200, then 100)
    reference = tmp_path / "reference"
    with ConflictStore(reference) as store:
        assert len(load([source], store, progress=False).loaded) == 300
        expected = graphs_of(store)
    outcomes = []
    # kill once this many articles are in; the last leaves room for a busy machine, where the reader sees the
    # count late (one CI run saw the third load finish before its kill)
    for trial, target in enumerate((10, 100, 150)):
        folder = tmp_path / f"killed{trial}"
        process = subprocess.Popen([sys.executable, "-m", "conflictkg.cli", "load", "--quiet", "--store",
                                    str(folder), str(source)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while process.poll() is None and time.monotonic() < deadline and stored_articles(folder) < target:
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait()
        with ConflictStore(folder) as store:  # it opens
            assert revalidate(store) == []  # every stored article conforms
            found = graphs_of(store)
            for name, quads in found.items():  # each graph is whole: exactly what the full load stored
                assert quads == expected[name], name
            asserted = {n for n in found if not n.endswith("/" + INFERRED)}
            assert all(n + "/" + INFERRED in found for n in asserted)  # and came with its entailments
            outcomes.append(len(asserted))
            load([source], store, progress=False)  # loading again completes it
            assert graphs_of(store) == expected
    print(f"SIGKILL trials: whole articles stored when killed: {outcomes} of 300")
    assert all(0 < n < 300 for n in outcomes), outcomes  # every kill landed mid-load


def dump_digest(folder: Path) -> str:
    from conflictkg.formats import rdf_format
    with ConflictStore(folder, read_only=True) as store:
        out = folder.parent / (folder.name + ".nq")
        store.dump_to(out, rdf_format("nquads"))
    return hashlib.sha256(out.read_bytes()).hexdigest()


def test_loading_twice_gives_the_identical_store(tmp_path, samples):
    source = reports(tmp_path / "reports.jsonl", 20)
    with ConflictStore(tmp_path / "once") as store:
        load([source, samples], store, progress=False)
        once = store.triple_count()
    with ConflictStore(tmp_path / "twice") as store:
        load([source, samples], store, progress=False)
        load([source, samples], store, progress=False)
        twice = store.triple_count()
    assert once == twice
    assert dump_digest(tmp_path / "once") == dump_digest(tmp_path / "twice")


def test_a_parallel_load_stores_exactly_what_a_sequential_one_does(tmp_path, samples, backend):
    """Articles prepared in two processes, stored in input order: the same store, quad for quad, and the same
    rejections."""
    source = reports(tmp_path / "reports.jsonl", 30)
    inputs = [source, samples, FIXTURES / "reports.jsonl", FIXTURES / "binary.txt"]
    with backend.open(backend.new()) as store:
        one = load(inputs, store, progress=False)
        expected = graphs_of(store)
    with backend.open(backend.new()) as store:
        two = load(inputs, store, progress=False, workers=2)
        assert graphs_of(store) == expected
    assert two.loaded == one.loaded and [r.source_file for r in two.rejected] == [r.source_file for r in one.rejected]


def test_hardening_12_an_article_extraction_fails_on_is_rejected_and_the_rest_stored(tmp_path, monkeypatch):
    from conflictkg import pipeline

    real = pipeline.prepare

    def prepare(article, base):
        if article.identifier == "bad":
            raise OverflowError("date value out of range")
        return real(article, base)

    monkeypatch.setattr(pipeline, "prepare", prepare)
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps({"id": i, "text": "Two people were killed in Homs on 2 May 2020."})
                              for i in ("bad", "good")) + "\n")
    with ConflictStore(tmp_path / "store") as store:
        report = load([path], store, progress=False)
    assert report.loaded == ["good"]
    assert [r.identifier for r in report.rejected] == ["bad"]
    assert "extraction failed: OverflowError: date value out of range" in report.rejected[0].reasons[0]


def test_hardening_12_the_year_one_and_other_odd_inputs_load_or_are_rejected_alone(tmp_path):
    lines = [json.dumps({"id": "y1", "text": "Five people were killed in an air strike on Aleppo on Monday.",
                         "published": "0001-01-01"}),
             json.dumps({"id": "js", "url": "javascript:alert(document.domain)", "text": "Two were killed."}),
             json.dumps({"id": "good", "text": "Three civilians were killed in Idlib on 3 March 2020.",
                         "published": "2020-03-04"})]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n")
    with ConflictStore(tmp_path / "store") as store:
        report = load([path], store, progress=False)
    assert "good" in report.loaded and "js" not in report.loaded
    assert {r.identifier for r in report.rejected} | set(report.loaded) == {"y1", "js", "good"}
