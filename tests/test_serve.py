"""`conflictkg serve` as users start it (Granian on loopback), and the query pool's fast path: a query already
seen to finish quickly, on the same version of the store, runs in the server process instead of a worker."""
from __future__ import annotations

import json
import time
from dataclasses import replace

import pytest
import requests

from conflictkg import query_pool
from conflictkg.query_pool import QueryFailed, QueryJob, QueryPool

from .conftest import ServedByCli

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a a <https://w3id.org/conflictkg/ontology#Article> }"
ARTICLES = "SELECT ?a WHERE { ?a a <https://w3id.org/conflictkg/ontology#Article> }"
JSON = "application/sparql-results+json"


def test_serve_answers_and_stops_cleanly(tmp_path, backend, sample_store):
    server = ServedByCli(backend.cli_read_args(sample_store), tmp_path / "dumps", "--threads", "4")
    try:
        for _ in range(3):  # the second and third answers come from the server process: the same answer
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


def test_app_starts_its_share_of_the_query_workers(backend, sample_store, tmp_path):
    from conflictkg.web import close_app, create_app
    from conflictkg.web.backend import query_pool

    for processes, share in ((1, 3), (2, 2), (3, 1), (4, 1)):
        app = create_app({**backend.app_config(sample_store), "DUMPS": str(tmp_path / "dumps"),
                          "QUERY_WORKERS": 3, "SERVER_PROCESSES": processes})
        assert query_pool(app).size == share
        close_app(app)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.fixture()
def pool(sample_store):
    made = QueryPool(sample_store, 1, 30, 1)
    yield made
    made.close()


@pytest.fixture()
def sent_to_workers(pool, monkeypatch) -> list[QueryJob]:
    """Records every job the pool hands to a worker."""
    sent: list[QueryJob] = []
    to_worker = pool._in_worker
    monkeypatch.setattr(pool, "_in_worker", lambda job: sent.append(job) or to_worker(job))
    return sent


def test_a_query_seen_fast_runs_in_the_server_process(backend, sample_store, pool, sent_to_workers):
    with backend.open(sample_store, read_only=True) as here:
        job = QueryJob(ARTICLES, "v1", "json", "turtle")
        first, second = pool.run(job, here=here), pool.run(job, here=here)
        assert len(sent_to_workers) == 1
        assert (second.body, second.rows, second.truncated) == (first.body, first.rows, first.truncated)
        assert second.truncated and second.rows == 1  # the row limit holds in the server process too
        # another version of the store, another format, another dataset: each is a new query
        for other in (replace(job, version="v2"), replace(job, results_format="xml"),
                      replace(job, named_graphs=("https://example.org/g",))):
            pool.run(other, here=here)
        assert len(sent_to_workers) == 4
        pool.run(job)  # no store of the server's given: a worker, whatever the query
        assert len(sent_to_workers) == 5


def test_slow_and_failed_queries_always_go_to_a_worker(backend, sample_store, pool, sent_to_workers,
                                                       monkeypatch):
    with backend.open(sample_store, read_only=True) as here:
        with pytest.raises(QueryFailed) as failed:
            pool.run(QueryJob("SELECT ?x WHERE {", "v1", "json", "turtle"), here=here)
        assert failed.value.status == 400
        with pytest.raises(QueryFailed):
            pool.run(QueryJob("SELECT ?x WHERE {", "v1", "json", "turtle"), here=here)
        assert len(sent_to_workers) == 2
        monkeypatch.setattr(query_pool, "FAST_QUERY", 0.0)  # every query now counts as slow
        job = QueryJob(COUNT, "v1", "json", "turtle")
        pool.run(job, here=here)
        pool.run(job, here=here)
        assert len(sent_to_workers) == 4


def test_fast_queries_remembered_are_bounded(backend, sample_store, pool, sent_to_workers, monkeypatch):
    monkeypatch.setattr(query_pool, "FAST_REMEMBERED", 2)
    with backend.open(sample_store, read_only=True) as here:
        jobs = [QueryJob(f"{COUNT} LIMIT {n}", "v1", "json", "turtle") for n in (1, 2, 3)]
        for job in jobs:
            pool.run(job, here=here)
        pool.run(jobs[2], here=here)  # remembered
        pool.run(jobs[0], here=here)  # forgotten: the least recently used of three
        assert sent_to_workers == [*jobs, jobs[0]]


def test_a_fast_query_is_counted_again_only_when_its_rows_may_change(backend, sample_store, monkeypatch):
    """Run again in the server, a query's row count from the first run is reused (its results are not read back
    to count them); a query whose rows may change from run to run (RAND) is counted every time."""
    counted: list[int] = []
    parse = query_pool.ox.parse_query_results
    monkeypatch.setattr(query_pool.ox, "parse_query_results", lambda *a, **k: counted.append(1) or parse(*a, **k))
    values = " ".join(str(n) for n in range(40))
    pool = QueryPool(sample_store, 1, 30, 1000)
    try:
        with backend.open(sample_store, read_only=True) as here:
            job = QueryJob(ARTICLES, "v1", "json", "turtle")
            first = pool.run(job, here=here)
            del counted[:]  # a remote store's results are parsed here too: count only the runs below
            again = [pool.run(job, here=here) for _ in range(3)]
            assert {(a.body, a.rows, a.truncated) for a in again} == {(first.body, 2, False)}
            reads = len(counted)
            chance = QueryJob(f"SELECT ?x WHERE {{ VALUES ?x {{ {values} }} FILTER(RAND() < 0.5) }}", "v1", "json",
                              "turtle")
            answers = [pool.run(chance, here=here) for _ in range(6)]
    finally:
        pool.close()
    assert reads == (3 if backend.name == "remote" else 0)  # the remote store's own results, not a count
    assert all(a.rows == len(json.loads(a.body)["results"]["bindings"]) for a in answers)
    assert len({a.rows for a in answers}) > 1
