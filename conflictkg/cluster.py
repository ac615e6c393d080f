"""Loading on a Dask cluster: the articles are read here, in partitions; the cluster's workers prepare each
partition (extract, validate, infer) and write its shard (conflictkg.shards) into a folder this process and
every worker reach; then this process settles the same-incident check across articles, in input order, and adds
the shards to the store by its bulk path. The store ends up as a local load, article by article, leaves it.

A re-run after a crash prepares only the partitions with no finished shard. Without a cluster address, `load`
keeps its local process pool (conflictkg.pipeline)."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from tqdm import tqdm

from conflictkg.loaders import input_files
from .pipeline import LoadReport, Rejection, build_gazetteer, read_inputs, refuse, stamp, warm
from .settling import Settler
from .shards import code_digest, is_finished, partitions, read_shard, write_shard
from .store import GraphStore

PARTITION_SIZE = 64  # articles per shard: a few seconds of a worker's time


class ClusterError(RuntimeError):
    """The cluster cannot be used (not installed, not reachable)."""


def load_on_cluster(paths: Iterable[Path], store: GraphStore, cluster, shards: Path, progress: bool = True,
                    partition_size: int = PARTITION_SIZE) -> LoadReport:
    """Load every article of the inputs through `cluster` (a Dask scheduler's address, or a Dask cluster
    object such as LocalCluster). `shards` must be a folder the workers can write to."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise ClusterError("a cluster load needs Dask's distributed: pip install 'conflictkg[cluster]'") from None
    shards.mkdir(parents=True, exist_ok=True)
    base, code = store.minter.base, code_digest()
    files = list(input_files(paths))
    names = []
    bar = tqdm(desc="preparing", unit=" article", disable=not progress)
    build_gazetteer(progress)  # for the workers on this machine
    try:
        client = Client(cluster)  # waits as Dask's distributed.comm.timeouts.connect says (30 s)
    except OSError as err:
        raise ClusterError(f"cannot reach the Dask scheduler at {cluster}: {err}") from None
    with bar, client:
        client.run(warm)  # each worker reads the gazetteer's index before its first article
        running = as_completed()
        limit = 2 * max(1, sum(client.nthreads().values()))  # partitions in flight: the rest wait here, unread
        for partition in partitions(read_inputs(files, bar), partition_size):
            name = partition.name(base)
            names.append(name)
            if is_finished(shards, name):
                bar.update(len(partition.items))
                continue
            running.add(client.submit(write_shard, shards, name, partition.items, base, code, pure=False))
            while running.count() >= limit:
                bar.update(next(running).result())
        for done in running:
            bar.update(done.result())
    return store_shards(store, shards, names, progress)


def store_shards(store: GraphStore, shards: Path, names: list[str], progress: bool = True) -> LoadReport:
    """Store the articles of finished shards, in the order given, as a local load stores them
    (conflictkg.settling: the same-incident check settled in memory, batches added by the store's bulk path)."""
    report = LoadReport()
    settler = Settler(store)
    for name in tqdm(names, desc="storing", unit=" shard", disable=not progress):
        for item, own, shared in read_shard(shards, name):
            if item.rejected is not None:
                report.rejected.append(Rejection(item.source_file, item.identifier, item.rejected))
                continue
            settler.add(item.identifier, item.source_file, own, shared, item.candidates)
            report.loaded.append(item.identifier)
    settler.close()
    stamp(store)
    refuse(report, settler.refused)
    return report
