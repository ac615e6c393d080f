"""conflictkg.cluster and conflictkg.shards: a load through a real Dask cluster of worker processes on this machine
(distributed's LocalCluster) leaves the store exactly as a local load, article by article, does: from an empty
store and onto a loaded one, with incidents several articles report, one that is renamed, rejected articles
and an article loaded twice; a re-run prepares only the partitions with no finished shard; a remote store is
written through Oxigraph server's /store."""
from __future__ import annotations

import gzip
from pathlib import Path

import pytest
import requests

from conflictkg.cluster import load_on_cluster
from conflictkg.pipeline import load
from conflictkg.remote import RemoteEndpoints, RemoteStore
from conflictkg.store import ConflictStore
from conflictkg.vocab import Minter

from .conftest import AGAIN, FIXTURES, SAME_DAY, OxigraphServer

distributed = pytest.importorskip("distributed")
dask = pytest.importorskip("dask")

@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as made:
        yield made


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, samples) -> list[Path]:
    folder = tmp_path_factory.mktemp("inputs")
    (folder / "same_day.jsonl").write_text(SAME_DAY, encoding="utf-8")
    (folder / "again.jsonl").write_text(AGAIN, encoding="utf-8")
    return [folder / "same_day.jsonl", FIXTURES / "reports.jsonl", FIXTURES / "two_articles.factiva.txt", samples,
            folder / "again.jsonl"]


def quads(store) -> list[str]:
    """The store's quads but its version stamp (which differs between any two loads)."""
    return sorted(str(q) for q in store.store if "/graph/version" not in str(q.graph_name))


def local_load(folder: Path, *batches: list[Path]) -> tuple[list[str], list]:
    with ConflictStore(folder) as store:
        reports = [load(batch, store, progress=False) for batch in batches]
        return quads(store), reports


def test_a_cluster_load_leaves_the_store_as_a_local_load_does(tmp_path, cluster, inputs):
    expected, (local,) = local_load(tmp_path / "local", inputs)
    with ConflictStore(tmp_path / "cluster") as store:
        report = load_on_cluster(inputs, store, cluster, tmp_path / "shards", progress=False, partition_size=3)
        found = quads(store)
        events = {(r["a"].value.rsplit("/", 1)[1], r["e"].value) for r in store.query(
            "PREFIX ckg: <https://w3id.org/conflictkg/ontology#> SELECT DISTINCT ?a ?e WHERE { "
            "?e a ckg:AirStrike ; ckg:mention/ckg:article ?a . FILTER(REGEX(STR(?a), '/a[123]$')) }")}
    assert found == expected and len(found) > 1000
    assert report.loaded == local.loaded and report.loaded.count("a2") == 2
    assert [(r.source_file, r.identifier, r.reasons) for r in report.rejected] == \
        [(r.source_file, r.identifier, r.reasons) for r in local.rejected] and report.rejected
    by_article = dict(events)
    assert len(events) == 3 and by_article["a1"] == by_article["a2"] != by_article["a3"]  # 300 killed: renamed
    assert len(list((tmp_path / "shards").glob("*.json.gz"))) == len(list((tmp_path / "shards").glob("*.nq.gz")))


def test_a_cluster_load_onto_a_loaded_store_is_an_incremental_load(tmp_path, cluster, inputs):
    first, second = inputs[:2], inputs[2:] + inputs[:1]  # the same day's reports loaded again
    expected, _ = local_load(tmp_path / "local", first, second)
    with ConflictStore(tmp_path / "cluster") as store:
        load(first, store, progress=False)
        load_on_cluster(second, store, cluster, tmp_path / "shards", progress=False, partition_size=2)
        assert quads(store) == expected


def test_a_re_run_prepares_only_the_partitions_without_a_finished_shard(tmp_path, cluster, inputs):
    shards = tmp_path / "shards"
    with ConflictStore(tmp_path / "first") as store:
        load_on_cluster(inputs, store, cluster, shards, progress=False, partition_size=2)
        expected = quads(store)
    written = {path.name: path.stat().st_mtime_ns for path in shards.iterdir()}
    broken = sorted(shards.glob("*.json.gz"))[1]
    broken.unlink()  # as a worker killed before it finished leaves it
    (shards / broken.name.replace(".json.gz", ".nq.gz")).write_bytes(b"half a shard")
    with ConflictStore(tmp_path / "again") as store:
        load_on_cluster(inputs, store, cluster, shards, progress=False, partition_size=2)
        assert quads(store) == expected
    rewritten = {path.name for path in shards.iterdir() if path.stat().st_mtime_ns != written.get(path.name)}
    assert rewritten == {broken.name, broken.name.replace(".json.gz", ".nq.gz")}


def test_a_shard_is_sorted_gzipped_n_quads_named_after_its_place_and_content(tmp_path, cluster, inputs):
    with ConflictStore(tmp_path / "store") as store:
        load_on_cluster(inputs[:1], store, cluster, tmp_path / "shards", progress=False, partition_size=2)
    names = sorted(path.name for path in (tmp_path / "shards").glob("*.nq.gz"))
    assert [name[:12] for name in names] == ["part-000000-", "part-000001-"]
    lines = gzip.open(tmp_path / "shards" / names[0], "rt", encoding="utf-8").read().splitlines()
    assert lines and all(line.endswith(" .") and line.count("<") >= 3 for line in lines)
    with ConflictStore(tmp_path / "other") as store:  # the same inputs: the same names
        load_on_cluster(inputs[:1], store, cluster, tmp_path / "shards2", progress=False, partition_size=2)
    assert sorted(path.name for path in (tmp_path / "shards2").glob("*.nq.gz")) == names


def test_a_remote_store_is_written_through_oxigraph_server_s_store(tmp_path, cluster, inputs):
    expected, _ = local_load(tmp_path / "local", inputs)
    server = OxigraphServer(tmp_path / "oxigraph")
    try:
        endpoints = RemoteEndpoints(query=server.url + "/query", graph_store=server.url + "/store")
        store = RemoteStore(endpoints, Minter())
        load_on_cluster(inputs, store, cluster, tmp_path / "shards", progress=False, partition_size=3)
        dumped = requests.get(server.url + "/store", headers={"Accept": "application/n-quads"}, timeout=60).text
    finally:
        server.stop()
    import pyoxigraph as ox
    found = sorted(str(q) for q in ox.parse(dumped.encode(), format=ox.RdfFormat.N_QUADS)
                   if "/graph/version" not in str(q.graph_name))
    assert found == expected


def test_the_command_loads_through_a_scheduler_s_address_and_says_when_it_cannot_reach_one(tmp_path, cluster, samples):
    from click.testing import CliRunner

    from conflictkg.cli import main
    store, shards = tmp_path / "store", tmp_path / "shards"
    result = CliRunner().invoke(main, ["load", "--quiet", "--no-publish", "--store", str(store), "--cluster",
                                       cluster.scheduler_address, "--shards", str(shards), str(samples)])
    assert result.exit_code == 0 and "loaded 2 article(s), rejected 0" in result.output
    assert len(list(shards.glob("*.json.gz"))) == 1
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):  # nothing listens there: give up soon
        result = CliRunner(env={"CONFLICTKG_CLUSTER": "tcp://127.0.0.1:9"}).invoke(
            main, ["load", "--quiet", "--no-publish", "--store", str(tmp_path / "other"), "--shards", str(shards),
                   str(samples)])
    assert result.exit_code == 1 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.output
    assert "Traceback" not in result.output


def test_a_worker_with_other_code_refuses_to_write_a_shard(tmp_path, samples):
    from conflictkg.loaders import read_articles
    from conflictkg.shards import write_shard
    articles = list(read_articles(next(samples.glob("*.txt"))))
    with pytest.raises(RuntimeError, match="other ConflictKG code"):
        write_shard(tmp_path, "part-000000-x", articles, Minter().base, "0" * 64)
    assert list(tmp_path.iterdir()) == []
