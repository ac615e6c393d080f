"""SPARQL queries run in worker processes, so that one that runs past the time limit can be stopped (killed:
neither pyoxigraph nor rdflib can interrupt a running query) while the server keeps answering others.

Each worker opens the store read-only (the embedded one, or a client of a remote server) and reopens it when a
load has stamped a new version. A query's results are serialised in the worker, capped at the row limit; the
answer says whether the cap cut them short.

The hop to a worker costs about a millisecond, which is most of the time of a cheap query. So a query already
seen to finish within FAST_QUERY seconds (LONG_QUERY: one that a worker would not have moved to the lowest
priority), with the same text, dataset and formats, on the same version of the store, runs in the server process
instead: on the same data the same query does the same work, so it cannot become the runaway query the workers
are there to stop. Dashboards and notebooks send the same queries again and again; a query seen for the first
time always goes to a worker.

Such a query's row count is remembered too, unless its text calls a function whose value changes from run to run
(RAND, NOW, UUID, STRUUID, BNODE) or a remote SERVICE: run again in the server, its results are written without
being read back to count the rows (3.7 of 25 ms on a 1,100-row answer, 14 of 119 ms on a 4,257-row one)."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import multiprocessing as mp
import os
import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from .backends import StoreLocation, open_store
from .formats import GRAPH_FORMATS, RESULT_FORMATS
from .remote import RemoteStoreError
from .store import GraphStore

RESULTS = {f.name: f for f in RESULT_FORMATS}
LONG_QUERY = 0.25  # seconds after which a query runs at the lowest CPU priority
GRAPHS = {f.name: f for f in GRAPH_FORMATS}
FAST_QUERY = LONG_QUERY  # seconds: a query that finished within this in a worker runs in the server process next
# time (one that a worker would never have moved to the lowest priority)
FAST_REMEMBERED = 10_000  # queries remembered as fast (by digest; least recently used forgotten first)
# a query whose text matches this may give other rows when run again (a match inside a string only costs the reuse)
UNREPEATABLE = re.compile(r"\b(RAND|NOW|UUID|STRUUID|BNODE|SERVICE)\b", re.IGNORECASE)
UNKNOWN = -1  # the row count of a fast query that cannot be reused


@dataclass(frozen=True)
class QueryJob:
    query: str
    version: str  # of the store: a worker reopens it when this changes
    results_format: str | None  # the negotiated format for SELECT / ASK (None: nothing acceptable)
    graph_format: str | None  # for CONSTRUCT / DESCRIBE
    default_graph: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    def digest(self) -> bytes:
        """Identifies the job: same digest, same work on the same store."""
        parts = (self.query, self.version, self.results_format or "", self.graph_format or "",
                 *self.default_graph, "", *self.named_graphs)
        return hashlib.sha256("\x00".join(parts).encode("utf-8", "surrogatepass")).digest()


@dataclass(frozen=True)
class QueryAnswer:
    media_type: str
    body: bytes
    rows: int  # solutions or triples sent
    truncated: bool  # the row limit cut the results short
    seconds: float  # taken to run the query and write its results (not to open the store)


class QueryFailed(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


class QueryPool:
    """A fixed number of worker processes; a query waits for a free one."""

    def __init__(self, location: StoreLocation, workers: int, timeout: float, row_limit: int):
        self.location, self.size, self.timeout, self.row_limit = location, workers, timeout, row_limit
        self._fast: OrderedDict[bytes, int] = OrderedDict()  # digest -> its rows (or UNKNOWN)
        self._fast_lock = threading.Lock()
        self._context = mp.get_context("spawn")  # no fork of a threaded server holding RocksDB handles
        self._idle: list[_Worker] = []
        self._all: list[_Worker] = []
        self._cond = threading.Condition()
        self._closed = False

    def _start(self) -> "_Worker":
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(child, self.location, self.row_limit), daemon=True,
                                        name="conflictkg-query")
        process.start()
        child.close()
        return _Worker(process, parent)

    def _checkout(self) -> "_Worker":
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

    def _checkin(self, worker: "_Worker") -> None:
        with self._cond:
            self._idle.append(worker)
            self._cond.notify()

    def _discard(self, worker: "_Worker") -> None:
        """Kill a worker and start its replacement now, so that no later query waits for a process to start."""
        worker.process.kill()
        worker.process.join(5)
        worker.conn.close()
        replacement = None if self._closed else self._start()
        with self._cond:
            self._all.remove(worker)
            if replacement is not None and not self._closed:
                self._all.append(replacement)
                self._idle.append(replacement)
            self._cond.notify()

    def run(self, job: QueryJob, here: GraphStore | None = None) -> QueryAnswer:
        """The answer to the query, or QueryFailed (4xx for the query's faults, 504 past the time limit).
        `here` is the server's own read-only store at job.version, for queries known to be fast (None: the query
        goes to a worker whatever it is)."""
        digest = job.digest()
        rows = self._known_fast(digest) if here is not None else None
        if rows is not None:
            _, (kind, *payload) = _run(job, self.location, here, self.row_limit, None if rows == UNKNOWN else rows)
            return _answer(kind, payload)
        answer = self._in_worker(job)
        if here is not None and answer.seconds <= FAST_QUERY:
            repeatable = not answer.truncated and not UNREPEATABLE.search(job.query)
            with self._fast_lock:
                self._fast[digest] = answer.rows if repeatable else UNKNOWN
                if len(self._fast) > FAST_REMEMBERED:
                    self._fast.popitem(last=False)
        return answer

    def _known_fast(self, digest: bytes) -> int | None:
        """None if the query is not known to be fast; else the rows it gave (or UNKNOWN)."""
        with self._fast_lock:
            rows = self._fast.get(digest)
            if rows is not None:
                self._fast.move_to_end(digest)
            return rows

    def _in_worker(self, job: QueryJob) -> QueryAnswer:
        worker = self._checkout()
        try:
            if not worker.ready:  # a new process: its imports are not part of the first query's time
                if not worker.conn.poll(self.timeout) or worker.conn.recv() != "ready":
                    raise EOFError
                worker.ready = True
            worker.conn.send(job)
            if not worker.conn.poll(self.timeout):
                self._discard(worker)
                raise QueryFailed(504, f"the query ran past the time limit of {self.timeout:g} s and was "
                                       "stopped; narrow it (LIMIT, more specific patterns) or use the dumps")
            kind, *payload = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._discard(worker)
            raise QueryFailed(503, "the query worker stopped unexpectedly; try again") from None
        except QueryFailed:
            raise
        self._checkin(worker)
        return _answer(kind, payload)

    def close(self) -> None:
        with self._cond:
            self._closed = True
            workers, self._all, self._idle = list(self._all), [], []
            self._cond.notify_all()
        for worker in workers:
            try:
                worker.conn.send(None)
            except (OSError, BrokenPipeError):
                pass
            worker.process.join(2)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(2)


def _answer(kind: str, payload: list) -> QueryAnswer:
    if kind == "ok":
        return QueryAnswer(*payload)
    status, message = payload
    raise QueryFailed(status, message)


def _lower_priority(thread_id: int) -> None:
    """The lowest CPU priority for one thread (Linux gives each thread its own nice value); where that cannot
    be done, the query keeps its priority."""
    try:
        os.setpriority(os.PRIO_PROCESS, thread_id, 19)
    except (OSError, AttributeError):
        pass


@dataclass
class _Worker:
    process: mp.process.BaseProcess
    conn: object
    ready: bool = False  # has said it is ready (imports done)


# --- in the worker process ------------------------------------------------------------------------------------------

def _serve(conn, location: StoreLocation, row_limit: int) -> None:
    store, version = None, None
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        if store is None or job.version != version:
            store, version = None, job.version
        # Each query runs in a thread of its own; one still running after LONG_QUERY seconds drops to the lowest
        # CPU priority, so short queries in other workers keep their latency. The next query's thread starts at
        # the normal priority again, so the worker (and its warm caches) is kept.
        answer: list = []
        thread = threading.Thread(target=lambda: answer.append(_run(job, location, store, row_limit)))
        thread.start()
        thread.join(LONG_QUERY)
        if thread.is_alive():
            _lower_priority(thread.native_id)
            thread.join()
        store, message = answer[0]
        conn.send(message)


def _run(job: QueryJob, location: StoreLocation, store, row_limit: int, known_rows: int | None = None) -> tuple:
    """(the store, opened if it was not, and the message for the server). known_rows: what the same job gave
    before, if it is sure to give as many again."""
    try:
        if store is None:
            store = open_store(location, read_only=True)
        started = time.monotonic()
        options: dict = {}
        if job.default_graph:
            options["default_graph"] = [ox.NamedNode(g) for g in job.default_graph]
        if job.named_graphs:
            options["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
        written = _serialise(lambda: store.query(job.query, **options), job, row_limit, known_rows)
        return store, ("ok", *written, time.monotonic() - started)
    except SyntaxError as err:
        return store, ("error", 400, f"SPARQL syntax error: {err}")
    except ValueError as err:
        return store, ("error", 400, f"the query cannot be run: {err}")
    except _Unacceptable as err:
        return store, ("error", 406, str(err))
    except RemoteStoreError as err:
        return store, ("error", 502, str(err))
    except Exception as err:  # an engine failure: reported as such, the worker carries on
        return store, ("error", 500, f"the query failed in the engine: {type(err).__name__}: {err}")


class _Unacceptable(Exception):
    pass


# result formats Oxigraph can both write and read back (to count rows); CSV it cannot read
NATIVE = ("json", "xml", "tsv")
NATIVE_BUDGET = 64 * 1024 * 1024  # bytes of results held before falling back to the capped writer below


class _OverBudget(Exception):
    pass


class _Bounded(io.RawIOBase):
    """A growing byte buffer that raises _OverBudget once it holds more than `limit` bytes."""

    def __init__(self, limit: int):
        self.data, self.limit = bytearray(), limit

    def writable(self) -> bool:
        return True

    def write(self, chunk) -> int:
        self.data += chunk
        if len(self.data) > self.limit:
            raise _OverBudget
        return len(chunk)


def _serialise(run, job: QueryJob, row_limit: int, known_rows: int | None = None) -> tuple:
    """(media type, body, rows, truncated) for the results of run()."""
    result = run()
    if isinstance(result, ox.QueryBoolean):
        syntax = _chosen(RESULTS, job.results_format, "query results")
        return syntax.media_type, result.serialize(format=syntax.oxigraph), 1, False
    if isinstance(result, ox.QuerySolutions):
        syntax = _chosen(RESULTS, job.results_format, "query results")
        if syntax.name in NATIVE:
            # Oxigraph's own serialiser (several times faster than writing the terms here), into a bounded
            # buffer; its output is read back to count the rows (unless the same job's count is known), and
            # only a result over the row limit (or the buffer) is written again here, cut at the limit.
            written = _Bounded(NATIVE_BUDGET)
            try:
                result.serialize(written, format=syntax.oxigraph)
            except _OverBudget:
                result = run()
            else:
                body = bytes(written.data)
                if known_rows is not None and known_rows <= row_limit:
                    return syntax.media_type, body, known_rows, False
                parsed = ox.parse_query_results(body, format=syntax.oxigraph)
                count = sum(1 for _ in parsed)
                if count <= row_limit:
                    return syntax.media_type, body, count, False
                result = ox.parse_query_results(body, format=syntax.oxigraph)
        variables = [v.value for v in result.variables]
        rows = []
        for solution in result:
            if len(rows) == row_limit:
                return syntax.media_type, _solutions(syntax.name, variables, rows), len(rows), True
            rows.append([solution[v] for v in variables])
        return syntax.media_type, _solutions(syntax.name, variables, rows), len(rows), False
    syntax = _chosen(GRAPHS, job.graph_format, "graphs")
    triples, truncated = [], False
    for triple in result:
        if len(triples) == row_limit:
            truncated = True
            break
        triples.append(ox.Quad(triple.subject, triple.predicate, triple.object) if syntax.datasets else triple)
    return syntax.media_type, ox.serialize(triples, format=syntax.oxigraph), len(triples), truncated


def _chosen(table: dict, name: str | None, what: str):
    if name is None:
        raise _Unacceptable(f"none of the accepted media types is available for {what}; offered: "
                            + ", ".join(f.media_type for f in table.values()))
    return table[name]


def _solutions(fmt: str, variables: list[str], rows: list[list]) -> bytes:
    """SPARQL results in JSON, XML, CSV or TSV (written here, so that they can stop at the row limit)."""
    if fmt == "json":
        bindings = [{v: _json_term(t) for v, t in zip(variables, row) if t is not None} for row in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False).encode("utf-8")
    if fmt == "xml":
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
        out += [f"<variable name={quoteattr(v)}/>" for v in variables]
        out.append("</head><results>")
        for row in rows:
            out.append("<result>")
            out += [f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>" for v, t in zip(variables, row)
                    if t is not None]
            out.append("</result>")
        out.append("</results></sparql>")
        return "".join(out).encode("utf-8")
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow(["" if t is None else ("_:" + t.value if isinstance(t, ox.BlankNode) else t.value)
                             for t in row])
        return buffer.getvalue().encode("utf-8")
    lines = ["\t".join("?" + v for v in variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"
