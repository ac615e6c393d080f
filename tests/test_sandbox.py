"""conflictkg.sandbox, with the guard before it: no query makes a query worker call another host (issue 21's
hardening item 1), whatever the guard makes of it; and what a worker may allocate."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conflictkg.query_results import QueryFailed, QueryJob
from conflictkg.query_workers import QueryWorkers

from .endpoint import Listener


@pytest.fixture()
def listener():
    made = Listener()
    yield made
    made.close()


@pytest.fixture()
def embedded(backend, sample_store):
    if backend.name == "remote":
        pytest.skip("a remote store's server runs the queries, and its workers need the network to reach it")
    return sample_store


def _query(spelling: str, port: int, parens: int, braces: int) -> str:
    """A SELECT with SERVICE spelt some way, after a FILTER nested `parens` deep, inside `braces` groups."""
    service = f"{spelling} <http://127.0.0.1:{port}/svc> {{ ?a ?b ?c }}"
    inner = f"?s a t:{service}" if spelling.startswith(".") else service
    return ("PREFIX t: <https://w3id.org/conflictkg/ontology#Article> SELECT * WHERE { " + "{ " * braces
            + f"FILTER({'(' * parens}1{')' * parens}) " + inner + " }" * braces + " } LIMIT 1")


SPELLINGS = ["SERVICE", "service", "SeRvIcE", "SERVICE SILENT", "\\u0053ERVICE", "SERV\\u0049CE SILENT", ".SERVICE",
             ".service SILENT"]


def test_hardening_1_the_reported_guard_bypass_reaches_no_host(embedded, listener):
    """The report: 40 nested parentheses, which rdflib cannot parse, and SERVICE glued to a prefixed name."""
    workers = QueryWorkers(embedded, 1, 20, 10, offline=True)
    try:
        with pytest.raises(QueryFailed) as refused:
            workers.run(QueryJob(_query(".SERVICE", listener.port, 40, 0), "v1", "json", "turtle"))
    finally:
        workers.close()
    assert refused.value.status == 400 and listener.connections == 0


@pytest.fixture(scope="module")
def offline_workers(tmp_path_factory):
    from conflictkg.pipeline import load
    from conflictkg.resources import samples_dir
    from conflictkg.store import ConflictStore
    folder = tmp_path_factory.mktemp("offline") / "store"
    with ConflictStore(folder) as store:
        load([samples_dir()], store, progress=False)
    workers = QueryWorkers(str(folder), 1, 20, 10, offline=True)
    yield workers
    workers.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spelling=st.sampled_from(SPELLINGS), parens=st.integers(0, 60), braces=st.integers(0, 45))
def test_hardening_1_no_spelling_or_nesting_of_service_reaches_a_host(offline_workers, listener, spelling, parens,
                                                                      braces):
    try:
        offline_workers.run(QueryJob(_query(spelling, listener.port, parens, braces), "v1", "json", "turtle"))
    except QueryFailed:
        pass  # refused by the guard, or unable to connect: either way no host was reached
    assert listener.connections == 0


def test_hardening_1_past_the_guard_an_offline_worker_still_reaches_no_host(embedded, listener):
    """A SERVICE the guard lets through (here: one allowed) cannot connect from a worker without network; the
    same query from a worker with network does, which shows the listener counts."""
    endpoint = f"http://127.0.0.1:{listener.port}/svc"
    job = QueryJob(f"SELECT * WHERE {{ SERVICE <{endpoint}> {{ ?a ?b ?c }} }}", "v1", "json", "turtle",
                   allowed_services=frozenset({endpoint}))
    for offline in (True, False):
        workers = QueryWorkers(embedded, 1, 20, 10, offline=offline)
        try:
            with pytest.raises(QueryFailed):  # the listener is no SPARQL endpoint; offline, it is not reached
                workers.run(job)
        finally:
            workers.close()
        assert listener.connections == (0 if offline else 1)
