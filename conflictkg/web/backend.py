"""What the app reads from, opened once per app on first use and closed with it: the published store, the query
workers of /sparql and the one worker that reads the pages (each page's queries run as one job, with the same
time and memory limits)."""
from __future__ import annotations

import threading

from flask import Flask, current_app

from ..backends import store_location
from ..published import Published
from ..query_workers import QueryWorkers
from ..remote import RemoteEndpoints
from ..settings import query_memory_bytes, query_workers_per_process

STORE = "conflictkg_store"
WORKERS = "conflictkg_query_workers"
PAGE_WORKER = "conflictkg_page_worker"
_OPENING = threading.Lock()  # two first requests at once open one set of workers


def init_app(app: Flask) -> None:
    app.extensions[STORE] = None
    app.extensions[WORKERS] = None
    app.extensions[PAGE_WORKER] = None


def published(app: Flask | None = None) -> Published:
    """The app's view of the store."""
    app = app or current_app
    if app.extensions.get(STORE) is None:
        cfg = app.config
        app.extensions[STORE] = Published(store_location(cfg), cfg["BASE_IRI"], cfg["DUMPS"])
    return app.extensions[STORE]


def query_workers(app: Flask | None = None, pages: bool = False) -> QueryWorkers:
    """The app's query workers, which run every query the app runs: those of /sparql, or (pages) the one that
    reads the pages, so that pages answer while every query worker is busy."""
    app = app or current_app
    key = PAGE_WORKER if pages else WORKERS
    if app.extensions.get(key) is None:  # only the first requests take the lock
        with _OPENING:
            if app.extensions.get(key) is None:
                app.extensions[key] = _workers(app, 1 if pages else None)
    return app.extensions[key]


def _workers(app: Flask, size: int | None) -> QueryWorkers:
    cfg = app.config
    published(app).store()  # make sure the store exists before workers open it read-only
    location = published(app).location
    # a worker reading a remote store, or allowed to call a SERVICE, needs the network; others go without
    offline = not isinstance(location, RemoteEndpoints) and not allowed_services(app)
    # each server process: its share of the query workers and one page worker, and as many again for long queries
    running_at_once = 2 * (cfg["QUERY_WORKERS"] + cfg["SERVER_PROCESSES"])
    return QueryWorkers(location, size or query_workers_per_process(cfg["QUERY_WORKERS"], cfg["SERVER_PROCESSES"]),
                        cfg["QUERY_TIMEOUT"], cfg["ROW_LIMIT"],
                        query_memory_bytes(cfg["QUERY_MEMORY_MB"], running_at_once), offline,
                        cfg["LONG_QUERIES_PER_CLIENT"], cfg["PAUSE_AFTER_STOPPED"])


def allowed_services(app: Flask | None = None) -> frozenset[str]:
    """The SERVICE endpoints a query may call."""
    listed = (app or current_app).config["ALLOWED_SERVICES"]
    return frozenset(x.strip() for x in listed.split(",") if x.strip())


def close(app: Flask) -> None:
    """Stop the app's query workers and release its store."""
    for key in (WORKERS, PAGE_WORKER):
        workers = app.extensions.pop(key, None)
        if workers is not None:
            workers.close()
    pub = app.extensions.pop(STORE, None)
    if pub is not None:
        pub.close()
