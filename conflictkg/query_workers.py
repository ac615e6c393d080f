"""Every query the server runs, the endpoint's and the pages', runs in one of a fixed number of worker processes,
so that one that runs past the time limit can be stopped (killed: neither pyoxigraph nor rdflib can interrupt a
running query) while the server keeps answering others.

A job is any picklable object with a `version` (of the store it is for) and a `run(store, row_limit)` method,
which the worker calls with the store opened read-only (reopened when the version changes) and whose value, or
QueryFailed, comes back. One still running after LONG_QUERY seconds drops to the lowest CPU priority, so that
short queries in other workers keep their latency; the worker gets its priority back afterwards, or, where the
system does not let a process raise its priority again, is replaced. A worker may allocate at most its share
of memory (QUERY_MEMORY_MB): a query that needs more ends its worker, and gets a 507. Over the embedded store,
and unless SERVICE is allowed somewhere, workers have no network (conflictkg.sandbox).

Written here rather than with a process-pool library: a job through pebble's ProcessPool took 310 us against
65 us for a round trip on a pipe (no-op job, 2 cores), and the hop is most of a cheap query's time."""
from __future__ import annotations

import multiprocessing as mp
import os
import signal
import threading
import time
from dataclasses import dataclass
from typing import Any, Protocol

from .backends import StoreLocation, open_store
from .query_results import QueryFailed
from .sandbox import cut_off_network, limit_memory

LONG_QUERY = 0.25  # seconds after which a job runs at the lowest CPU priority
LOWEST = 19
_OUT_OF_MEMORY = ("the query needed more memory than one query may use ({} MB, QUERY_MEMORY_MB) and was stopped; "
                  "narrow it (LIMIT, more specific patterns, no ORDER BY over everything) or use the dumps")


class Job(Protocol):
    version: str

    def run(self, store, row_limit: int) -> Any: ...


@dataclass
class _Worker:
    process: mp.process.BaseProcess
    conn: Any
    ready: bool = False  # has said it is ready (imports done)


class QueryWorkers:
    """A fixed number of worker processes; a job waits for a free one, at most the time limit."""

    def __init__(self, location: StoreLocation, workers: int, timeout: float, row_limit: int, memory: int = 0,
                 offline: bool = False):
        self.location, self.size, self.timeout, self.row_limit = location, workers, timeout, row_limit
        self.memory = memory  # bytes a worker may allocate (0: no limit)
        self.offline = offline  # workers cut off from the network (conflictkg.sandbox)
        self._nice = _priority()  # the priority a worker gets back after a long job: the server's own
        self._context = mp.get_context("spawn")  # no fork of a threaded server holding RocksDB handles
        self._idle: list[_Worker] = []
        self._all: list[_Worker] = []
        self._cond = threading.Condition()
        self._closed = False

    def run(self, job: Job) -> Any:
        """What job.run gave in a worker, or QueryFailed (4xx for the query's faults, 503 when no worker is
        free or one died, 504 past the time limit)."""
        worker = self._checkout()
        try:
            if not worker.ready:  # a new process: its imports are not part of the first job's time
                if not worker.conn.poll(self.timeout) or worker.conn.recv() != "ready":
                    raise EOFError
                worker.ready = True
            worker.conn.send(job)
            first = min(LONG_QUERY, self.timeout)
            lowered = not worker.conn.poll(first) and _set_priority(worker.process.pid, LOWEST)
            if not worker.conn.poll(self.timeout - first):
                self._discard(worker)
                raise QueryFailed(504, f"the query ran past the time limit of {self.timeout:g} s and was "
                                       "stopped; narrow it (LIMIT, more specific patterns) or use the dumps")
            kind, *payload = worker.conn.recv()
        except (EOFError, OSError):
            worker.process.join(1)
            ended = worker.process.exitcode
            self._discard(worker)
            if ended == -signal.SIGABRT and self.memory:  # what an allocation past the limit ends in
                raise QueryFailed(507, _OUT_OF_MEMORY.format(self.memory // 2 ** 20)) from None
            raise QueryFailed(503, "the query worker stopped unexpectedly; try again") from None
        if lowered and not _set_priority(worker.process.pid, self._nice):
            self._discard(worker)
        else:
            self._checkin(worker)
        if kind == "error":
            raise QueryFailed(*payload)
        return payload[0]

    def _start(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_serve, daemon=True, name="conflictkg-query",
                                        args=(child, self.location, self.row_limit, self.memory, self.offline))
        process.start()
        child.close()
        return _Worker(process, parent)

    def _checkout(self) -> _Worker:
        deadline = time.monotonic() + self.timeout
        with self._cond:
            while True:
                if self._closed:
                    raise QueryFailed(503, "the server is shutting down")
                if self._idle:
                    return self._idle.pop()
                if len(self._all) < self.size:
                    worker = self._start()
                    self._all.append(worker)
                    return worker
                left = deadline - time.monotonic()
                if left <= 0:
                    raise QueryFailed(503, f"all {self.size} query workers stayed busy for {self.timeout:g} s; "
                                           "try again later")
                self._cond.wait(left)

    def _checkin(self, worker: _Worker) -> None:
        with self._cond:
            self._idle.append(worker)
            self._cond.notify()

    def _discard(self, worker: _Worker) -> None:
        """Kill a worker and start its replacement now, so that no later job waits for a process to start."""
        worker.process.kill()
        worker.process.join(5)
        worker.conn.close()
        replacement = None if self._closed else self._start()
        with self._cond:
            if worker in self._all:
                self._all.remove(worker)
            if replacement is not None and not self._closed:
                self._all.append(replacement)
                self._idle.insert(0, replacement)  # taken last: warm workers answer first while it starts
            self._cond.notify()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            workers, self._all, self._idle = list(self._all), [], []
            self._cond.notify_all()
        for worker in workers:
            try:
                worker.conn.send(None)
            except OSError:
                pass
            worker.process.join(2)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(2)


def _priority() -> int:
    try:
        return os.getpriority(os.PRIO_PROCESS, 0)
    except (OSError, AttributeError):
        return 0


def _set_priority(pid: int, nice: int) -> bool:
    """Set the nice value of a worker's main thread, which runs its jobs; False where that is not allowed."""
    try:
        os.setpriority(os.PRIO_PROCESS, pid, nice)
        return True
    except (OSError, AttributeError):
        return False


# --- in the worker process ------------------------------------------------------------------------------------------

def _serve(conn, location: StoreLocation, row_limit: int, memory: int, offline: bool) -> None:
    limit_memory(memory)  # a query that would take the machine's memory fails in this process alone
    if offline:
        cut_off_network()
    store, version = None, None
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            if store is None or job.version != version:
                store, version = None, job.version
                store = open_store(location, read_only=True)
            message = ("ok", job.run(store, row_limit))
        except QueryFailed as failed:
            message = ("error", failed.status, failed.message)
        except MemoryError:
            message = ("error", 507, _OUT_OF_MEMORY.format(memory // 2 ** 20))
        except Exception as err:  # an engine failure: reported as such, the worker carries on
            message = ("error", 500, f"the query failed in the engine: {type(err).__name__}: {err}")
        conn.send(message)
