"""The query mix through ConflictKG's endpoint, side by side with Oxigraph's own server on the same store.

    pip install oxigraph            # Oxigraph's command-line server (the peer), not needed otherwise
    python -m bench.peers --articles 2000 --repeat 15

It loads synthetic reports (bench/corpus.py) into a temporary store, serves it with ConflictKG (werkzeug,
threaded, query workers as configured) and with `oxigraph serve-read-only` on loopback, and times every
query of sparql/ plus standard researcher queries on both, one client at a time. It prints the median
latency of each and the ratio ConflictKG / Oxigraph (the target is at most 1.25x).
"""
from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from werkzeug.serving import make_server

from bench.corpus import write_jsonl
from bench.extraction import machine

RESEARCHER_QUERIES = {
    "counts_by_type": """PREFIX ckg: <https://w3id.org/conflictkg/ontology#>
        SELECT ?type (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?type . ?type rdfs:subClassOf ckg:ConflictEvent }
        GROUP BY ?type ORDER BY DESC(?n)""",
    "events_in_a_country": """PREFIX ckg: <https://w3id.org/conflictkg/ontology#>
        SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e ckg:place/ckg:within* ?p . ?p rdfs:label "Syria" }""",
    "text_filter_on_quotes": """PREFIX ckg: <https://w3id.org/conflictkg/ontology#>
        SELECT ?m ?q WHERE { ?m ckg:quote ?q FILTER(CONTAINS(LCASE(?q), "market")) } LIMIT 100""",
    "date_range": """PREFIX ckg: <https://w3id.org/conflictkg/ontology#>
        PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        SELECT ?e ?d WHERE { ?e ckg:startDate ?d FILTER(?d >= "2023-01-01"^^xsd:date && ?d < "2023-07-01"^^xsd:date) }""",
}
PREFIXES = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed(url: str, query: str) -> float:
    data = urllib.parse.urlencode({"query": query}).encode()
    req = urllib.request.Request(url, data=data, headers={"Accept": "application/sparql-results+json"})
    start = time.perf_counter()
    with urllib.request.urlopen(req, timeout=300) as resp:
        resp.read()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--workers", type=int, default=3, help="ConflictKG's query worker processes")
    args = parser.parse_args()
    if shutil.which("oxigraph") is None:
        raise SystemExit("needs Oxigraph's server: pip install oxigraph")
    from conflictkg.pipeline import load
    from conflictkg.resources import example_queries
    from conflictkg.store import ConflictStore
    from server import close_app, create_app

    print(f"machine: {machine()}")
    queries = {q.name: q.text for q in example_queries()}
    queries.update({name: PREFIXES + text for name, text in RESEARCHER_QUERIES.items()})
    with tempfile.TemporaryDirectory() as tmp:
        store_dir = Path(tmp) / "store"
        with ConflictStore(store_dir) as store:
            load([write_jsonl(Path(tmp) / "corpus.jsonl", args.articles)], store, progress=False, workers=2)
            print(f"store: {args.articles} articles, {store.triple_count()} quads")
        app = create_app({"STORE": str(store_dir), "DUMPS": str(Path(tmp) / "dumps"), "QUERY_WORKERS": args.workers,
                          "QUERY_TIMEOUT": 600, "ROW_LIMIT": 10**9})  # no cap: the same answers as the peer
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        ours = f"http://127.0.0.1:{server.server_port}/sparql"
        port = free_port()
        peer = subprocess.Popen(["oxigraph", "serve-read-only", "--location", str(store_dir), "--bind",
                                 f"127.0.0.1:{port}", "--union-default-graph"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        theirs = f"http://127.0.0.1:{port}/query"
        try:
            for _ in range(100):
                try:
                    timed(theirs, "ASK {}")
                    break
                except OSError:
                    time.sleep(0.1)
            print(f"{'query':45} {'ConflictKG ms':>14} {'Oxigraph ms':>12} {'ratio':>6}")
            for name, query in queries.items():
                timed(ours, query), timed(theirs, query)  # warm both
                a, b = [], []
                for _ in range(args.repeat):  # interleaved, so both see the same machine
                    a.append(timed(ours, query))
                    b.append(timed(theirs, query))
                ma, mb = statistics.median(a) * 1000, statistics.median(b) * 1000
                print(f"{name:45} {ma:14.1f} {mb:12.1f} {ma / mb:6.2f}")
        finally:
            peer.terminate()
            peer.wait()
            server.shutdown()
            close_app(app)


if __name__ == "__main__":
    main()
