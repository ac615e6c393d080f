"""A load test of the endpoint on loopback: `conflictkg serve` in its own process, 16 concurrent clients sending the cheap example
queries of sparql/, and one client sending an expensive query that runs into the time limit.

    python -m bench.load --requests 800 --concurrency 16 --timeout 5

It loads the sample articles into a temporary store, then measures, in this order:
  1. the cheap queries alone, one client at a time (their unloaded median);
  2. the cheap queries at the given concurrency, with nothing else running;
  3. the same while the expensive query runs back to back (each one stopped at the time limit).
It prints, for each phase, the requests, the status counts and the latency percentiles, and exits 1 if any
answer was a 5xx other than the deliberate 504 time-outs.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.peers import Server, free_port

EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def request(url: str, query: str) -> tuple[int, float]:
    data = urllib.parse.urlencode({"query": query}).encode()
    req = urllib.request.Request(url, data=data, headers={"Accept": "application/sparql-results+json"})
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=120) as resp:
            resp.read()
            status = resp.status
    except urllib.error.HTTPError as err:
        err.read()
        status = err.code
    return status, time.perf_counter() - start


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def summary(label: str, results: list[tuple[int, float]]) -> dict:
    latencies = [t for _, t in results]
    statuses = Counter(s for s, _ in results)
    row = {"requests": len(results), "statuses": dict(statuses), "median_ms": statistics.median(latencies) * 1000,
           "p99_ms": percentile(latencies, 99) * 1000, "max_ms": max(latencies) * 1000}
    print(f"{label}: {row['requests']} requests, statuses {row['statuses']}, median {row['median_ms']:.1f} ms, "
          f"p99 {row['p99_ms']:.1f} ms, max {row['max_ms']:.1f} ms")
    return row


def run(requests: int, concurrency: int, timeout: float, workers: int) -> int:
    from conflictkg.pipeline import load
    from conflictkg.resources import example_queries, samples_dir
    from conflictkg.store import ConflictStore

    cheap = [q.text for q in example_queries()]
    with tempfile.TemporaryDirectory() as tmp:
        store_dir = Path(tmp) / "store"
        with ConflictStore(store_dir) as store:
            load([samples_dir()], store, progress=False)
        # `conflictkg serve` as users run it, in its own process; every client here comes from one address, so the
        # limits per client are off (tests/test_hostile_clients.py has one hostile client beside a good one)
        port = free_port()
        server = Server("ConflictKG", [sys.executable, "-m", "conflictkg.cli", "serve", "--store", str(store_dir),
                                       "--port", str(port)], f"http://127.0.0.1:{port}/sparql",
                        env={"CONFLICTKG_DUMPS": str(Path(tmp) / "dumps"), "CONFLICTKG_QUERY_TIMEOUT": str(timeout),
                             "CONFLICTKG_QUERY_WORKERS": str(workers), "CONFLICTKG_LONG_QUERIES_PER_CLIENT": "0",
                             "CONFLICTKG_PAUSE_AFTER_STOPPED": "0"})
        url = server.url
        try:
            for q in cheap:  # warm the workers
                request(url, q)
            alone = summary("cheap, one client", [request(url, cheap[i % len(cheap)]) for i in range(100)])
            with ThreadPoolExecutor(concurrency) as pool:
                concurrent = summary(f"cheap, {concurrency} clients", list(pool.map(
                    lambda i: request(url, cheap[i % len(cheap)]), range(requests))))
            stop = threading.Event()
            expensive: list[tuple[int, float]] = []

            def hog():
                while not stop.is_set():
                    expensive.append(request(url, EXPENSIVE))
            hogger = threading.Thread(target=hog)
            hogger.start()
            time.sleep(0.5)
            with ThreadPoolExecutor(concurrency - 1) as pool:
                loaded = summary(f"cheap, {concurrency - 1} clients + 1 expensive", list(pool.map(
                    lambda i: request(url, cheap[i % len(cheap)]), range(requests))))
            stop.set()
            hogger.join()
            summary("expensive (stopped at the time limit)", expensive)
        finally:
            server.stop()
    print(f"cheap p99 under load / unloaded median at the same concurrency: "
          f"{loaded['p99_ms'] / concurrent['median_ms']:.2f}x; / single-client median: "
          f"{loaded['p99_ms'] / alone['median_ms']:.2f}x")
    bad = sum(n for s, n in loaded["statuses"].items() if s >= 500) + sum(
        n for s, n in concurrent["statuses"].items() if s >= 500) + sum(1 for s, _ in expensive if s >= 500 and s != 504)
    print(f"5xx other than the deliberate time-outs: {bad}")
    return 1 if bad else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=800)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--timeout", type=float, default=5.0, help="the server's query time limit, in seconds")
    parser.add_argument("--workers", type=int, default=3, help="the server's query worker processes")
    args = parser.parse_args()
    sys.exit(run(args.requests, args.concurrency, args.timeout, args.workers))


if __name__ == "__main__":
    main()
