"""conflictkg.query_workers: every job runs in a worker process, which a job past the time limit loses (killed and
replaced) and which a job's failure does not stop; in the app, a long query is stopped while others are answered,
and runs at the lowest priority in a worker that is kept."""
from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

from conflictkg.pages import Resource, ResourceJob
from conflictkg.query_results import QueryAnswer, QueryFailed, QueryJob
from conflictkg.query_workers import QueryWorkers

from .endpoint import COUNT, JSON, triples


ARTICLES = "SELECT ?a WHERE { ?a a <https://w3id.org/conflictkg/ontology#Article> }"


@dataclass(frozen=True)
class Sleep:
    """A job that sleeps (a query that runs long), then says which process ran it."""

    seconds: float
    version: str = "v1"

    def run(self, store, row_limit: int) -> int:
        time.sleep(self.seconds)
        return os.getpid()


@dataclass(frozen=True)
class Broken:
    version: str = "v1"

    def run(self, store, row_limit: int):
        raise RuntimeError("the engine broke")


@dataclass(frozen=True)
class Exit:
    version: str = "v1"

    def run(self, store, row_limit: int):
        os._exit(3)


@pytest.fixture()
def workers(sample_store):
    made = QueryWorkers(sample_store, 1, 3, 1)
    yield made
    made.close()


def test_a_query_runs_in_a_worker_and_is_cut_at_the_row_limit(workers):
    answer = workers.run(QueryJob(ARTICLES, "v1", "json", "turtle"))
    assert isinstance(answer, QueryAnswer) and answer.rows == 1 and answer.truncated
    assert workers.run(Sleep(0)) != os.getpid()


def test_the_query_s_faults_come_back_as_their_status(workers):
    with pytest.raises(QueryFailed) as failed:
        workers.run(QueryJob("SELECT ?x WHERE {", "v1", "json", "turtle"))
    assert failed.value.status == 400 and "syntax" in failed.value.message
    with pytest.raises(QueryFailed) as failed:
        workers.run(QueryJob(ARTICLES, "v1", None, "turtle"))
    assert failed.value.status == 406
    with pytest.raises(QueryFailed) as failed:
        workers.run(Broken())
    assert failed.value.status == 500 and "the engine broke" in failed.value.message
    assert workers.run(QueryJob(ARTICLES, "v1", "json", "turtle")).rows == 1  # the same worker carries on


def test_a_page_is_read_in_a_worker(workers, sample_store):
    article = "https://w3id.org/conflictkg/id/article/"
    listed = workers.run(QueryJob(ARTICLES, "v1", "tsv", "turtle")).body.decode().splitlines()[1]
    iri = listed.strip("<>")
    assert iri.startswith(article)
    page = workers.run(ResourceJob(iri, "article", "v1", html=True))
    assert isinstance(page, Resource) and page.kind == "article" and page.facts["mentions"]
    triples = workers.run(ResourceJob(iri, "article", "v1", html=False))
    assert any(t.subject == ox.NamedNode(iri) for t in triples)
    assert workers.run(ResourceJob(article + "no-such-article", "article", "v1", html=True)) is None


def test_a_job_past_the_time_limit_is_stopped_and_its_worker_replaced(workers):
    first = workers.run(Sleep(0))
    started = time.monotonic()
    with pytest.raises(QueryFailed) as failed:
        workers.run(Sleep(30))
    assert failed.value.status == 504 and "time limit of 3 s" in failed.value.message
    assert time.monotonic() - started < 6
    assert workers.run(Sleep(0)) not in (first, None)  # a new worker answers


def test_a_worker_that_dies_is_replaced(workers):
    with pytest.raises(QueryFailed) as failed:
        workers.run(Exit())
    assert failed.value.status == 503
    assert workers.run(QueryJob(ARTICLES, "v1", "json", "turtle")).rows == 1


class _Unstartable:
    """A multiprocessing context whose processes cannot start (as when the server's main module cannot be
    imported by a worker), counting the attempts."""

    def __init__(self, context):
        self.context, self.attempts = context, 0

    def Pipe(self):  # noqa: N802 - multiprocessing's name
        return self.context.Pipe()

    def Process(self, **kwargs):  # noqa: N802
        self.attempts += 1
        raise RuntimeError("cannot start a process here")


def test_workers_that_cannot_start_give_a_quick_503_and_are_retried_with_a_back_off(sample_store):
    pool = QueryWorkers(sample_store, 2, 30, 10)
    unstartable = pool._context = _Unstartable(pool._context)
    try:
        started = time.monotonic()
        with pytest.raises(QueryFailed) as failed:
            pool.run(Sleep(0))
        assert failed.value.status == 503 and "cannot start a process here" in failed.value.message
        assert time.monotonic() - started < 5  # not the 30 s a busy pool makes a job wait
        for _ in range(20):  # twenty requests in a row do not start twenty processes
            with pytest.raises(QueryFailed):
                pool.run(Sleep(0))
        assert unstartable.attempts <= 3
    finally:
        pool.close()


def test_a_job_waits_for_a_free_worker_at_most_the_time_limit(workers):
    held = workers._checkout("a")  # the one worker, busy
    started = time.monotonic()
    try:
        with pytest.raises(QueryFailed) as failed:
            workers.run(Sleep(0))
    finally:
        workers._checkin(held, "a", False)
    assert failed.value.status == 503 and "stayed busy for 3 s" in failed.value.message
    assert 2.5 < time.monotonic() - started < 6
    assert workers.run(Sleep(0))  # free again


def _in_thread(function, *args) -> dict:
    """Run function(*args) in a thread; the returned dict gets its value or exception, and when it ended."""
    outcome = {}

    def call():
        try:
            outcome["value"] = function(*args)
        except QueryFailed as failed:
            outcome["value"] = failed
        outcome["ended"] = time.monotonic()

    outcome["thread"] = threading.Thread(target=call)
    outcome["thread"].start()
    return outcome


@pytest.fixture()
def started(sample_store):
    """started(size, timeout, **options): query workers over the sample store, one of them started."""
    made = []

    def start(size: int, timeout: float, **options) -> QueryWorkers:
        made.append(QueryWorkers(sample_store, size, timeout, 1, **options))
        made[-1].run(Sleep(0))
        return made[-1]

    yield start
    for workers in made:
        workers.close()


def test_a_long_job_leaves_the_short_ones_their_worker(started):
    """One worker for short jobs: a job that runs long moves to the long lane, and a short one is answered
    while it runs."""
    workers = started(1, 10)
    long = _in_thread(workers.run, Sleep(3), "a")
    time.sleep(0.6)
    begun = time.monotonic()
    assert workers.run(Sleep(0), "b")
    assert time.monotonic() - begun < 2.5 and "ended" not in long  # not behind the long one
    long["thread"].join()
    assert isinstance(long["value"], int)


def test_hardening_a_client_has_at_most_its_long_jobs_and_others_go_on(started):
    workers = started(2, 10, per_client=1)
    long = _in_thread(workers.run, Sleep(3), "a")
    time.sleep(0.6)
    assert workers.run(Sleep(0), "a")  # a short job of "a" goes on beside its long one
    with pytest.raises(QueryFailed) as refused:
        workers.run(Sleep(2), "a")  # but not a second long one
    assert refused.value.status == 429 and "LONG_QUERIES_PER_CLIENT" in refused.value.message
    assert workers.run(Sleep(0), "b")  # another client is answered
    long["thread"].join()
    assert isinstance(long["value"], int)
    assert workers.run(Sleep(0.5), "a")  # and "a" runs long again once its long job ended


def test_hardening_two_jobs_of_one_client_that_turn_long_at_once_keep_one(started):
    workers = started(2, 10, per_client=1)
    both = [_in_thread(workers.run, Sleep(2), "a") for _ in range(2)]
    for outcome in both:
        outcome["thread"].join()
    statuses = sorted(o["value"].status if isinstance(o["value"], QueryFailed) else 200 for o in both)
    assert statuses == [200, 429]


def test_hardening_a_client_whose_query_was_stopped_waits_its_pause(started):
    workers = started(1, 1, pause=2)
    with pytest.raises(QueryFailed) as stopped:
        workers.run(Sleep(5), "a")
    assert stopped.value.status == 504
    with pytest.raises(QueryFailed) as paused:
        workers.run(Sleep(0), "a")
    assert paused.value.status == 429 and "PAUSE_AFTER_STOPPED" in paused.value.message
    assert workers.run(Sleep(0), "b")  # others are answered
    time.sleep(2)
    assert workers.run(Sleep(0), "a")  # and "a" after its pause


def test_a_free_worker_goes_first_to_the_client_that_runs_the_fewest(started):
    """Client "a" holds the one worker and has three more jobs waiting; "b" asks last, and is answered after one
    of them (each client in turn), not after all three."""
    workers = started(1, 20)
    held = workers._checkout("a")
    queued = [_in_thread(workers.run, Sleep(0.1), "a") for _ in range(3)]
    time.sleep(0.3)
    other = _in_thread(workers.run, Sleep(0.1), "b")
    time.sleep(0.3)
    workers._checkin(held, "a", False)
    for outcome in (*queued, other):
        outcome["thread"].join()
    assert other["ended"] < sorted(o["ended"] for o in queued)[1]


EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_a_long_query_is_stopped_and_the_server_keeps_answering(make_client):
    client = make_client(QUERY_TIMEOUT=2, QUERY_WORKERS=2, PAUSE_AFTER_STOPPED=0)
    assert triples(client) > 1000  # the workers are up
    outcome = {}

    def expensive():
        start = time.monotonic()
        outcome["resp"] = client.get("/sparql", query_string={"query": EXPENSIVE}, headers=JSON)
        outcome["seconds"] = time.monotonic() - start

    thread = threading.Thread(target=expensive)
    thread.start()
    time.sleep(0.5)
    during = [client.get("/sparql", query_string={"query": COUNT}, headers=JSON) for _ in range(5)]
    thread.join()
    assert all(r.status_code == 200 for r in during)  # answered while the long one ran
    resp = outcome["resp"]
    assert resp.status_code == 504 and "time limit of 2 s" in resp.get_data(as_text=True)
    assert outcome["seconds"] < 10
    assert triples(client) > 1000  # and after it was stopped


def test_a_client_whose_query_was_stopped_is_told_when_to_come_back(make_client):
    client = make_client(QUERY_TIMEOUT=1, PAUSE_AFTER_STOPPED=30)
    assert triples(client) > 1000
    assert client.get("/sparql", query_string={"query": EXPENSIVE}, headers=JSON).status_code == 504
    paused = client.get("/sparql", query_string={"query": COUNT}, headers=JSON)
    assert paused.status_code == 429 and "PAUSE_AFTER_STOPPED" in paused.get_data(as_text=True)
    other = client.get("/sparql", query_string={"query": COUNT}, headers=JSON, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 200


MEDIUM = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . "
          "?g a <https://w3id.org/conflictkg/ontology#Article> }")  # millions of rows: a few tenths of a second


def nice_values(pid: int) -> list[int]:
    """The nice value of each thread of a process (Linux: field 19 of /proc/<pid>/task/<tid>/stat)."""
    values = []
    for stat in Path(f"/proc/{pid}/task").glob("*/stat"):
        try:
            values.append(int(stat.read_text().rsplit(")", 1)[1].split()[16]))
        except (OSError, IndexError):
            pass  # the thread ended
    return values


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads thread priorities from Linux's /proc")
def test_a_long_query_runs_at_the_lowest_priority_and_its_worker_is_kept(make_client):
    client = make_client(QUERY_WORKERS=1)
    assert triples(client) > 1000
    pool = client.application.extensions["conflictkg_query_workers"]
    pids = {w.process.pid for w in pool._all}  # the worker, and the spare the pool may have started beside it
    seen, done = set(), threading.Event()

    def watch():
        while not done.is_set():
            for pid in {w.process.pid for w in list(pool._all)}:
                seen.update(nice_values(pid))
            time.sleep(0.01)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        resp = client.get("/sparql", query_string={"query": MEDIUM}, headers=JSON)
    finally:
        done.set()
        watcher.join()
    assert resp.status_code == 200 and 19 in seen  # the worker's query dropped to the lowest priority
    assert triples(client) > 1000
    assert pids <= {w.process.pid for w in pool._all}  # no worker replaced: the same ones, warm caches
    assert {n for pid in pids for n in nice_values(pid)} == {0}  # and they run the next queries at the normal priority


@dataclass(frozen=True)
class FastThenSlow:
    """Fast the first time, then slow: the same job (the same query text) can turn into a runaway one."""

    flag: str
    version: str = "v1"

    def run(self, store, row_limit: int) -> str:
        if os.path.exists(self.flag):
            time.sleep(60)
        open(self.flag, "w").close()
        return "fast"


def test_hardening_2_a_job_fast_before_is_still_limited(workers, tmp_path):
    job = FastThenSlow(str(tmp_path / "ran"))
    assert workers.run(job) == "fast"
    started = time.monotonic()
    with pytest.raises(QueryFailed) as failed:
        workers.run(job)
    assert failed.value.status == 504 and time.monotonic() - started < 6


MEMORY_BOMB = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"


def test_hardening_3_a_query_past_its_memory_is_stopped_with_a_507(backend, sample_store):
    if backend.name == "remote":
        pytest.skip("the remote store's server runs the query, in its own memory")
    workers = QueryWorkers(sample_store, 1, 60, 10, memory=400 * 2 ** 20)
    try:
        started = time.monotonic()
        with pytest.raises(QueryFailed) as failed:
            workers.run(QueryJob(MEMORY_BOMB, "v1", "json", "turtle"))
        assert failed.value.status == 507 and "400 MB" in failed.value.message
        assert time.monotonic() - started < 30
        assert workers.run(QueryJob(ARTICLES, "v1", "json", "turtle")).rows == 2  # a new worker answers
    finally:
        workers.close()


def test_hardening_4_the_guard_s_parse_counts_against_the_time_limit(sample_store):
    """A query that takes the guard's parser minutes (a 60 KB sum) is stopped at the time limit, in its worker."""
    workers = QueryWorkers(sample_store, 1, 2, 10)
    bomb = "SELECT ((" + "+".join(["1"] * 30_000) + ") AS ?x) WHERE {}"
    try:
        started = time.monotonic()
        with pytest.raises(QueryFailed) as failed:
            workers.run(QueryJob(bomb, "v1", "json", "turtle"))
        assert failed.value.status in (400, 504) and time.monotonic() - started < 8
        assert workers.run(QueryJob(ARTICLES, "v1", "json", "turtle")).rows == 2
    finally:
        workers.close()
