"""End-to-end (issue 21): one hostile client, everything at once, against `conflictkg serve` on loopback, while a
well-behaved client queries at concurrency 8. The hostile client (from 127.0.0.2) sends the SERVICE guard bypass
family, runaway queries, memory bombs and parser bombs, and holds idle, slow-header and slow-body connections;
the well-behaved one (from 127.0.0.1) gets no error and its p99 latency stays under 10x its median without them;
no connection reaches the listener the SERVICE queries name; no query worker grows past its memory cap."""
from __future__ import annotations

import http.client
import socket
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import pytest
import requests

from .conftest import ServedByCli
from .endpoint import Listener

HOSTILE = "127.0.0.2"  # all of 127.0.0.0/8 is loopback on Linux: the hostile client has an address of its own
WELL_BEHAVED = 8  # concurrent requests of the well-behaved client
REQUESTS = 3000  # the well-behaved client's requests in each phase (about 4 s)
MEMORY_MB = 400
PAGE = "/id/article/002_6bd9ab7bde165c5e"  # a sample article's page: its queries run in the page worker
SETTINGS = {"CONFLICTKG_QUERY_TIMEOUT": "4", "CONFLICTKG_QUERY_WORKERS": "3", "CONFLICTKG_QUERY_MEMORY_MB":
            str(MEMORY_MB), "CONFLICTKG_HEADER_TIMEOUT": "2"}

CKG = "PREFIX ckg: <https://w3id.org/conflictkg/ontology#> "
CHEAP = [CKG + "SELECT (COUNT(?a) AS ?n) WHERE { ?a a ckg:Article }",
         CKG + "SELECT ?e ?date WHERE { ?e a ckg:Event ; ckg:date ?date } ORDER BY ?date LIMIT 5",
         "ASK { ?s ?p ?o }"]
RUNAWAY = ("SELECT ?x WHERE { BIND(IF(MINUTES(NOW()) = 99, 0, EXISTS { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i "
           "FILTER(STR(?i)=\"no-such-value\") }) AS ?x) }")
MEMORY_BOMBS = ["SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i",
                "SELECT ?s WHERE { BIND(\"xxxxxxxxxxxxxxxx\" AS ?a) BIND(CONCAT(?a, ?a, ?a, ?a, ?a, ?a, ?a, ?a) AS ?b) "
                "BIND(CONCAT(?b, ?b, ?b, ?b, ?b, ?b, ?b, ?b) AS ?c) BIND(CONCAT(?c, ?c, ?c, ?c, ?c, ?c, ?c, ?c) AS ?d) "
                "?x ?y ?z . ?u ?v ?w BIND(CONCAT(?d, ?d, ?d, ?d, STR(?z), STR(?w)) AS ?s) } ORDER BY ?s"]
PARSER_BOMBS = ["SELECT ((" + "+".join(["1"] * 30_000) + ") AS ?x) WHERE {}",
                "ASK { FILTER(1 IN (" + ",".join(["1"] * 60_000) + ")) }",
                "SELECT * WHERE { VALUES ?x { " + " ".join(f'"{i}"' for i in range(60_000)) + " } }"]


def _bypasses(port: int) -> list[str]:
    """The reported SERVICE guard bypass and its relatives (test_sandbox generates many more)."""
    target = f"<http://127.0.0.1:{port}/svc>"
    deep = "(" * 40 + "1" + ")" * 40
    return [f"PREFIX t: <https://w3id.org/conflictkg/ontology#Article> SELECT * WHERE {{ FILTER({deep}) "
            f"?s a t:.SERVICE{target}{{?a ?b ?c}} }} LIMIT 1",
            f"PREFIX t: <https://w3id.org/conflictkg/ontology#Article> SELECT * WHERE {{ FILTER({deep}) "
            f"?s a t:.SERVICE SILENT {target} {{?a ?b ?c}} }} LIMIT 1",
            "SELECT * WHERE { " + "{ " * 40 + f"SERVICE {target} {{ ?a ?b ?c }}" + " }" * 40 + " }",
            f"SELECT * WHERE {{ \\u0053ERVICE {target} {{ ?a ?b ?c }} }}"]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    from conflictkg.pipeline import load
    from conflictkg.resources import samples_dir
    from conflictkg.store import ConflictStore
    folder = tmp_path_factory.mktemp("hostile")
    with ConflictStore(folder / "store") as store:
        load([samples_dir()], store, progress=False)
    server = ServedByCli(["--store", str(folder / "store")], folder / "dumps", env=SETTINGS)
    yield server
    server.stop()


class Hostile:
    """The hostile client: threads that each repeat one kind of attack from HOSTILE until stopped."""

    def __init__(self, url: str, listener_port: int):
        self.host, self.port = url.split("//")[1].split(":")
        self.port = int(self.port)
        self.stop = threading.Event()
        self.statuses: dict[str, dict[int, int]] = {}
        self.threads = [threading.Thread(target=self._queries, args=(name, queries), daemon=True)
                        for name, queries in (("bypass", _bypasses(listener_port)), ("runaway", [RUNAWAY]),
                                              ("runaway2", [RUNAWAY]), ("memory", MEMORY_BOMBS),
                                              ("parser", PARSER_BOMBS))]
        self.threads += [threading.Thread(target=self._slow_clients, daemon=True)]
        self.sockets: list[socket.socket] = []

    def start(self):
        for thread in self.threads:
            thread.start()

    def join(self):
        self.stop.set()
        for thread in self.threads:
            thread.join(30)
        for sock in self.sockets:
            sock.close()

    def _queries(self, name: str, queries: list[str]):
        counts = self.statuses.setdefault(name, {})
        turn = 0
        while not self.stop.is_set():
            connection = http.client.HTTPConnection(self.host, self.port, timeout=60, source_address=(HOSTILE, 0))
            try:
                body = urlencode({"query": queries[turn % len(queries)]})
                connection.request("POST", "/sparql", body, {"Content-Type": "application/x-www-form-urlencoded",
                                                            "Accept": "application/sparql-results+json"})
                status = connection.getresponse().status
            except OSError:
                status = 0
            finally:
                connection.close()
            counts[status] = counts.get(status, 0) + 1
            turn += 1

    def _connect(self) -> socket.socket | None:
        sock = socket.socket()
        sock.settimeout(5)
        try:
            sock.bind((HOSTILE, 0))
            sock.connect((self.host, self.port))
        except OSError:
            sock.close()
            return None
        self.sockets.append(sock)
        return sock

    def _slow_clients(self):
        """200 idle connections, 50 that send their headers a byte at a time, 20 that send a body that way;
        each reopened when the server closes it."""
        kinds = ["idle"] * 200 + ["headers"] * 50 + ["body"] * 20
        open_ = [(kind, self._connect(), 0) for kind in kinds]
        request = b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        body_start = request + b"Content-Length: 100000\r\n\r\nASK {"
        while not self.stop.wait(0.5):
            for i, (kind, sock, sent) in enumerate(open_):
                try:
                    if sock is None:
                        raise OSError
                    if kind == "headers":
                        sock.send(request[sent % len(request):][:1])
                    elif kind == "body":
                        sock.send(body_start if sent == 0 else b" ")
                    open_[i] = (kind, sock, sent + 1)
                except OSError:
                    if sock is not None:
                        sock.close()
                    open_[i] = (kind, self._connect(), 0)


def _well_behaved(url: str, count: int) -> tuple[list[float], list[str]]:
    """`count` cheap requests (queries and a page) at concurrency WELL_BEHAVED: latencies and errors."""
    local = threading.local()

    def one(i: int):
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        started = time.perf_counter()
        try:
            if i % 10 == 9:
                answer = session.get(url + PAGE, timeout=60)
            else:
                answer = session.post(url + "/sparql", data={"query": CHEAP[i % len(CHEAP)]},
                                      headers={"Accept": "application/sparql-results+json"}, timeout=60)
            error = "" if answer.status_code == 200 else f"{answer.status_code}: {answer.text[:200]}"
        except requests.RequestException as err:
            error = repr(err)
        return time.perf_counter() - started, error

    with ThreadPoolExecutor(WELL_BEHAVED) as pool:
        done = list(pool.map(one, range(count)))
    return [t for t, _ in done], [e for _, e in done if e]


def _slowest(latencies: list[float]) -> str:
    """The slowest requests: their number (every 10th, from 9, is a page) and milliseconds."""
    ranked = sorted(range(len(latencies)), key=latencies.__getitem__)[-12:]
    return ", ".join(f"#{i} {latencies[i] * 1000:.0f}" for i in sorted(ranked))


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads process memory in Linux's /proc")
def test_hardening_one_hostile_client_cannot_hurt_a_well_behaved_one(served):
    listener = Listener()
    _well_behaved(served.url, 100)  # warm: workers started, pages rendered once
    unloaded, errors = _well_behaved(served.url, REQUESTS)
    assert not errors
    median = statistics.median(unloaded)

    hostile = Hostile(served.url, listener.port)
    peak = {}
    sampling = threading.Event()

    def sample():
        while not sampling.wait(0.2):
            for pid in served.processes():
                peak[pid] = max(peak.get(pid, 0.0), _rss_mb(pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    hostile.start()
    time.sleep(2)  # every attack under way
    loaded, errors = _well_behaved(served.url, REQUESTS)
    hostile.join()
    sampling.set()
    sampler.join()
    listener.close()

    p99 = statistics.quantiles(loaded, n=100)[98]
    report = (f"unloaded median {median * 1000:.1f} ms, loaded p99 {p99 * 1000:.1f} ms, median "
              f"{statistics.median(loaded) * 1000:.1f} ms; hostile statuses {hostile.statuses}; slowest: "
              f"{_slowest(loaded)}")
    print(report)
    assert not errors, f"{len(errors)} errors, e.g. {errors[:3]}; {report}"
    assert p99 < 10 * median, report
    assert listener.connections == 0
    assert hostile.statuses["runaway"].get(504) or hostile.statuses["runaway"].get(429), report
    assert max(peak.values()) < MEMORY_MB + 300, f"a process grew to {max(peak.values()):.0f} MB"
    assert served.process.poll() is None
