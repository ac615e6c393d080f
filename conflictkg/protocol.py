"""The SPARQL 1.1 Protocol's query operation, apart from Flask: what a request asks for (the query, its dataset,
the result format) and the answer to it.

Most requests to /sparql are plain ones: a GET with `query`, or a POST of a form or of the query itself. For a
cheap query, Flask's request and response machinery cost more than running it (measured in-process on the
10-title query: 1.8 ms per request through Flask, of which the query and its serialisation were 0.6 ms). So
SparqlProtocol, a WSGI middleware in front of the Flask app, reads plain requests straight from the WSGI environ
and answers them. Everything else goes on to the Flask app: the service description, multipart forms, updates
to refuse, requests over a size limit, other methods. Both paths answer through the same `answer` function."""
from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable
from urllib.parse import parse_qsl

import pyoxigraph as ox
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import HTTP_STATUS_CODES, parse_accept_header
from werkzeug.utils import get_content_type

from .formats import GRAPH_FORMATS, RESULT_FORMATS
from .guard import Refused, check_query
from .published import Published
from .query_pool import QueryFailed, QueryJob, QueryPool
from .remote import RemoteStoreError

PATH = "/sparql"
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
# the response headers a script in a browser may read (CORS), on every path of the app
EXPOSED_HEADERS = ("Content-Type", "Content-Length", "Vary", "X-Result-Rows", "X-Result-Truncated", "X-Result-Limit")
REMEMBERED_FORM = 16 * 1024  # characters: forms and query strings up to this long are remembered once decoded
INTERNAL_ERROR = "internal error: the server could not answer this request; it has been logged"


@dataclass(frozen=True)
class QueryRequest:
    query: str
    default_graph: tuple[str, ...] = ()  # default-graph-uri
    named_graphs: tuple[str, ...] = ()  # named-graph-uri
    format: str = ""  # the `format` parameter: a format's name or media type
    accept: str = ""  # the Accept header


@dataclass(frozen=True)
class Reply:
    status: int
    media_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


def error_reply(status: int, message: str) -> Reply:
    return Reply(status, "text/plain", (message + "\n").encode("utf-8"))


def answer(request: QueryRequest, published: Published, pool: QueryPool,
           allowed_services: frozenset[str] = frozenset()) -> Reply:
    """The answer to a query request: its results, or the error that says why there are none."""
    if not request.query.strip():
        return error_reply(400, "missing 'query' parameter")
    try:
        check_query(request.query, allowed_services)
    except Refused as refused:
        return error_reply(refused.status, refused.message)
    for iri in (*request.default_graph, *request.named_graphs):
        try:
            ox.NamedNode(iri)
        except ValueError as err:
            return error_reply(400, f"not an IRI in default-graph-uri or named-graph-uri: {iri!r} ({err})")
    formats = result_formats(request.format, request.accept)
    if isinstance(formats, Reply):
        return formats
    store, version = published.current()
    job = QueryJob(request.query, version["version"], *formats, request.default_graph, request.named_graphs)
    try:
        result = pool.run(job, here=store)
    except QueryFailed as failed:
        return error_reply(failed.status, failed.message)
    headers = [("Vary", "Accept"), ("X-Result-Rows", str(result.rows))]
    if result.truncated:
        headers += [("X-Result-Truncated", "true"), ("X-Result-Limit", str(pool.row_limit))]
    return Reply(200, result.media_type, result.body, tuple(headers))


def result_formats(wanted: str, accept: str) -> tuple[str | None, str | None] | Reply:
    """The format for solutions and the one for graphs (None where nothing acceptable exists; which one applies
    is known only once the query runs), from the `format` parameter if given, else from Accept; a 406 reply
    for a `format` that names nothing known."""
    if wanted:
        results = next((f.name for f in RESULT_FORMATS if wanted in (f.name, f.media_type)), None)
        graphs = next((f.name for f in GRAPH_FORMATS if wanted in (f.name, f.media_type)), None)
        if results is None and graphs is None:
            return error_reply(406, f"unknown format {wanted!r}; available: "
                                    + ", ".join(f.name for f in (*RESULT_FORMATS, *GRAPH_FORMATS)))
        return results, graphs
    return _formats_accepted(accept)


@lru_cache(maxsize=512)  # clients send a handful of distinct Accept headers; matching one takes a while
def _formats_accepted(accept: str) -> tuple[str | None, str | None]:
    accepted = parse_accept_header(accept, MIMEAccept)
    if not accepted:
        return RESULT_FORMATS[0].name, GRAPH_FORMATS[0].name

    def best(options):
        match = accepted.best_match([f.media_type for f in options], default=None)
        return next((f.name for f in options if f.media_type == match), None)
    return best(RESULT_FORMATS), best(GRAPH_FORMATS)


class SparqlProtocol:
    """WSGI middleware: answers plain query requests to /sparql itself, and passes every other request, as it
    came, to the app behind it. `max_query_string` and `max_body` give the limits above which a request is
    passed on (for the app to refuse), read from `limits` at each request."""

    def __init__(self, app: Callable, answer: Callable[[QueryRequest], Reply], limits: Callable[[], tuple[int, int]],
                 logger: logging.Logger):
        self.app = app
        self.answer = answer
        self.limits = limits
        self.logger = logger

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == PATH and environ.get("REQUEST_METHOD") in ("GET", "POST"):
            request = self.plain_request(environ)
            if request is not None:
                return self._send(self._answer(request), start_response)
        return self.app(environ, start_response)

    def plain_request(self, environ: dict) -> QueryRequest | None:
        """The query request, if this is a plain one; None to leave it to the app. A body read here is put
        back, for the app to read again."""
        max_query_string, max_body = self.limits()
        query_string = environ.get("QUERY_STRING", "")
        if len(query_string) > max_query_string:
            return None
        args = _pairs(_wsgi_text(query_string))
        if environ["REQUEST_METHOD"] == "GET":
            params = dataset = args
            query = _first(args, "query")
        else:
            media_type = environ.get("CONTENT_TYPE", "").split(";", 1)[0].strip().lower()
            try:
                length = int(environ.get("CONTENT_LENGTH") or "")
            except ValueError:
                return None  # no length (chunked): the app reads such bodies
            if media_type not in (FORM, DIRECT) or not 0 <= length <= max_body:
                return None
            body = environ["wsgi.input"].read(length)
            environ["wsgi.input"] = io.BytesIO(body)
            text = body.decode("utf-8", "replace")
            if media_type == DIRECT:
                params, dataset, query = args, args, text
            else:
                form = _pairs(text)
                params, dataset, query = args + form, form, _first(form, "query")
        if query is None or not query.strip() or any(name == "update" for name, _ in params):
            return None
        return QueryRequest(query, _all(dataset, "default-graph-uri"), _all(dataset, "named-graph-uri"),
                            _first(params, "format") or "", environ.get("HTTP_ACCEPT", ""))

    def _answer(self, request: QueryRequest) -> Reply:
        try:
            return self.answer(request)
        except RemoteStoreError as err:  # the remote store is down or failing: the gateway's fault
            self.logger.warning("remote store: %s", err)
            return error_reply(502, str(err))
        except Exception:  # a fault of ours: logged with its traceback, answered without one
            self.logger.exception("unexpected error")
            return error_reply(500, INTERNAL_ERROR)

    @staticmethod
    def _send(reply: Reply, start_response: Callable) -> list[bytes]:
        headers = [("Content-Type", get_content_type(reply.media_type, "utf-8")),
                   ("Content-Length", str(len(reply.body))), *reply.headers,
                   ("Access-Control-Allow-Origin", "*"),
                   ("Access-Control-Expose-Headers", ", ".join(sorted(EXPOSED_HEADERS)))]
        start_response(f"{reply.status} {HTTP_STATUS_CODES.get(reply.status, '')}".rstrip(), headers)
        return [reply.body]


def _wsgi_text(value: str) -> str:
    """A WSGI environ string (bytes as Latin-1) as the UTF-8 text it carries."""
    return value.encode("latin-1").decode("utf-8", "replace")


def _pairs(urlencoded: str) -> tuple[tuple[str, str], ...]:
    """The name-value pairs of a query string or form. Dashboards send the same query again and again, and
    decoding it is pure Python (a third of this path's time for a cheap query): short ones are remembered."""
    if len(urlencoded) <= REMEMBERED_FORM:
        return _remembered_pairs(urlencoded)
    return tuple(parse_qsl(urlencoded, keep_blank_values=True, errors="replace"))


@lru_cache(maxsize=256)
def _remembered_pairs(urlencoded: str) -> tuple[tuple[str, str], ...]:
    return tuple(parse_qsl(urlencoded, keep_blank_values=True, errors="replace"))


def _first(pairs: tuple[tuple[str, str], ...], name: str) -> str | None:
    return next((value for key, value in pairs if key == name), None)


def _all(pairs: tuple[tuple[str, str], ...], name: str) -> tuple[str, ...]:
    return tuple(value for key, value in pairs if key == name)
