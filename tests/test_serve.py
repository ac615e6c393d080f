"""End-to-end: `conflictkg serve` as users start it (Granian on loopback), and bench/load.py's load test of it."""
from __future__ import annotations

import os
import signal
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
