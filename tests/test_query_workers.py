"""conflictkg.query_workers: every job runs in a worker process, which a job past the time limit loses (killed and
replaced) and which a job's failure does not stop."""
from __future__ import annotations

import os
import time
from dataclasses import dataclass

import pyoxigraph as ox
import pytest

from conflictkg.pages import Resource, ResourceJob
from conflictkg.query_results import QueryAnswer, QueryFailed, QueryJob
from conflictkg.query_workers import QueryWorkers

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


def test_a_job_waits_for_a_free_worker_at_most_the_time_limit(workers):
    held = workers._checkout()  # the one worker, busy
    started = time.monotonic()
    try:
        with pytest.raises(QueryFailed) as failed:
            workers.run(Sleep(0))
    finally:
        workers._checkin(held)
    assert failed.value.status == 503 and "stayed busy for 3 s" in failed.value.message
    assert 2.5 < time.monotonic() - started < 6
    assert workers.run(Sleep(0))  # free again
