"""Extraction and loading throughput, and memory over a long load (issue 3's speed figures).

    python -m bench.extraction extract --articles 2000        # articles/s through extraction, one core
    python -m bench.extraction load --articles 2000           # extract + validate + infer + store, one core
    python -m bench.extraction load --articles 2000 --workers 2   # the same with two processes preparing
    python -m bench.extraction memory --articles 10000        # resident memory while loading, per 1,000

Articles come from bench/corpus.py (synthetic, ~400 words, deterministic). Each figure is the median of
--repeat runs, printed with the machine it ran on, as articles per second of wall time and per CPU-second of
the process (all its threads): on a shared machine the second is the steadier measure of the cost per core.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

from bench.corpus import write_jsonl
from conflictkg.pipeline import load
from conflictkg.store import ConflictStore
from loaders import ArticleRecord, read_articles
from loaders.extract import article_events
from loaders.gazetteer import gazetteer
from loaders.graph import article_graph


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def records(count: int, workdir: Path) -> list[ArticleRecord]:
    path = write_jsonl(workdir / "corpus.jsonl", count)
    return [a for a in read_articles(path) if isinstance(a, ArticleRecord)]


def bench_extract(count: int, repeat: int, workdir: Path) -> None:
    batch = records(count, workdir)
    words = statistics.mean(len(a.text.split()) for a in batch)
    gazetteer()  # built or read once per process, as in a load
    for label, step in (("facts (article_events)", article_events), ("facts + RDF graph", article_graph)):
        rates, cpu_rates = [], []
        for _ in range(repeat):
            start, cpu = time.perf_counter(), time.process_time()
            for article in batch:
                step(article)
            rates.append(len(batch) / (time.perf_counter() - start))
            cpu_rates.append(len(batch) / (time.process_time() - cpu))
        print(f"extraction, {label}: {statistics.median(rates):.1f} articles/s wall, "
              f"{statistics.median(cpu_rates):.1f} per CPU-second (median of {repeat}, {len(batch)} articles "
              f"of {words:.0f} words)")


def bench_load(count: int, repeat: int, workdir: Path, workers: int = 1) -> None:
    path = write_jsonl(workdir / "corpus.jsonl", count)
    gazetteer()
    rates, cpu_rates = [], []
    for i in range(repeat):
        with ConflictStore(workdir / f"store{i}") as store:
            start, cpu = time.perf_counter(), time.process_time()
            report = load([path], store, progress=False, workers=workers)
            rates.append(len(report.loaded) / (time.perf_counter() - start))
            # CPU time of the whole process, RocksDB's background threads included: the cost per core
            cpu_rates.append(len(report.loaded) / (time.process_time() - cpu))
            assert not report.rejected, report.rejected[:3]
    print(f"loading (extract + SHACL + inference + store), {workers} worker(s): "
          f"{statistics.median(rates):.1f} articles/s wall, "
          f"{statistics.median(cpu_rates):.1f} per CPU-second (median of {repeat}, {count} articles)")


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
    parser.add_argument("figure", choices=["extract", "load", "memory"])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1, help="load: processes preparing articles")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        if args.figure == "extract":
            bench_extract(args.articles, args.repeat, workdir)
        elif args.figure == "load":
            bench_load(args.articles, args.repeat, workdir, args.workers)
        else:
            bench_memory(args.articles, workdir)


if __name__ == "__main__":
    main()
