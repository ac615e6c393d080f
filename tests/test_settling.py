"""conflictkg.settling: storing articles in batches, with the same-incident check settled in memory, leaves the
store exactly as storing each article in its own transaction, checked against the store, does (the reference
below): from an empty store and onto a loaded one, in one batch and in many, with incidents several articles
report, one the check renames, rejected articles and an article loaded twice; and through a remote store."""
from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from rdflib import URIRef

from conflictkg.loaders import LoaderError, input_files, read_articles
from conflictkg.pipeline import load, prepare_or_pass
from conflictkg.rdf import Triples
from conflictkg.remote import RemoteEndpoints, RemoteStore
from conflictkg.same_incident import counts_overlap, stored_reports
from conflictkg import cube, settling
from conflictkg.store import ConflictStore
from conflictkg.vocab import Minter, key_for

from .conftest import AGAIN, FIXTURES, SAME_DAY, OxigraphServer

@pytest.fixture
def inputs(tmp_path, samples) -> list[Path]:
    (tmp_path / "same_day.jsonl").write_text(SAME_DAY, encoding="utf-8")
    (tmp_path / "again.jsonl").write_text(AGAIN, encoding="utf-8")
    return [tmp_path / "same_day.jsonl", FIXTURES / "reports.jsonl", FIXTURES / "two_articles.factiva.txt", samples,
            tmp_path / "again.jsonl"]


def article_by_article(store, paths: list[Path]) -> None:
    """The reference: each article checked against the store as it stands, and stored in its own transaction."""
    store.put_ontology()
    for path in input_files(paths):
        for item in read_articles(path):
            prepared = prepare_or_pass(item, store.minter.base)
            if isinstance(prepared, LoaderError) or prepared.violations:
                continue
            renames = {}
            for candidate in prepared.candidates:
                theirs = stored_reports(store, URIRef(candidate.iri), prepared.identifier)
                if theirs is not None and not counts_overlap(candidate.counts, theirs):
                    renames.update({ox.NamedNode(old): ox.NamedNode(new) for old, new in candidate.renames.items()})
            own, own_inferred = store.article_graph_names(prepared.identifier)
            entities, entailments = store.entity_graph_names()
            quads = prepared.own.quads() + prepared.shared.quads()
            store.put_article(prepared.identifier, renamed(quads, (own, entities), renames),
                              renamed(quads, (own_inferred, entailments), renames))
    cube.refresh(store)  # the statistics a load computes after storing


def renamed(quads: list[ox.Quad], graphs: tuple, renames: dict) -> Triples:
    """The triples of the quads in these graphs, with IRIs renamed as subject or object."""
    return Triples.of(ox.Triple(renames.get(q.subject, q.subject), q.predicate, renames.get(q.object, q.object))
                      for q in quads if q.graph_name in graphs)


def quads(store: ConflictStore) -> list[str]:
    """The store's quads but its version stamp (which differs between any two loads)."""
    return sorted(str(q) for q in store.store if "/graph/version" not in str(q.graph_name))


@pytest.mark.parametrize("batch_quads", [1, 700, 10 ** 9], ids=["an article a batch", "a few", "one batch"])
def test_batches_leave_the_store_as_article_by_article_storing_does(tmp_path, inputs, batch_quads, monkeypatch):
    with ConflictStore(tmp_path / "reference") as store:
        article_by_article(store, inputs)
        expected = quads(store)
        events = store.query("PREFIX ckg: <https://w3id.org/conflictkg/ontology#> SELECT DISTINCT ?a ?e WHERE { "
                             "?e a ckg:AirStrike ; ckg:mention/ckg:article ?a . FILTER(REGEX(STR(?a), '/a[123]$')) }")
        by_article = {r["a"].value.rsplit("/", 1)[1]: r["e"].value for r in events}
    assert by_article["a1"] == by_article["a2"] != by_article["a3"]  # 300 killed: renamed
    monkeypatch.setattr(settling, "BATCH_QUADS", batch_quads)
    with ConflictStore(tmp_path / "batches") as store:
        report = load(inputs, store, progress=False)
        assert quads(store) == expected and len(expected) > 1000
    assert report.loaded.count("a2") == 2 and report.rejected


def test_a_load_onto_a_loaded_store_is_as_incremental_as_article_by_article(tmp_path, inputs):
    first, second = inputs[:2], inputs[2:] + inputs[:1]  # the same day's reports loaded again
    with ConflictStore(tmp_path / "reference") as store:
        article_by_article(store, first)
        article_by_article(store, second)
        expected = quads(store)
    with ConflictStore(tmp_path / "batches") as store:
        load(first, store, progress=False)
        load(second, store, progress=False)
        assert quads(store) == expected


@pytest.mark.parametrize("update", [True, False], ids=["update endpoint", "graph store endpoint alone"])
def test_a_remote_store_is_written_as_the_embedded_one(tmp_path, inputs, update):
    with ConflictStore(tmp_path / "reference") as store:
        article_by_article(store, inputs)
        expected = quads(store)
    server = OxigraphServer(tmp_path / "oxigraph")
    try:
        endpoints = RemoteEndpoints(query=server.url + "/query", update=server.url + "/update" if update else None,
                                    graph_store=server.url + "/store")
        load(inputs, RemoteStore(endpoints, Minter()), progress=False)
        dumped = requests.get(server.url + "/store", headers={"Accept": "application/n-quads"}, timeout=60).content
    finally:
        server.stop()
    found = sorted(str(q) for q in ox.parse(dumped, format=ox.RdfFormat.N_QUADS)
                   if "/graph/version" not in str(q.graph_name))
    assert found == expected


def test_two_identifiers_of_one_article_iri_replace_each_other_as_in_the_store(tmp_path):
    """An identifier and the key another identifier makes (`a b` -> a-b-<digest>) name one article graph: the
    later replaces the earlier, in a batch as article by article."""
    key = key_for("a b")
    text = "Shelling killed {} civilians in Kharkiv on Monday, the Ukrainian army said."
    path = tmp_path / "collide.jsonl"
    path.write_text("\n".join(json.dumps({"id": identifier, "published": "2024-03-04", "text": text.format(n)})
                              for identifier, n in (("a b", "five"), (key, "nine"))) + "\n", encoding="utf-8")
    with ConflictStore(tmp_path / "reference") as store:
        article_by_article(store, [path])
        expected = quads(store)
    with ConflictStore(tmp_path / "batches") as store:
        load([path], store, progress=False)
        assert quads(store) == expected


def test_an_article_the_store_refuses_is_rejected_and_the_rest_of_its_batch_stored(tmp_path, inputs, monkeypatch):
    refused = str(Minter().graph("article", "a1"))

    def bulk_add(self, quads):  # as a remote store answers a term it does not take: a 4xx, a ValueError
        if refused.encode() in quads.nquads:
            raise ValueError("the store refused the request (400): a term it does not take")
        return original(self, quads)

    original = ConflictStore.bulk_add
    monkeypatch.setattr(ConflictStore, "bulk_add", bulk_add)
    with ConflictStore(tmp_path / "store") as store:
        report = load(inputs[:2], store, progress=False)
        stored = {g.value.rsplit("/", 1)[1] for g in store.article_graphs()}
    assert "a1" not in report.loaded and "a1" not in stored and {"a2", "a3"} <= stored
    assert [(r.identifier, r.reasons) for r in report.rejected if r.identifier == "a1"] == \
        [("a1", ["not stored: the store refused the request (400): a term it does not take"])]
