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

One client cannot take the workers from the others. A long job leaves the `workers` that run short ones: it
moves to a lane of as many again, so a query that runs to the time limit does not hold up the short ones
behind it. A client (the address a request came from) may have at most `per_client` long jobs at once: one more
that runs long is stopped with a 429. Its short ones go on. After one of its jobs was stopped (time limit,
memory, or one long job too many), all its jobs get a 429 for `pause` seconds: stopping a query that took much
memory costs the machine a while, and a client cannot make it do so more often. And a free worker goes to the waiting job whose client has the fewest
long jobs running, then the fewest jobs running or waiting: a client that sends many at once waits behind those
that do not.

Written here rather than with a process-pool library: a job through pebble's ProcessPool took 310 us against
65 us for a round trip on a pipe (no-op job, 2 cores), and the hop is most of a cheap query's time."""
from __future__ import annotations

import itertools
import logging
import multiprocessing as mp
import os
import signal
import threading
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any, Protocol

from .backends import StoreLocation, open_store
from .remote import RemoteEndpoints
from .query_results import QueryFailed
from .sandbox import cut_off_network, limit_memory

log = logging.getLogger(__name__)
LONG_QUERY = 0.25  # seconds after which a job runs at the lowest CPU priority
LOWEST = 19
_TOO_MANY_LONG = ("this client already runs {} long queries (LONG_QUERIES_PER_CLIENT), which is as many as one client "
                  "may; send more when one has ended")
_PAUSED = ("a query of this client's was stopped at a limit less than {:g} s ago (PAUSE_AFTER_STOPPED); send the next "
           "one in {:.1f} s")
_OUT_OF_MEMORY = ("the query needed more memory than one query may use ({} MB, QUERY_MEMORY_MB) and was stopped; "
                  "narrow it (LIMIT, more specific patterns, no ORDER BY over everything) or use the dumps")


class Job(Protocol):
    version: str

    def run(self, store, row_limit: int) -> Any: ...


@dataclass
class _Worker:
    process: mp.process.BaseProcess
    conn: Any


class QueryWorkers:
    """`workers` processes for short jobs and as many for long ones; a job waits for a free one, at most the time
    limit."""

    def __init__(self, location: StoreLocation, workers: int, timeout: float, row_limit: int, memory: int = 0,
                 offline: bool = False, per_client: int = 0, pause: float = 0):
        self.location, self.size, self.timeout, self.row_limit = location, workers, timeout, row_limit
        self.memory = memory  # bytes a worker may allocate (0: no limit)
        self.offline = offline  # workers cut off from the network (conflictkg.sandbox)
        self.per_client = per_client  # long jobs one client may have at once (0: no limit)
        self.pause = pause  # seconds a client waits after one of its jobs was stopped
        self._paused: dict[object, float] = {}  # until when a client's jobs are refused
        self._nice = _priority()  # the priority a worker gets back after a long job: the server's own
        self._context = _context()
        self._idle: list[_Worker] = []
        self._all: list[_Worker] = []
        self._running: Counter = Counter()  # jobs that have a worker, per client
        self._long: Counter = Counter()  # of those, the ones moved to the long lane
        self._waiting: list[tuple[int, object]] = []  # (ticket, client) of the jobs waiting for a worker
        self._queued: Counter = Counter()  # of those, per client
        self._last_long: dict[object, float] = {}  # when a client's job last ran past LONG_QUERY
        self._tickets = itertools.count()
        self._starting = 0  # workers started that have not said they are ready yet
        self._failed_starts = 0  # starts that failed in a row: the next waits longer (none at once, forever)
        self._next_start = 0.0  # when a worker may be started again after one failed to
        self._start_error = ""  # why the last one failed
        self._cond = threading.Condition()
        self._closed = False

    def run(self, job: Job, client: object = None) -> Any:
        """What job.run gave in a worker, or QueryFailed (4xx for the query's faults; 429 for a long job past the
        `client`'s allowance, or any job of a client within its pause; 503 when no worker is free or one died; 504
        past the time limit; 507 past the memory cap)."""
        worker = self._checkout(client)
        moved = lowered = False
        try:
            worker.conn.send(job)
            first = min(LONG_QUERY, self.timeout)
            if not worker.conn.poll(first):
                lowered = _set_priority(worker.process.pid, LOWEST)
                moved = self._to_long_lane(client)
            if not worker.conn.poll(self.timeout - first):
                raise QueryFailed(504, f"the query ran past the time limit of {self.timeout:g} s and was "
                                       "stopped; narrow it (LIMIT, more specific patterns) or use the dumps")
            kind, *payload = worker.conn.recv()
        except QueryFailed:
            self._discard(worker, client, moved, stopped=True)
            raise
        except (EOFError, OSError):
            self._discard(worker, client, moved, ended=True)
            if worker.process.exitcode == -signal.SIGABRT and self.memory:  # what an allocation past the limit ends in
                with self._cond:
                    self._stopped(client)
                raise QueryFailed(507, _OUT_OF_MEMORY.format(self.memory // 2 ** 20)) from None
            raise QueryFailed(503, "the query worker stopped unexpectedly; try again") from None
        if lowered and not _set_priority(worker.process.pid, self._nice):
            self._discard(worker, client, moved)
        else:
            self._checkin(worker, client, moved)
        if kind == "error":
            raise QueryFailed(*payload)
        return payload[0]

    def _spawn(self) -> None:
        """Under the lock: start a worker in the background; it is idle once it has opened the store, so no job
        waits for a process to start when another worker frees up first."""
        self._starting += 1
        threading.Thread(target=self._bring_up, daemon=True, name="conflictkg-query-start").start()

    def _bring_up(self) -> None:
        worker = None
        try:
            parent, child = self._context.Pipe()
            process = self._context.Process(target=_serve, daemon=True, name="conflictkg-query",
                                            args=(child, self.location, self.row_limit, self.memory, self.offline))
            process.start()
            child.close()
            worker = _Worker(process, parent)
            ready = parent.poll(max(self.timeout, 60)) and parent.recv() == "ready"
            failure = "" if ready else "it did not say it was ready within the time allowed"
        except Exception as err:  # noqa: BLE001 - whatever stopped it, the pool must not count it as starting
            failure = f"{type(err).__name__}: {err}"
            ready = False
            if not self._failed_starts:  # the first of a streak with its traceback; the next ones in a line
                log.exception("a query worker did not start")
        with self._cond:
            self._starting -= 1
            if ready and not self._closed:
                self._all.append(worker)
                self._idle.append(worker)
                worker = None
                self._failed_starts = 0
            elif not ready:
                self._failed_starts += 1
                self._start_error = failure
                self._next_start = time.monotonic() + min(30.0, 0.25 * 2 ** self._failed_starts)
                if self._failed_starts > 1:
                    log.warning("a query worker did not start (%d times in a row): %s", self._failed_starts, failure)
            self._cond.notify_all()
        if worker is not None:
            worker.process.kill()
            worker.process.join(5)

    def _checkout(self, client: object) -> _Worker:
        deadline = time.monotonic() + self.timeout
        ticket = (next(self._tickets), client)
        with self._cond:
            self._waiting.append(ticket)
            self._queued[client] += 1
            try:
                while True:
                    if self._closed:
                        raise QueryFailed(503, "the server is shutting down")
                    wait = self._paused.get(client, 0) - time.monotonic()
                    if wait > 0:
                        raise QueryFailed(429, _PAUSED.format(self.pause, wait))
                    short = sum(self._running.values()) - sum(self._long.values())
                    if short < self.size and self._idle and min(self._waiting, key=self._turn) is ticket:
                        self._running[client] += 1
                        worker = self._idle.pop()
                        self._keep_spare()
                        return worker
                    self._keep_spare()
                    if not self._all and not self._starting and self._failed_starts:
                        raise QueryFailed(503, f"no query worker could start ({self._start_error}); the server's "
                                               "log says more")
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise QueryFailed(503, f"all {self.size} query workers stayed busy for {self.timeout:g} s; "
                                               "try again later")
                    # after a failed start, wake when the next may be tried
                    self._cond.wait(min(left, max(0.01, self._next_start - time.monotonic())) if self._failed_starts
                                    else left)
            finally:
                self._waiting.remove(ticket)
                self._queued[client] -= 1
                if not self._queued[client]:
                    del self._queued[client]
                self._cond.notify_all()  # the next in turn may be another waiter now

    def _stopped(self, client: object) -> None:
        """Under the lock: a job of the client's was stopped; refuse its jobs for the pause."""
        if self.pause:
            now = time.monotonic()
            if len(self._paused) > 10_000:  # forget pauses that are over
                self._paused = {c: t for c, t in self._paused.items() if t > now}
            self._paused[client] = now + self.pause

    def _keep_spare(self) -> None:
        """Under the lock: start a worker if none is idle or starting and there is room, so that a place freed
        among the short jobs (a job moved to the long lane, a worker killed) finds a process ready."""
        if not self._idle and not self._starting and len(self._all) < 2 * self.size and not self._closed:
            if time.monotonic() >= self._next_start:  # after a failed start, not before its back-off is over
                self._spawn()

    def _turn(self, ticket: tuple[int, object]) -> tuple[bool, int, int, int]:
        """Who gets the next free worker: the job whose client runs the fewest long jobs and had none within the
        time limit, then has the fewest jobs running or waiting, then the one waiting longest."""
        number, client = ticket
        recent = time.monotonic() - self._last_long.get(client, -self.timeout) < self.timeout
        return self._long[client], recent, self._running[client] + self._queued[client], number

    def _to_long_lane(self, client: object) -> bool:
        """Move a job that has run LONG_QUERY to the long lane, freeing its place among the short ones; False if
        the long lane is full (it stays where it is); QueryFailed(429) if its client has all the long jobs it
        may."""
        with self._cond:
            self._last_long[client] = time.monotonic()
            if len(self._last_long) > 10_000:  # forget clients whose last long job is past the time limit
                horizon = time.monotonic() - self.timeout
                self._last_long = {c: t for c, t in self._last_long.items() if t > horizon}
            if self.per_client and self._long[client] >= self.per_client:
                raise QueryFailed(429, _TOO_MANY_LONG.format(self._long[client]))
            if sum(self._long.values()) >= self.size:
                return False
            self._long[client] += 1
            self._cond.notify_all()
            return True

    def _release(self, client: object, moved: bool) -> None:
        """Under the lock: the client's job no longer has a worker."""
        self._running[client] -= 1
        if not self._running[client]:
            del self._running[client]
        if moved:
            self._long[client] -= 1
            if not self._long[client]:
                del self._long[client]

    def _checkin(self, worker: _Worker, client: object, moved: bool) -> None:
        with self._cond:
            self._release(client, moved)
            self._idle.append(worker)
            self._cond.notify_all()

    def _discard(self, worker: _Worker, client: object, moved: bool, ended: bool = False,
                 stopped: bool = False) -> None:
        """Kill a worker, and start its replacement now if no other worker is idle (starting one costs 0.3 s of CPU,
        which the short queries of others would feel; with an idle one, a replacement starts when needed)."""
        with self._cond:  # its place is free at once: a process that held much memory takes a while to exit
            self._release(client, moved)
            if stopped:
                self._stopped(client)
            if worker in self._all:
                self._all.remove(worker)
            self._keep_spare()
            self._cond.notify_all()
        if ended:  # by itself (out of memory: SIGABRT): its exit status says why
            worker.process.join(1)
        worker.process.kill()
        worker.process.join(5)
        worker.conn.close()

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


def _context():
    """How workers start: forked from a clean process that has imported this module once (multiprocessing's
    forkserver), never from the threaded server holding RocksDB handles; spawned where there is no fork. A
    spawned worker costs 0.3 s of CPU for its imports, which short queries on a busy machine feel when workers
    are replaced; a forked one, a few milliseconds."""
    if "forkserver" not in mp.get_all_start_methods():
        return mp.get_context("spawn")
    context = mp.get_context("forkserver")
    context.set_forkserver_preload([__name__, "conflictkg.pages"])
    return context


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
    if not isinstance(location, RemoteEndpoints):  # opened now, so that the first job does not wait for it
        try:
            store = open_store(location, read_only=True)
            version = store.version()["version"]
        except Exception:  # noqa: BLE001 - the first job opens it again, and reports why it cannot
            store = None
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
