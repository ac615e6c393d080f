"""What the app reads from, opened once per app on first use and closed with it: the published store and the
query workers."""
from __future__ import annotations

from flask import Flask, current_app

from ..backends import store_location
from ..published import Published
from ..query_workers import QueryWorkers
from ..remote import RemoteEndpoints
from ..settings import query_memory_bytes, query_workers_per_process

STORE = "conflictkg_store"
WORKERS = "conflictkg_query_workers"


def init_app(app: Flask) -> None:
    app.extensions[STORE] = None
    app.extensions[WORKERS] = None


def published(app: Flask | None = None) -> Published:
    """The app's view of the store."""
    app = app or current_app
    if app.extensions.get(STORE) is None:
        cfg = app.config
        app.extensions[STORE] = Published(store_location(cfg), cfg["BASE_IRI"], cfg["DUMPS"])
    return app.extensions[STORE]


def query_workers(app: Flask | None = None) -> QueryWorkers:
    """The app's query workers, which run every query the app runs."""
    app = app or current_app
    if app.extensions.get(WORKERS) is None:
        cfg = app.config
        published(app).store()  # make sure the store exists before workers open it read-only
        workers = query_workers_per_process(cfg["QUERY_WORKERS"], cfg["SERVER_PROCESSES"])
        location = published(app).location
        # a worker reading a remote store, or allowed to call a SERVICE, needs the network; others go without
        offline = not isinstance(location, RemoteEndpoints) and not allowed_services(app)
        app.extensions[WORKERS] = QueryWorkers(location, workers, cfg["QUERY_TIMEOUT"], cfg["ROW_LIMIT"],
                                               query_memory_bytes(cfg["QUERY_MEMORY_MB"], cfg["QUERY_WORKERS"]),
                                               offline)
    return app.extensions[WORKERS]


def allowed_services(app: Flask | None = None) -> frozenset[str]:
    """The SERVICE endpoints a query may call."""
    listed = (app or current_app).config["ALLOWED_SERVICES"]
    return frozenset(x.strip() for x in listed.split(",") if x.strip())


def close(app: Flask) -> None:
    """Stop the app's query workers and release its store."""
    workers = app.extensions.pop(WORKERS, None)
    if workers is not None:
        workers.close()
    pub = app.extensions.pop(STORE, None)
    if pub is not None:
        pub.close()
