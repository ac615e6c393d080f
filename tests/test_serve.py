"""End-to-end: `conflictkg serve` as users start it (Granian on loopback), and bench/load.py's load test of it."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from .conftest import ServedByCli


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a a <https://w3id.org/conflictkg/ontology#Article> }"


ARTICLES = "SELECT ?a WHERE { ?a a <https://w3id.org/conflictkg/ontology#Article> }"


JSON = "application/sparql-results+json"


def test_serve_answers_and_stops_cleanly(tmp_path, backend, sample_store):
    server = ServedByCli(backend.cli_read_args(sample_store), tmp_path / "dumps", "--threads", "4")
    try:
        for _ in range(3):
            answer = requests.post(server.url + "/sparql", data={"query": COUNT}, headers={"Accept": JSON}, timeout=30)
            assert answer.status_code == 200
            assert answer.json()["results"]["bindings"][0]["n"]["value"] == "2"
            assert answer.headers["X-Result-Rows"] == "1"
        page = requests.get(server.url + "/", timeout=30)
        assert page.status_code == 200 and "text/html" in page.headers["Content-Type"]
        assert requests.get(server.url + "/dumps/", timeout=60).status_code == 200
        bad = requests.post(server.url + "/sparql", data={"query": "SELECT ?x WHERE {"}, timeout=30)
        assert bad.status_code == 400
        running = server.processes()
        assert len(running) >= 3  # Granian, its worker process, at least one query worker
    finally:
        code = server.stop()
    assert code == 0, server.log.read_text()[-2000:]
    time.sleep(0.5)
    assert not [pid for pid in running if _alive(pid)], "processes left behind after the server stopped"


def test_serve_refuses_a_port_in_use_and_a_store_that_is_not_there(tmp_path, backend, sample_store):
    """Issue 22: a second server on a port in use would share it (Granian binds with SO_REUSEPORT) and answer
    every other request from its own store; a missing store would be served empty. Both are errors."""
    def serve(*args):
        return subprocess.run([sys.executable, "-m", "conflictkg.cli", "serve", *args], capture_output=True, text=True,
                              timeout=120, env={**os.environ, "CONFLICTKG_DUMPS": str(tmp_path / "dumps")})
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        busy = serve(*backend.cli_read_args(sample_store), "--port", str(taken.getsockname()[1]))
    assert busy.returncode == 1 and "cannot listen on 127.0.0.1" in busy.stderr and "--port" in busy.stderr
    missing = serve("--store", str(tmp_path / "nothing-here"), "--port", "0")
    assert missing.returncode == 1 and "no store at" in missing.stderr and "--create" in missing.stderr
    assert "Traceback" not in busy.stderr + missing.stderr and not (tmp_path / "nothing-here").exists()


def test_serve_create_serves_an_empty_store_and_says_where(tmp_path):
    server = ServedByCli(["--store", str(tmp_path / "new-store"), "--create"], tmp_path / "dumps")
    try:
        answer = requests.post(server.url + "/sparql", data={"query": COUNT}, headers={"Accept": JSON}, timeout=30)
        assert answer.json()["results"]["bindings"][0]["n"]["value"] == "0"
    finally:
        assert server.stop() == 0
    log = server.log.read_text()
    assert f"start page: {server.url}/\n" in log and f"query page: {server.url}/query" in log
    assert f"SPARQL endpoint: {server.url}/sparql" in log
    assert "Websockets" not in log


def test_serve_with_two_processes_sharing_the_query_workers(tmp_path, backend, sample_store, monkeypatch):
    monkeypatch.setenv("CONFLICTKG_QUERY_WORKERS", "3")
    server = ServedByCli(backend.cli_read_args(sample_store), tmp_path / "dumps", "--processes", "2")
    try:
        answers = {requests.post(server.url + "/sparql", data={"query": COUNT}, headers={"Accept": JSON},
                                 timeout=30).json()["results"]["bindings"][0]["n"]["value"] for _ in range(6)}
        assert answers == {"2"}
        listings = {requests.get(server.url + "/dumps/?format=json", timeout=60).text for _ in range(4)}
        assert len(listings) == 1  # both processes list the same dumps
    finally:
        assert server.stop() == 0, server.log.read_text()[-2000:]
    assert "2 process(es), 2 query worker(s) each" in server.log.read_text()


def test_a_repeated_query_is_answered_again_from_what_was_kept_until_a_load_changes_the_store(tmp_path, samples):
    """web/answer_cache.py through the server users start: the same query again gets the kept answer (Age), a
    query whose answer changes from run to run never does, and an answer never outlives the version it was for,
    though the store is loaded while the server runs."""
    store = tmp_path / "store"
    server = ServedByCli(["--store", str(store), "--create"], tmp_path / "dumps")

    def ask(query: str, accept: str = JSON) -> requests.Response:
        answer = requests.post(server.url + "/sparql", data={"query": query}, headers={"Accept": accept}, timeout=30)
        assert answer.status_code == 200, answer.text
        return answer

    try:
        assert _value(ask(COUNT)) == "0" and "Age" not in ask(COUNT + " ").headers
        again = ask(COUNT)
        assert _value(again) == "0" and again.headers["Age"] == "0" and again.headers["X-Result-Rows"] == "1"
        assert "Age" not in ask(COUNT, "text/csv").headers  # another format: another answer
        assert ask(COUNT, "text/csv").headers["Age"] == "0"
        changing = "SELECT (STRUUID() AS ?u) WHERE {}"
        first, second = ask(changing), ask(changing)
        assert "Age" not in second.headers and first.json() != second.json()
        loaded = subprocess.run([sys.executable, "-m", "conflictkg.cli", "load", "--quiet", "--store", str(store),
                                 str(samples / "000_6e18918302ba0ed4.txt")], capture_output=True, text=True,
                                timeout=300, env={**os.environ, "CONFLICTKG_DUMPS": str(tmp_path / "dumps")})
        assert loaded.returncode == 0, loaded.stderr
        after = ask(COUNT)
        assert _value(after) == "1" and "Age" not in after.headers
        assert ask(COUNT).headers["Age"] == "0"
    finally:
        assert server.stop() == 0, server.log.read_text()[-2000:]


def _value(answer: requests.Response) -> str:
    return answer.json()["results"]["bindings"][0]["n"]["value"]


def test_load_on_loopback_gives_no_5xx_but_the_deliberate_time_outs(capsys):
    """bench/load.py, small: 16 concurrent clients of the example queries, then 15 of them beside one client
    whose expensive queries run into the time limit. (Latency figures: run the bench; see the README.)"""
    from bench.load import run
    assert run(requests=120, concurrency=16, timeout=2.0, workers=3) == 0
    out = capsys.readouterr().out
    assert "statuses {200: 120}" in out and "504" in out


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _children(pid: int) -> list[int]:
    found = []
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(c) for c in children.read_text().split()]
        except OSError:
            pass
    return found


def _count(server) -> str:
    return requests.post(server.url + "/sparql", data={"query": COUNT}, headers={"Accept": JSON},
                         timeout=10).json()["results"]["bindings"][0]["n"]["value"]


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds Granian's worker in Linux's /proc")
def test_hardening_5_a_server_process_killed_is_replaced(tmp_path, backend, sample_store):
    server = ServedByCli(backend.cli_read_args(sample_store), tmp_path / "dumps")
    try:
        assert _count(server) == "2"
        granian_workers = [pid for pid in _children(server.process.pid)
                           if "resource_tracker" not in Path(f"/proc/{pid}/cmdline").read_text(errors="replace")]
        assert granian_workers, "no Granian worker process found"
        for pid in granian_workers:
            os.kill(pid, signal.SIGKILL)
        deadline, answered = time.monotonic() + 40, None
        while time.monotonic() < deadline and answered != "2":
            time.sleep(0.5)
            try:
                answered = _count(server)
            except (requests.RequestException, ValueError, KeyError):
                answered = None
        assert answered == "2", server.log.read_text()[-2000:]
        assert server.process.poll() is None  # the service itself never stopped
    finally:
        server.stop()


def _open_sockets(pid: int) -> int:
    return sum(1 for fd in Path(f"/proc/{pid}/fd").iterdir() if os.readlink(fd).startswith("socket:"))


def _closed_by_server(sock: socket.socket) -> bool:
    sock.settimeout(0.1)
    try:
        sock.recv(1024)  # an answer (408) or the end of the stream
        return True
    except socket.timeout:
        return False
    except OSError:
        return True


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts sockets in Linux's /proc")
def test_hardening_11_idle_and_slow_connections_are_closed_and_bounded(tmp_path, backend, sample_store):
    """HEADER_TIMEOUT closes idle, slow-header and slow-body connections (the last with a 408); a server process
    holds at most MAX_CONNECTIONS at once, and answers others once those close."""
    if backend.name == "remote":
        pytest.skip("the HTTP side is the same whatever the store")
    server = ServedByCli(backend.cli_read_args(sample_store), tmp_path / "dumps",
                         env={"CONFLICTKG_HEADER_TIMEOUT": "1", "CONFLICTKG_MAX_CONNECTIONS": "40"})
    sockets = []
    try:
        assert _count(server) == "2"
        granian_worker = max(_children(server.process.pid), key=_open_sockets)
        port = int(server.url.rsplit(":", 1)[1])
        for i in range(120):
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            if i % 3 == 1:
                sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\n")  # headers that never end
            elif i % 3 == 2:
                sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                             b"Content-Length: 1000\r\n\r\nASK {")  # a body that never ends
            sockets.append(sock)
        time.sleep(0.5)
        held = _open_sockets(granian_worker)
        assert held <= 40 + 10, f"{held} sockets held by one server process"
        time.sleep(4)  # past HEADER_TIMEOUT, for the first 40 and then the next
        assert _count(server) == "2"  # answered once connections were closed
        body_answers = [s for i, s in enumerate(sockets[:40]) if i % 3 == 2]
        assert all(b"408" in _read_all(s) for s in body_answers)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not all(_closed_by_server(s) for s in sockets):
            time.sleep(0.5)
        assert all(_closed_by_server(s) for s in sockets)
    finally:
        for sock in sockets:
            sock.close()
        server.stop()


def _read_all(sock: socket.socket) -> bytes:
    sock.settimeout(2)
    data = b""
    try:
        while chunk := sock.recv(4096):
            data += chunk
    except OSError:
        pass
    return data
