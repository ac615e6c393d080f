"""What the app reads from, opened once per app on first use and closed with it: the published store, the query
workers of /sparql and the one worker that reads the pages (each page's queries run as one job, with the same
time and memory limits), and what the pages' jobs gave, kept for the next request that asks the same."""
from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from flask import Flask, current_app, request

from ..backends import store_location
from ..published import Published
from ..query_results import QueryFailed
from ..query_workers import QueryWorkers
from ..remote import RemoteEndpoints
from ..settings import query_memory_bytes, query_workers_per_process

STORE = "conflictkg_store"
WORKERS = "conflictkg_query_workers"
PAGE_WORKER = "conflictkg_page_worker"
PAGES = "conflictkg_pages"
_OPENING = threading.Lock()  # two first requests at once open one set of workers


def init_app(app: Flask) -> None:
    app.extensions[STORE] = None
    app.extensions[WORKERS] = None
    app.extensions[PAGE_WORKER] = None
    app.extensions[PAGES] = Kept(own_failure=_rate_limited)


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


class Kept:
    """Values by key, the `size` latest (a page's facts cost up to a second or two on a large store; paging
    through a list, or coming back to a page, need not pay it again). When several requests want a value that is
    not there, one computes it and the others wait for it, and share its failure if it fails, but for a failure
    that is the computing request's own (`own_failure`, such as its client's rate limit): then they try in turn."""

    def __init__(self, size: int = 256, own_failure: Callable[[BaseException], bool] = lambda err: False):
        self.size, self.own_failure = size, own_failure
        self._values: OrderedDict = OrderedDict()
        self._computing: dict[Hashable, _Computing] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        while True:
            with self._lock:
                if key in self._values:
                    self._values.move_to_end(key)
                    return self._values[key]
                computing = self._computing.get(key)
                if computing is None:
                    self._computing[key] = mine = _Computing()
            if computing is None:
                return self._compute(key, compute, mine)
            computing.done.wait()  # another request computes it, within the query time limit
            if computing.error is None:
                return computing.value
            if not self.own_failure(computing.error):
                raise copy.copy(computing.error).with_traceback(None)  # a copy: that one's traceback is its own

    def _compute(self, key: Hashable, compute: Callable[[], Any], mine: _Computing) -> Any:
        try:
            mine.value = compute()
            with self._lock:
                self._values[key] = mine.value
                while len(self._values) > self.size:
                    self._values.popitem(last=False)
            return mine.value
        except BaseException as err:  # even an interrupt: the waiters must not take a None for the value
            mine.error = err
            raise
        finally:
            with self._lock:
                del self._computing[key]
            mine.done.set()


class _Computing:
    def __init__(self):
        self.done, self.value, self.error = threading.Event(), None, None


def _rate_limited(err: BaseException) -> bool:
    """A refusal for the client that asked, not for the page: its long queries, or its pause (429)."""
    return isinstance(err, QueryFailed) and err.status == 429


def page_facts(job) -> Any:
    """What a page's job (conflictkg.browse, conflictkg.pages) gives, run by the page worker or kept from an earlier
    request: jobs name the version of the store they read, so a load makes them new. A value is shared between
    requests: callers must not change it."""
    key = (published().location_key(), job)
    return current_app.extensions[PAGES].get(key, lambda: query_workers(pages=True).run(job, request.remote_addr))


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
