"""ConflictKG at a given scale, in one command: a corpus of synthetic reports (bench/corpus.py) loaded with 1 and
2 workers and through the cluster path (a Dask LocalCluster of 2 workers), each load's articles/s, quads/s,
peak memory and store size on disk; then, on the 2-worker store, the query mix and concurrency against
`oxigraph serve-read-only` and the dumps against `oxigraph dump` (bench/peers.py).

    pip install oxigraph 'conflictkg[cluster]'
    python -m bench.scale --articles 100000 --workdir /data/scale      # keeps the corpus and the stores there
    python -m bench.scale --articles 5000 --workdir /tmp/scale --skip-peers

The loads run as `conflictkg load` runs, each in its own process (so each peak is that process tree's). The
figures are for the machine it runs on (printed first); docs/benchmarks.md has a run and a projection."""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from argparse import Namespace
from itertools import islice
from statistics import median
from pathlib import Path

from bench.corpus import articles as synthetic_reports
from bench.extraction import machine
from bench.peers import concurrency, dumps, mix, run_timed


def disk_mb(folder: Path) -> float:
    """The store's files, without the checkpoints readers open (hard links to the same files)."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and "snapshots" not in p.parts) / 2 ** 20


def quads_in(store: Path) -> int:
    from conflictkg.store import ConflictStore
    with ConflictStore(store, read_only=True) as s:
        return s.triple_count()


PART = 10_000  # reports a file: 26 MB, under the loader's limit on one input file


def write_corpus(folder: Path, count: int) -> None:
    """The corpus as JSON Lines files of PART reports, written to a temporary folder first."""
    partial = folder.with_name(folder.name + ".partial")
    partial.mkdir(parents=True, exist_ok=True)
    reports = synthetic_reports(count)
    for number in range(0, count, PART):
        with (partial / f"part-{number // PART:04d}.jsonl").open("w", encoding="utf-8") as f:
            f.writelines(json.dumps(record) + "\n" for record in islice(reports, PART))
    partial.rename(folder)


LOADS = ("1w", "2w", "cluster")  # local loads with 1 and 2 workers, the cluster path with 2


def load(label: str, corpus: Path, store: Path, articles: int, extra: list[str]) -> None:
    command = [sys.executable, "-m", "conflictkg.cli", "load", "--quiet", "--no-publish", "--store", str(store),
               *extra, str(corpus)]
    seconds, peak = run_timed(command)
    quads = quads_in(store)
    print(f"{label:28} {seconds:8.0f} s {articles / seconds:8.1f} articles/s {quads / seconds:10.0f} quads/s "
          f"peak {peak:6.0f} MB  store {disk_mb(store):7.0f} MB on disk, {quads} quads", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--workdir", type=Path, required=True, help="where the corpus, stores and shards go")
    parser.add_argument("--skip-peers", action="store_true", help="the loads and the statistics only")
    parser.add_argument("--loads", nargs="*", choices=LOADS, default=list(LOADS),
                        help="which loads to run, none to measure the stores of an earlier run (the statistics and "
                             "the peers run on the 2-worker store; at 100,000 articles a load takes most of an hour "
                             "on 2 cores)")
    parser.add_argument("--repeat", type=int, default=5, help="rounds of the query mix and of the dumps")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}")
    print("command: python -m bench.scale " + " ".join(sys.argv[1:]))
    corpus = args.workdir / f"corpus-{args.articles}"
    if not corpus.exists():
        start = time.perf_counter()
        write_corpus(corpus, args.articles)
        print(f"corpus: {args.articles} reports, {disk_mb(corpus):.0f} MB, {time.perf_counter() - start:.0f} s")
    stores = {w: args.workdir / f"store-{args.articles}-{w}w" for w in (1, 2)}
    for workers, store in stores.items():
        if f"{workers}w" in args.loads:
            subprocess.run(["rm", "-rf", str(store)], check=True)
            load(f"local load, {workers} worker(s)", corpus, store, args.articles, ["--workers", str(workers)])
    if "cluster" in args.loads:
        cluster_load(args, corpus)
    if stores[2].exists():
        statistics_cube(stores[2], args.repeat)
    if args.skip_peers:
        return
    peers = Namespace(store=str(stores[2]), articles=args.articles, repeat=args.repeat, seconds=8, no_rdflib=True,
                      queries=None, rdflib_repeat=1, rdflib_timeout=60, oxigraph_formats_only=False)
    print("\nthe query mix, against Oxigraph's server on the same store:")
    mix(peers)
    print("\nconcurrency:")
    concurrency(peers)
    print("\ndumps, against oxigraph dump:")
    dumps(Namespace(**{**vars(peers), "repeat": max(1, args.repeat // 2)}))


def statistics_cube(store_path: Path, repeat: int) -> None:
    """The statistics (conflictkg.cube) on the 2-worker store: computing them again from the store as a load
    does (here with nothing changed, as after a load of articles already stored), and each example query that
    reads them against its twin over the raw events (sparql/raw/), in the engine (the endpoint adds its own:
    `python -m bench.peers mix --queries ...`)."""
    from conflictkg import cube
    from conflictkg.resources import example_queries
    from conflictkg.store import ConflictStore
    with ConflictStore(store_path) as store:
        start = time.perf_counter()
        cube.refresh(store)
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        start = time.perf_counter()
        events = len(cube.stored_events(store)[0])
        read = time.perf_counter() - start
        observations = int(next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?o <http://purl.org/linked-data/"
                                                 "cube#dataSet> ?d }")))["n"].value)
        print(f"\nstatistics: {events} events, {observations} observations; computed again in {seconds:.1f} s "
              f"(reading the events {read:.1f} s of it), this process's peak memory {peak:.0f} MB")
        print(f"{'query':44} {'rows':>6} {'cube ms':>9} {'raw ms':>9}  (median of {repeat}; raw: of 1)")
        for query in example_queries():
            raw = query.path.parent / "raw" / query.path.name
            if raw.exists():
                times = []
                for _ in range(repeat + 1):  # the first warms the cache
                    begin = time.perf_counter()
                    rows = list(store.query(query.text))
                    times.append(time.perf_counter() - begin)
                begin = time.perf_counter()
                same = sorted(map(str, rows)) == sorted(map(str, store.query(raw.read_text(encoding="utf-8"))))
                print(f"{query.name:44} {len(rows):6} {median(times[1:]) * 1000:9.1f} "
                      f"{(time.perf_counter() - begin) * 1000:9.0f}  {'same answer' if same else 'DIFFERENT ANSWER'}",
                      flush=True)


def cluster_load(args: Namespace, corpus: Path) -> None:
    try:
        from distributed import LocalCluster
    except ImportError:
        print("cluster path: skipped (pip install 'conflictkg[cluster]')")
    else:
        store, shards = args.workdir / f"store-{args.articles}-cluster", args.workdir / f"shards-{args.articles}"
        subprocess.run(["rm", "-rf", str(store), str(shards)], check=True)
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
            load("cluster path, 2 workers", corpus, store, args.articles,
                 ["--cluster", cluster.scheduler_address, "--shards", str(shards)])


if __name__ == "__main__":
    main()
