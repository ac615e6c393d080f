"""Shared fixtures: paths, a store loaded with the sample articles, the Flask app and client."""
from __future__ import annotations

import gc
from pathlib import Path

import pytest

from conflictkg.pipeline import load
from conflictkg.resources import samples_dir
from conflictkg.store import ConflictStore

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def samples() -> Path:
    return samples_dir()


@pytest.fixture(scope="session")
def sample_store_dir(tmp_path_factory, samples) -> Path:
    """A store on disk holding the two sample articles (loaded once; tests only read it)."""
    path = tmp_path_factory.mktemp("samples") / "store"
    store = ConflictStore(path)
    report = load([samples], store, progress=False)
    assert len(report.loaded) == 2 and not report.rejected
    del store
    gc.collect()  # release the store's lock for the app that opens it next
    return path


@pytest.fixture()
def app(sample_store_dir):
    from server import create_app

    app = create_app({"STORE": str(sample_store_dir), "DUMPS": str(sample_store_dir.parent / "dumps"),
                      "TESTING": True})
    yield app
    from server import close_app
    close_app(app)
    gc.collect()


@pytest.fixture()
def client(app):
    return app.test_client()
