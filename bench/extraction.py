"""Extraction and loading throughput, and memory over a long load (issue 3's speed figures).

    python -m bench.extraction extract --articles 2000        # articles/s (and triples/s) through extraction
    python -m bench.extraction load --articles 2000           # extract + validate + infer + store, one core
    python -m bench.extraction load --articles 2000 --workers 2   # the same with two processes preparing
    python -m bench.extraction load --articles 600 --workers 1,2  # both in turn, and the speed-up
    python -m bench.extraction stages --articles 300          # CPU per article of each stage, one process
    python -m bench.extraction memory --articles 10000        # resident memory while loading, per 1,000

Articles come from bench/corpus.py (synthetic, ~400 words, deterministic). Each figure is the median of
--repeat runs, printed with the machine it ran on, as articles per second of wall time and per CPU-second of
the process (all its threads) and its worker processes: on a shared machine the second is the steadier
measure of the cost per core. `--workers 1,2` runs the counts in turn, round by round, prints the speed-up,
and the share of CPU time the hypervisor gave to other guests meanwhile (steal), which slows wall time only.
"""
from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import tempfile
import time
from pathlib import Path
from typing import Callable

from bench.corpus import write_jsonl
from conflictkg.pipeline import load
from conflictkg.store import ConflictStore
from conflictkg.loaders import ArticleRecord, read_articles
from conflictkg.loaders.incidents import article_incidents
from conflictkg.loaders.gazetteer import gazetteer
from conflictkg.graph import article_graph


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (a load's worker processes)."""
    return own_cpu_seconds() + children_cpu_seconds()


def own_cpu_seconds() -> float:
    """CPU time of this process alone: with workers, the loading process's share (reading, storing)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def children_cpu_seconds() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return children.ru_utime + children.ru_stime


def records(count: int, workdir: Path) -> list[ArticleRecord]:
    path = write_jsonl(workdir / "corpus.jsonl", count)
    return [a for a in read_articles(path) if isinstance(a, ArticleRecord)]


def bench_extract(count: int, repeat: int, workdir: Path) -> None:
    batch = records(count, workdir)
    words = statistics.mean(len(a.text.split()) for a in batch)
    gazetteer()  # built or read once per process, as in a load
    triples = sum(len(article_graph(a)) for a in batch)  # the graphs' size, for a rate in triples as well
    for label, step in (("facts (article_incidents)", article_incidents), ("facts + RDF graph", article_graph)):
        rates, cpu_rates = [], []
        for _ in range(repeat):
            start, cpu = time.perf_counter(), time.process_time()
            for article in batch:
                step(article)
            rates.append(len(batch) / (time.perf_counter() - start))
            cpu_rates.append(len(batch) / (time.process_time() - cpu))
        rate = statistics.median(rates)
        in_triples = f", {rate * triples / len(batch):.0f} triples/s" if step is article_graph else ""
        print(f"extraction, {label}: {rate:.1f} articles/s wall{in_triples}, "
              f"{statistics.median(cpu_rates):.1f} per CPU-second (median of {repeat}, {len(batch)} articles "
              f"of {words:.0f} words)")


def bench_load(count: int, repeat: int, workdir: Path, workers: list[int]) -> None:
    """Each worker count in turn, `repeat` rounds, so that all see the same machine; with two counts, also the
    speed-up of the second over the first, the median of the rounds' ratios."""
    path = write_jsonl(workdir / "corpus.jsonl", count)
    gazetteer()
    rates: dict[int, list[float]] = {w: [] for w in workers}
    cpu_rates: dict[int, list[float]] = {w: [] for w in workers}
    quad_rates: dict[int, list[float]] = {w: [] for w in workers}
    own_ms: dict[int, list[float]] = {w: [] for w in workers}  # CPU of the loading process per article
    worker_ms: dict[int, list[float]] = {w: [] for w in workers}  # CPU of the worker processes per article
    steal: list[float] = []
    for i in range(repeat):
        for w in workers:
            with ConflictStore(workdir / f"store{i}-{w}") as store:
                start, cpu, stolen = time.perf_counter(), cpu_seconds(), steal_since()
                own, children = own_cpu_seconds(), children_cpu_seconds()
                report = load([path], store, progress=False, workers=w)
                elapsed = time.perf_counter() - start
                own_ms[w].append(1000 * (own_cpu_seconds() - own) / len(report.loaded))
                worker_ms[w].append(1000 * (children_cpu_seconds() - children) / len(report.loaded))
                rates[w].append(len(report.loaded) / elapsed)
                # stored: asserted and inferred triples, each in its article's graph, and the entity graphs
                quad_rates[w].append(store.triple_count() / elapsed)
                # CPU time of the process (RocksDB's background threads included) and of its worker processes:
                # the cost per core, which other tenants of a shared machine do not change
                cpu_rates[w].append(len(report.loaded) / (cpu_seconds() - cpu))
                steal.append(stolen())
                assert not report.rejected, report.rejected[:3]
    for w in workers:
        print(f"loading (extract + SHACL + inference + store), {w} worker(s): "
              f"{statistics.median(rates[w]):.1f} articles/s wall ({statistics.median(quad_rates[w]):.0f} quads "
              f"stored/s), {statistics.median(cpu_rates[w]):.1f} per CPU-second (median of {repeat}, {count} "
              f"articles)")
    for w in workers:
        if w > 1:
            print(f"  {w} worker(s): the loading process {statistics.median(own_ms[w]):.1f} ms of CPU per article "
                  f"(reading, storing), the workers {statistics.median(worker_ms[w]):.1f} ms")
    if len(workers) >= 2 and max(workers) > 1:
        w = max(workers)
        parent, each = statistics.median(own_ms[w]), statistics.median(worker_ms[w])
        for cores in (16, 64):  # on paper: the workers' rate, until the loading process is busy all the time
            print(f"  on paper, {cores} cores ({cores - 1} workers and the loading process): "
                  f"{min((cores - 1) * 1000 / each, 1000 / parent):.0f} articles/s (workers alone "
                  f"{(cores - 1) * 1000 / each:.0f}, the loading process at most {1000 / parent:.0f})")
    if len(workers) == 2:
        one, more = workers
        ratios = [b / a for a, b in zip(rates[one], rates[more])]
        print(f"speed-up, {more} worker(s) over {one}: {statistics.median(ratios):.2f}x "
              f"(median of {repeat} rounds: {', '.join(f'{r:.2f}' for r in ratios)})")
    if steal:
        print(f"CPU time taken by other guests of the machine (steal) during the loads: "
              f"{100 * statistics.median(steal):.0f}% median, {100 * max(steal):.0f}% at most")


def steal_since() -> Callable[[], float]:
    """A function giving the share of this machine's CPU time that the hypervisor gave to other guests while
    this one wanted it (steal), from this call until it is called."""
    before, started = _steal_seconds(), time.perf_counter()
    return lambda: (_steal_seconds() - before) / (time.perf_counter() - started) / (os.cpu_count() or 1)


def _steal_seconds() -> float:
    """The machine's steal time so far (Linux; 0 elsewhere)."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()
    except OSError:
        return 0.0
    return int(fields[8]) / os.sysconf("SC_CLK_TCK") if len(fields) > 8 else 0.0


def bench_stages(count: int, workdir: Path) -> None:
    """CPU time of each stage of preparing and storing an article, in one process: where a load's time goes."""
    from collections import defaultdict

    from conflictkg.graph import GraphBuilder
    from conflictkg.inference import entailments
    from conflictkg.pipeline import article_quads
    from conflictkg.rdf import Quads, oxigraph_triples
    from conflictkg.same_incident import Settled
    from conflictkg.settling import Settler
    from conflictkg.validation import violations

    batch = records(count, workdir)
    gazetteer()
    spent: dict[str, float] = defaultdict(float)

    def timed(stage: str, step, *args):
        start = time.process_time()
        value = step(*args)
        spent[stage] += time.process_time() - start
        return value

    with ConflictStore(workdir / "store") as store:
        settler = Settler(store)
        minter = store.minter
        for article in batch:
            incidents = timed("facts (article_incidents)", article_incidents, article)
            graph, candidates = timed("graph (GraphBuilder.build)", GraphBuilder(minter).build, article, incidents)
            triples = timed("to pyoxigraph", oxigraph_triples, graph)
            timed("SHACL (violations)", violations, graph, triples)
            inferred = timed("inference (entailments)", lambda: oxigraph_triples(entailments(graph, minter.base)))
            own, shared = timed("to pyoxigraph", lambda: [Quads.of(q) for q in article_quads(
                minter, article.identifier, triples, inferred)])
            settled = timed("to pyoxigraph", lambda: [Settled.of(c, triples) for c in candidates])
            timed("same incident and store (Settler)", settler.add, article.identifier,
                  article.source_file, own, shared, settled)
        timed("same incident and store (Settler)", settler.close)
    total = sum(spent.values())
    for stage, seconds in spent.items():
        print(f"{stage:36} {1000 * seconds / len(batch):6.2f} ms of CPU an article")
    print(f"{'total':36} {1000 * total / len(batch):6.2f} ms ({len(batch) / total:.1f} articles per CPU-second, "
          f"{len(batch)} articles)")


def bench_memory(count: int, workdir: Path) -> None:
    gazetteer()
    print(f"resident memory before loading: {rss_mb():.0f} MB")
    with ConflictStore(workdir / "store") as store:
        done = 0
        while done < count:
            part = write_jsonl(workdir / "part.jsonl", 1000, seed=done + 1)
            load([part], store, progress=False)
            done += 1000
            print(f"after {done:>6} articles: {rss_mb():.0f} MB resident")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("figure", choices=["extract", "load", "stages", "memory"])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", default="1", help="load: processes preparing articles; a list such as 1,2 "
                        "measures each in turn, round by round, and the speed-up")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        if args.figure == "extract":
            bench_extract(args.articles, args.repeat, workdir)
        elif args.figure == "load":
            bench_load(args.articles, args.repeat, workdir, [int(w) for w in args.workers.split(",")])
        elif args.figure == "stages":
            bench_stages(args.articles, workdir)
        else:
            bench_memory(args.articles, workdir)


if __name__ == "__main__":
    main()
