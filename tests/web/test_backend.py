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
