"""ConflictKG's endpoint side by side with what researchers would otherwise run over the same data: Oxigraph's
own server (`oxigraph serve-read-only`, on the same store) and rdflib-endpoint (over the same triples, in rdflib's
engine). Every server runs as its own process on loopback, started as a user would start it.

    pip install oxigraph "rdflib-endpoint[cli]"      # the peers; not needed otherwise
    python -m bench.peers mix --articles 2000 --repeat 9          # the query mix: median latency of each query
        [--earlier DIR]  # and the code of an earlier commit (git worktree add DIR COMMIT), on the same store
    python -m bench.peers concurrency --articles 2000 --seconds 8  # requests/s, p50 and p99 at 1, 8, 32 clients
        [--earlier DIR]  # the same
    python -m bench.peers dumps --articles 2000 --repeat 3        # dumps and bulk import vs oxigraph dump / load
    python -m bench.peers new-queries --articles 2000 --repeat 3  # latency of queries neither server has seen

Each command builds a store of synthetic reports (bench/corpus.py) in a temporary folder, or uses --store DIR
(a store made by `python -m bench.corpus --store DIR`). Peers are measured interleaved, in one run, so they see
the same machine; the ratios are the figures to compare. Peak memory (VmHWM) of each server is printed at the end.
"""
from __future__ import annotations

import argparse
import gzip
import http.client
import itertools
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bench.corpus import write_jsonl
from bench.extraction import machine, steal_since
from conflictkg.settings import setting

PREFIXES = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
            "PREFIX ckg: <https://w3id.org/conflictkg/ontology#>\n"
            "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
            "PREFIX dcterms: <http://purl.org/dc/terms/>\n")
# the standard researcher queries, beside the named examples in sparql/
RESEARCHER_QUERIES = {
    "counts_by_type": """SELECT ?type (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?type .
        ?type rdfs:subClassOf ckg:ConflictEvent } GROUP BY ?type ORDER BY DESC(?n)""",
    "monthly_deaths_per_perpetrator": """SELECT ?perpetrator ?month (SUM(?n) AS ?deaths) WHERE {
        { SELECT DISTINCT ?perpetrator ?c ?n ?d WHERE { ?e ckg:perpetrator ?perpetrator ; ckg:startDate ?d ;
          ckg:casualty ?c . ?c ckg:outcome ckg:Killed ; ckg:count ?n } }
        BIND(SUBSTR(STR(?d), 1, 7) AS ?month) } GROUP BY ?perpetrator ?month ORDER BY ?month""",
    "events_in_a_country_by_name": """SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e ckg:place/ckg:within+ ?p .
        ?p rdfs:label "Syria" }""",
    "text_filter_on_quotes": """SELECT ?m ?q WHERE { ?m ckg:quote ?q FILTER(CONTAINS(LCASE(?q), "market")) }
        LIMIT 100""",
    "date_range": """SELECT ?e ?d WHERE { ?e ckg:startDate ?d
        FILTER(?d >= "2020-01-01"^^xsd:date && ?d < "2020-07-01"^^xsd:date) }""",
}
NUMBERS = itertools.count()  # of the comments that make each query new
CHEAP = "SELECT ?title WHERE { ?a a ckg:Article ; dcterms:title ?title } LIMIT 10"
MEDIUM = RESEARCHER_QUERIES["counts_by_type"]
# what ConflictKG answers a query it stops at one of its limits (on a large store, the mix's heaviest queries)
STOPPED = {504: "stopped at QUERY_TIMEOUT", 507: "stopped at its share of memory (QUERY_MEMORY_MB)"}
RESULTS = "application/sparql-results+json"
TRIPLES = "application/n-triples"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ask(url: str, query: str, accept: str = RESULTS, timeout: float = 600, source: str | None = None) -> bytes:
    """The answer's body (HTTPError for a status of 400 or more), sent from the `source` address if one is given
    (on loopback, any of 127.0.0.0/8: the server sees a client of that address)."""
    data = urllib.parse.urlencode({"query": query}).encode()
    if source is None:
        req = urllib.request.Request(url, data=data, headers={"Accept": accept})
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.read()
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout, source_address=(source, 0))
    try:
        connection.request("POST", parts.path, body=data, headers={
            "Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    if response.status >= 400:
        raise urllib.error.HTTPError(url, response.status, response.reason, response.headers, None)
    return body


def timed(url: str, query: str, accept: str = RESULTS, timeout: float = 600, source: str | None = None) -> float:
    start = time.perf_counter()
    ask(url, query, accept, timeout, source)
    return time.perf_counter() - start


def descendants(pid: int) -> list[int]:
    """A process and all its descendants (Linux: a child is listed under the thread that started it)."""
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        for children in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                stack += [int(c) for c in children.read_text().split()]
            except OSError:
                pass
    return found


def peak_memory_mb(pid: int) -> float:
    """Peak resident memory of a process and its descendants (Linux VmHWM, summed over the processes)."""
    total = 0
    for p in descendants(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


class Server:
    def __init__(self, name: str, command: list[str], url: str, env: dict | None = None, wait: float = 120,
                 cwd: Path | None = None):
        self.name, self.url = name, url
        # the log goes to a file: a pipe nobody reads fills up and blocks the server's request logging
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=self.log,
                                        env={**os.environ, **(env or {})}, cwd=cwd)
        deadline = time.monotonic() + wait
        while True:
            try:
                ask(url, "ASK { ?s ?p ?o }", timeout=5)
                return
            except (OSError, urllib.error.HTTPError):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    self.log.seek(0)
                    raise SystemExit(f"{name} did not start: {self.log.read().decode()[-2000:]}")
                time.sleep(0.2)

    def peak_memory_mb(self) -> float:
        return peak_memory_mb(self.process.pid)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def conflictkg(store: Path, workdir: Path, checkout: Path | None = None) -> Server:
    """`conflictkg serve` as a user runs it, with the default workers; no row cap and a time limit of 10 minutes, so
    the answers match the peers' (Oxigraph's server runs a query to its end). With `checkout` (a git worktree of an
    earlier commit), that code serves the same store with the same settings: before and after a change, in one
    run (`python -m` puts the working folder first on the path)."""
    port = free_port()
    name = f"ConflictKG at {checkout.name}" if checkout else "ConflictKG"
    env = {"CONFLICTKG_DUMPS": str(workdir / (f"dumps-{checkout.name}" if checkout else "dumps")),
           "CONFLICTKG_ROW_LIMIT": str(10**9), "CONFLICTKG_QUERY_TIMEOUT": "600"}
    if checkout:
        env["PYTHONPATH"] = str(checkout)
    return Server(name, [sys.executable, "-m", "conflictkg.cli", "serve", "--store", str(store), "--port", str(port)],
                  f"http://127.0.0.1:{port}/sparql", env=env, wait=3600, cwd=checkout)  # it publishes a store first


def oxigraph(store: Path) -> Server:
    port = free_port()
    return Server("Oxigraph", ["oxigraph", "serve-read-only", "--location", str(store), "--bind",
                               f"127.0.0.1:{port}", "--union-default-graph"], f"http://127.0.0.1:{port}/query")


def rdflib_endpoint(store: Path, workdir: Path) -> Server | None:
    """rdflib-endpoint over the union of the store (Turtle), in rdflib's own engine."""
    if shutil.which("rdflib-endpoint") is None:
        print("rdflib-endpoint: not installed (pip install 'rdflib-endpoint[cli]'); left out")
        return None
    data = workdir / "union.ttl"
    if not data.exists():
        from conflictkg.formats import rdf_format
        from conflictkg.store import ConflictStore
        with ConflictStore(store, read_only=True) as s:
            s.dump_to(data, rdf_format("turtle"))
    port = free_port()
    return Server("rdflib-endpoint", ["rdflib-endpoint", "serve", "--host", "127.0.0.1", "--port", str(port),
                                      str(data)], f"http://127.0.0.1:{port}/", wait=3600)


@contextmanager
def prepared_store(args):
    """(store folder, scratch folder): the --store given (its scratch folder beside it, <store>-bench, kept: the
    publication `conflictkg serve` writes at start-up takes minutes at 100,000 articles), or a new one of
    --articles synthetic reports."""
    if args.store:
        workdir = Path(args.store).with_name(Path(args.store).name + "-bench")
        workdir.mkdir(exist_ok=True)
        yield Path(args.store), workdir
        return
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        from conflictkg.pipeline import load
        from conflictkg.store import ConflictStore
        store = workdir / "store"
        with ConflictStore(store) as s:
            load([write_jsonl(workdir / "corpus.jsonl", args.articles)], s, progress=False,
                 workers=os.cpu_count() or 1)
            print(f"store: {args.articles} articles, {s.triple_count()} quads")
        yield store, workdir


def the_queries(store_url: str) -> dict[str, tuple[str, str]]:
    """name -> (query, accept): sparql/ and the researcher queries, and a DESCRIBE of one event."""
    from conflictkg.resources import example_queries
    queries = {q.name: (q.text, RESULTS) for q in example_queries()}
    # the queries that read the statistics (conflictkg.cube), computed again from the raw events
    queries.update({f"raw/{q.name}": (raw.read_text(encoding="utf-8"), RESULTS) for q in example_queries()
                    if (raw := q.path.parent / "raw" / q.path.name).exists()})
    queries.update({name: (PREFIXES + text, RESULTS) for name, text in RESEARCHER_QUERIES.items()})
    import json
    rows = json.loads(ask(store_url, PREFIXES + "SELECT ?e WHERE { ?e a ckg:ConflictEvent } ORDER BY ?e LIMIT 1"))
    event = rows["results"]["bindings"][0]["e"]["value"]
    queries["describe_one_event"] = (f"DESCRIBE <{event}>", TRIPLES)
    return queries


def mix(args) -> None:
    with prepared_store(args) as (store, workdir), ExitStack() as stack:
        ours = conflictkg(store, workdir)
        stack.callback(ours.stop)
        theirs = oxigraph(store)
        stack.callback(theirs.stop)
        earlier = args.earlier and conflictkg(store, workdir, Path(args.earlier).resolve())
        if earlier:
            stack.callback(earlier.stop)
        slow = None
        if not args.no_rdflib:
            start = time.perf_counter()
            slow = rdflib_endpoint(store, workdir)
            if slow:
                stack.callback(slow.stop)
                print(f"rdflib-endpoint loaded the union in {time.perf_counter() - start:.0f} s")
        queries = the_queries(theirs.url)
        if args.queries:
            wanted = [name.strip() for name in args.queries.split(",")]
            unknown = [name for name in wanted if name not in queries]
            if unknown:
                raise SystemExit(f"unknown queries: {', '.join(unknown)}; known: {', '.join(queries)}")
            queries = {name: queries[name] for name in wanted}
        print(f"median of {args.repeat} runs (rdflib-endpoint: of {args.rdflib_repeat}), one client, ms; ratio: the "
              "median of the runs' ratios, each run a pair of answers in a row (the machine's speed drifts); each run "
              "is new to ConflictKG (a comment of its own), which runs it; repeated: ConflictKG's answer to the "
              "same query sent again (its answer cache)")
        print(f"{'query':42} {'ConflictKG':>11} {'Oxigraph':>10} {'ratio':>6} {'repeated':>9}" + (
            f" {'earlier':>10} {'ratio':>6} {'repeated':>9}" if earlier else "") + f" {'rdflib-ep':>10} {'rdflib/CKG':>10}")
        for name, (query, accept) in queries.items():
            try:
                timed(ours.url, query, accept)  # warm both
            except urllib.error.HTTPError as err:  # stopped at a limit, as a user would be; Oxigraph's time, once
                if err.code not in STOPPED:
                    raise
                print(f"{name:42} {err.code:>11} {timed(theirs.url, query, accept) * 1000:10.1f}   (ConflictKG: "
                      f"{STOPPED[err.code]}; Oxigraph's server has no limit)", flush=True)
                time.sleep(setting("PAUSE_AFTER_STOPPED"))  # the client's next queries would get a 429 until then
                continue
            runs = [ours, theirs, *([earlier] if earlier else [])]
            for server in runs[1:]:
                timed(server.url, query, accept)
            times: dict[str, list[float]] = {server.name: [] for server in runs}
            for i in range(args.repeat):  # in a row, the order turned each time (the machine's speed drifts)
                run = f"{query}\n# run {i}"  # new to each: run by ConflictKG, not sent from its answer cache
                for server in runs[i % len(runs):] + runs[:i % len(runs)]:
                    times[server.name].append(timed(server.url, run, accept))
            a, b = times[ours.name], times[theirs.name]
            kept = statistics.median(timed(ours.url, query, accept) for _ in range(3)) * 1000  # the warm-up's answer
            ma, mb = statistics.median(a) * 1000, statistics.median(b) * 1000
            ratio = statistics.median(x / y for x, y in zip(a, b))
            line = f"{name:42} {ma:11.1f} {mb:10.1f} {ratio:6.2f} {kept:9.1f}"
            if earlier:
                e = times[earlier.name]
                again = statistics.median(timed(earlier.url, query, accept) for _ in range(3)) * 1000
                line += (f" {statistics.median(e) * 1000:10.1f} {statistics.median(x / y for x, y in zip(e, b)):6.2f} "
                         f"{again:9.1f}")
            if slow:
                try:
                    c = [timed(slow.url, query, accept, timeout=args.rdflib_timeout) for _ in range(args.rdflib_repeat)]
                    mc = statistics.median(c) * 1000
                    line += f" {mc:10.0f} {mc / ma:9.0f}x"
                except TimeoutError:  # a lower bound; the server goes on with the query, so start a fresh one
                    bound = args.rdflib_timeout * 1000
                    line += f" {'>' + format(bound, '.0f'):>10} {'>=' + format(bound / ma, '.0f'):>9}x"
                    slow.stop()
                    slow = rdflib_endpoint(store, workdir)
                    stack.callback(slow.stop)
                except (OSError, urllib.error.HTTPError) as err:
                    line += f" {'failed':>10} ({type(err).__name__}: {str(err)[:60]})"
            print(line, flush=True)
        print(f"peak memory: ConflictKG {ours.peak_memory_mb():.0f} MB (server and query workers), Oxigraph "
              f"{theirs.peak_memory_mb():.0f} MB" + (f", rdflib-endpoint {slow.peak_memory_mb():.0f} MB" if slow else ""))


SYNTAX_SUITE = Path(__file__).resolve().parent.parent / "tests" / "w3c" / "syntax-query"


def new_queries(args) -> None:
    """The W3C SPARQL 1.1 syntax suite's queries, each made new every round by a comment (so no server has seen
    it), sent to both servers interleaved on keep-alive connections, and a request for a path neither serves
    (what the HTTP stack alone costs)."""
    import requests  # a session per server: keep-alive, and a new connection where a server closed one
    queries = [path.read_text(encoding="utf-8") for path in sorted(SYNTAX_SUITE.glob("*.rq"))]
    with prepared_store(args) as (store, workdir), ExitStack() as stack:
        servers = [conflictkg(store, workdir), oxigraph(store)]
        for server in servers:
            stack.callback(server.stop)
        sessions = {server.name: requests.Session() for server in servers}

        def send(name: str, method: str, url: str, body: bytes | None = None) -> float:
            start = time.perf_counter()
            sessions[name].request(method, url, data=body, timeout=60, headers={
                "Content-Type": "application/sparql-query", "Accept": f"{RESULTS}, text/turtle;q=0.9"}).content
            return time.perf_counter() - start

        times: dict[str, list[float]] = {server.name: [] for server in servers}
        missing: dict[str, list[float]] = {server.name: [] for server in servers}
        for round_ in range(args.repeat):
            for i, query in enumerate(queries):
                body = f"{query}\n# round {round_}\n".encode()
                for server in (servers if i % 2 else servers[::-1]):
                    times[server.name].append(send(server.name, "POST", server.url, body))
                    missing[server.name].append(send(server.name, "GET", urllib.parse.urljoin(server.url, "/no-such")))
        ours, theirs = (statistics.median(times[s.name]) * 1000 for s in servers)
        print(f"{len(queries)} queries x {args.repeat} rounds, each new, median ms: ConflictKG {ours:.2f}, Oxigraph "
              f"{theirs:.2f}, ratio {ours / theirs:.2f}")
        print("a path neither serves (the HTTP stack alone), median ms: " + ", ".join(
            f"{name} {statistics.median(values) * 1000:.2f}" for name, values in missing.items()))


@dataclass
class Cell:
    """What clients sending one query back to back saw, over one or more spells."""
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: int = 0

    def summary(self) -> tuple[float, float, float, int]:
        """(requests/s, p50 ms, p99 ms, errors)"""
        if not self.latencies:
            return 0.0, float("nan"), float("nan"), self.errors
        ordered = sorted(self.latencies)
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
        return len(ordered) / self.seconds, statistics.median(ordered) * 1000, p99 * 1000, self.errors


def posted(url: str, query: str, source: str, accept: str = RESULTS) -> float:
    """Seconds to POST the query and read the whole answer, on a new connection from `source`, raising OSError for
    a status of 400 or more. A lean client (the request's bytes made here, the answer read to the server's close,
    its headers not parsed). With http.client the clients, not the servers, set the pace of cheap queries: a trivial
    ASGI app under Granian answered 3,030 requests/s with 8 headers and 2,870 with 13, and Oxigraph's server no
    more than a trivial app, so the server that sent more headers seemed slower."""
    parts = urllib.parse.urlsplit(url)
    body = urllib.parse.urlencode({"query": query}).encode()
    request = (f"POST {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\nAccept: {accept}\r\nContent-Type: "
               f"application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
               ).encode() + body
    start = time.perf_counter()
    with socket.create_connection((parts.hostname, parts.port), timeout=600, source_address=(source, 0)) as sock:
        sock.sendall(request)
        answer = bytearray()
        while chunk := sock.recv(65536):
            answer += chunk
    elapsed = time.perf_counter() - start
    status = int(answer[9:12] or b"0")
    if not answer.startswith(b"HTTP/1.1 ") or status >= 400:
        raise OSError(f"{url}: status {status}")
    return elapsed


def hammer(url: str, query: str, clients: int, seconds: float, cell: Cell, new: bool = False) -> None:
    """`clients` clients send the query back to back for `seconds`; what they saw is added to `cell`. Each sends
    from an address of its own (127.0.0.2, 127.0.0.3...), as separate users do: ConflictKG's limits are per
    client address (LONG_QUERIES_PER_CLIENT), and 8 long queries at once from one address get 429s by design.
    With `new`, each request's query ends in a comment of its own, so that no answer kept for an earlier one
    serves it (ConflictKG's answer cache)."""
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def client(source: str):
        while time.perf_counter() < stop:
            try:
                t = posted(url, f"{query}\n# {next(NUMBERS)}" if new else query, source)
            except OSError:
                with lock:
                    cell.errors += 1
                continue
            with lock:
                cell.latencies.append(t)

    start = time.perf_counter()
    threads = [threading.Thread(target=client, args=(f"127.0.0.{2 + i}",)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    cell.seconds += time.perf_counter() - start


def concurrency(args) -> None:
    with prepared_store(args) as (store, workdir), ExitStack() as stack:
        servers = [conflictkg(store, workdir), oxigraph(store)]
        if args.earlier:
            servers.append(conflictkg(store, workdir, Path(args.earlier).resolve()))
        if not args.no_rdflib:
            slow = rdflib_endpoint(store, workdir)
            if slow:
                servers.append(slow)
        for s in servers:
            stack.callback(s.stop)
        spells = max(1, int(args.seconds // 2))  # of 2 s or more: a spell ends by waiting for the last answers
        print(f"{args.seconds:g} s per cell, in {spells} spells taking turns with the other servers; "
              f"requests/s, p50 and p99 latency in ms; errors")
        stolen = steal_since()
        # repeated: the same query again and again, as a dashboard sends it (ConflictKG sends the answer it kept);
        # new: each request a query the server has not seen (a comment of its own), which ConflictKG runs
        cases = [(f"{label} {kind}", query, kind == "new") for label, query in
                 (("cheap", PREFIXES + CHEAP), ("medium", PREFIXES + MEDIUM)) for kind in ("repeated", "new")]
        for label, query, new in cases:
            for s in servers:  # warm each, as the mix does: a first answer is not what a cell measures
                timed(s.url, query)
            for clients in (1, 8, 32):
                measured = [s for s in servers
                            if not (s.name == "rdflib-endpoint" and clients > 1 and label.startswith("medium"))]
                cells = {s.name: Cell() for s in measured}  # rdflib-endpoint, medium, x8 and x32: minutes per answer
                for _ in range(spells):  # in turn, so that all see the same machine
                    for s in measured:
                        hammer(s.url, query, clients, args.seconds / spells, cells[s.name], new)
                line = f"{label:15} x{clients:<3}"
                for s in servers:
                    if s.name not in cells:
                        line += f" | {s.name}: skipped"
                    else:
                        rate, p50, p99, errors = cells[s.name].summary()
                        line += f" | {s.name}: {rate:7.1f}/s p50 {p50:8.1f} p99 {p99:8.1f} err {errors}"
                ckg, oxi, *earlier = (cells[s.name].summary()[0] for s in servers if s.name in cells)
                line += f" | throughput ratio {ckg / oxi:.2f}"
                if args.earlier:
                    line += f" (at {Path(args.earlier).name}: {earlier[0] / oxi:.2f})"
                print(line, flush=True)
        print(f"CPU time taken by other guests of the machine (steal) meanwhile: {100 * stolen():.0f}%")
        print("peak memory: " + ", ".join(f"{s.name} {s.peak_memory_mb():.0f} MB" for s in servers))


def run_timed(command: list[str], every: float = 0.02) -> tuple[float, float]:
    """(seconds, peak memory MB) of a command. The peak is its VmHWM, read every `every` seconds while it runs:
    wait4's ru_maxrss would not do, since Linux counts in it the memory of the process that started the command
    (this one: over 300 MB when it has just built a store) as it was before the exec."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak, done = [0.0], threading.Event()

    def watch():
        while not done.wait(every):
            peak[0] = max(peak[0], peak_memory_mb(process.pid))  # a high-water mark: the last read is the peak

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    _, status, _ = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    done.set()
    watcher.join()
    if status != 0:
        raise SystemExit(f"failed: {' '.join(command)}: {process.stderr.read().decode()[-1000:]}")
    return elapsed, peak[0]


def dumps(args) -> None:
    cli = [sys.executable, "-m", "conflictkg.cli"]
    with prepared_store(args) as (store, workdir), ExitStack() as stack:
        out = workdir / "out"  # the dumps written: removed at the end (beside a kept --store, gigabytes)
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir()
        stack.callback(shutil.rmtree, out, ignore_errors=True)
        cases = [
            ("TriG (named graphs)", cli + ["dump", "--store", str(store), "--format", "trig", "-o", str(out / "a.trig")],
             ["oxigraph", "dump", "--location", str(store), "--file", str(out / "b.trig")]),
            ("N-Quads", cli + ["dump", "--store", str(store), "--format", "nquads", "-o", str(out / "a.nq")],
             ["oxigraph", "dump", "--location", str(store), "--file", str(out / "b.nq")]),
            ("N-Triples gz (the union)", cli + ["dump", "--store", str(store), "--format", "ntriples", "--gzip", "-o",
                                               str(out / "a.nt.gz")], None),
            ("Turtle (the union)", cli + ["dump", "--store", str(store), "--format", "turtle", "-o",
                                          str(out / "a.ttl")], None),
        ]
        if args.oxigraph_formats_only:  # the formats that have a peer
            cases = [case for case in cases if case[2]]
        print(f"median of {args.repeat} runs; seconds and peak memory (max RSS)")
        for name, ours, theirs in cases:
            a, b = [], []
            for _ in range(args.repeat):  # in turn, so that both see the same machine
                a.append(run_timed(ours))
                if theirs:
                    b.append(run_timed(theirs))
            line = f"dump {name:28} ConflictKG {statistics.median(x for x, _ in a):6.2f} s {max(m for _, m in a):6.0f} MB"
            if theirs:
                mb = statistics.median(x for x, _ in b)
                line += (f" | oxigraph dump {mb:6.2f} s {max(m for _, m in b):6.0f} MB | speed ratio "
                         f"{mb / statistics.median(x for x, _ in a):.2f}")
            else:
                line += " | (oxigraph dump writes a union only for one named graph: no peer)"
            print(line, flush=True)
        if args.oxigraph_formats_only:
            return
        with gzip.open(out / "a.nt.gz", "rb") as packed, open(out / "a.nt", "wb") as plain:
            shutil.copyfileobj(packed, plain)  # a plain N-Triples file: neither import times decompression
        for name, path in (("the N-Quads dump", out / "a.nq"), ("the N-Triples dump (the union)", out / "a.nt")):
            a, b = [], []
            for i in range(args.repeat):  # in turn, each into a new store
                a.append(run_timed(cli + ["import", "--no-publish", "--store", str(workdir / f"import-a{i}"),
                                                str(path)]))
                b.append(run_timed(["oxigraph", "load", "--location", str(workdir / f"import-b{i}"), "--file",
                                    str(path)]))
                shutil.rmtree(workdir / f"import-a{i}")
                shutil.rmtree(workdir / f"import-b{i}")
            ma, mb = statistics.median(x for x, _ in a), statistics.median(x for x, _ in b)
            print(f"bulk import of {name} ({path.stat().st_size / 1e6:.0f} MB): conflictkg import {ma:.2f} s "
                  f"{max(m for _, m in a):.0f} MB | oxigraph load {mb:.2f} s {max(m for _, m in b):.0f} MB | "
                  f"speed ratio {mb / ma:.2f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["mix", "concurrency", "dumps", "new-queries"])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--store", help="an existing embedded store to measure (instead of --articles)")
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--seconds", type=float, default=8, help="per cell of the concurrency table")
    parser.add_argument("--no-rdflib", action="store_true", help="leave rdflib-endpoint out")
    parser.add_argument("--earlier", metavar="CHECKOUT",
                        help="mix and concurrency: also serve the store with the code of this checkout (git worktree add "
                             "DIR COMMIT), to compare before and after a change in one run")
    parser.add_argument("--queries", help="mix: only these queries (names, comma-separated)")
    parser.add_argument("--oxigraph-formats-only", action="store_true",
                        help="dumps: only the dumps Oxigraph also writes (TriG, N-Quads), against `oxigraph dump`; "
                             "not the others nor the bulk imports (at 100,000 articles each takes from 5 minutes to "
                             "most of an hour)")
    parser.add_argument("--rdflib-repeat", type=int, default=3)
    parser.add_argument("--rdflib-timeout", type=float, default=600)
    args = parser.parse_args()
    if shutil.which("oxigraph") is None:
        raise SystemExit("needs Oxigraph's server: pip install oxigraph")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the servers on the way out, as on Ctrl-C
    print(f"machine: {machine()}")
    print("command: python -m bench.peers " + " ".join(sys.argv[1:]))
    {"mix": mix, "concurrency": concurrency, "dumps": dumps, "new-queries": new_queries}[args.command](args)


if __name__ == "__main__":
    main()
