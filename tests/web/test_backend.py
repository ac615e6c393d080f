"""conflictkg.web.backend: the app's store and query workers: each server process starts its share of the workers;
relative store and dumps folders are read from the current directory."""
from __future__ import annotations

import gc

from conflictkg.pipeline import load
from conflictkg.publish import publish
from conflictkg.store import ConflictStore


def test_app_starts_its_share_of_the_query_workers(backend, sample_store, tmp_path):
    from conflictkg.web import close_app, create_app
    from conflictkg.web.backend import query_workers

    for processes, share in ((1, 3), (2, 2), (3, 1), (4, 1)):
        app = create_app({**backend.app_config(sample_store), "DUMPS": str(tmp_path / "dumps"),
                          "QUERY_WORKERS": 3, "SERVER_PROCESSES": processes})
        assert query_workers(app).size == share
        close_app(app)


def test_relative_store_and_dumps_folders_work_from_the_current_directory(tmp_path, monkeypatch, samples):
    from conflictkg.web import create_app
    monkeypatch.chdir(tmp_path)
    with ConflictStore("data/store") as store:
        load([samples], store, progress=False)
        publish(store, "data/dumps")
    app = create_app({"STORE": "data/store", "DUMPS": "data/dumps", "TESTING": True})
    try:
        resp = app.test_client().get("/dumps/conflictkg.trig")
        assert resp.status_code == 200 and len(resp.data) > 10000
        assert (tmp_path / "data" / "dumps" / "conflictkg.trig").is_file()
    finally:
        from conflictkg.web import close_app
        close_app(app)
        gc.collect()


def test_a_kept_value_is_computed_once_by_one_of_the_requests_that_want_it():
    import threading
    import time

    from conflictkg.web.backend import Kept
    kept, calls, started = Kept(), [], threading.Barrier(8)

    def slow():
        calls.append(1)
        time.sleep(0.2)
        return {"facts": 1}

    got = []

    def ask():
        started.wait()
        got.append(kept.get(("store", "job"), slow))
    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1 and len(got) == 8 and all(value is got[0] for value in got)
    assert kept.get(("store", "job"), slow) is got[0] and len(calls) == 1


def test_a_failure_reaches_the_waiting_requests_and_is_not_kept():
    import threading
    import time

    import pytest

    from conflictkg.query_results import QueryFailed
    from conflictkg.web.backend import Kept
    kept, calls, started, said = Kept(), [], threading.Barrier(4), []

    def failing():
        calls.append(1)
        time.sleep(0.2)
        raise QueryFailed(504, "the query ran out of time")

    def ask():
        started.wait()
        try:
            kept.get("key", failing)
        except QueryFailed as failed:
            said.append(failed.status)
    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert said == [504] * 4 and len(calls) == 1  # one tried; the others were told, not made to try in turn
    with pytest.raises(QueryFailed):
        kept.get("key", failing)  # tried again on the next request
    assert kept.get("key", lambda: "fine") == "fine"


def test_only_the_latest_values_are_kept():
    from conflictkg.web.backend import Kept
    kept = Kept(size=2)
    for key in "abc":
        kept.get(key, lambda key=key: key.upper())
    assert kept.get("a", lambda: "again") == "again" and kept.get("c", lambda: "again") == "C"


def test_a_failure_of_the_computing_request_s_own_makes_the_others_try_in_turn():
    import threading
    import time

    import pytest

    from conflictkg.query_results import QueryFailed
    from conflictkg.web.backend import Kept, _rate_limited
    kept, started, got = Kept(own_failure=_rate_limited), threading.Barrier(3), []

    def compute(client):
        time.sleep(0.2)
        if client == "crawler":  # its own allowance is used up: a 429 for it, not for the page
            raise QueryFailed(429, "this client already runs 1 long query")
        return f"page for {client}"

    def ask(client):
        started.wait()
        if client != "crawler":
            time.sleep(0.05)  # the crawler asks first
        try:
            got.append(kept.get("start page", lambda: compute(client)))
        except QueryFailed as failed:
            got.append(failed.status)
    threads = [threading.Thread(target=ask, args=(c,)) for c in ("crawler", "reader", "researcher")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert got.count(429) == 1 and len(set(got) - {429}) == 1 and len(got) == 3
    with pytest.raises(QueryFailed):
        Kept().get("k", lambda: (_ for _ in ()).throw(QueryFailed(504, "too long")))
