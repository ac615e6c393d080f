"""The SPARQL 1.1 Protocol's query operation at /sparql, one handler for every form of request: GET with `query`,
POST of a form or of the query itself. A GET with no parameters answers with the service description.
Read-only: updates are refused whatever their form; SERVICE is refused unless its endpoint is allowed."""
from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, Response, request, url_for

from ..description import service_description
from ..formats import GRAPH_FORMATS, RESULT_FORMATS
from ..query_results import QueryFailed, QueryJob, UpdateSyntax
from .answer_cache import mark_repeatable
from .backend import allowed_services, published, query_workers
from .errors import error
from .linked_data import rdflib_response, site
from .negotiation import choose, named, negotiate, vary

blueprint = Blueprint("sparql", __name__)
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
QUERY_TYPES = (DIRECT, "application/x-www-form-urlencoded", "multipart/form-data")
# the response headers a script in a browser may read (CORS), on every path of the app
EXPOSED_HEADERS = ("Content-Type", "Content-Length", "Vary", "X-Result-Rows", "X-Result-Truncated", "X-Result-Limit")


@blueprint.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response:
    if (request.method == "POST" and request.mimetype == UPDATE) or "update" in request.values:
        return refuse_update(request.get_data(as_text=True) if request.mimetype == UPDATE
                             else request.values.get("update", ""))
    if request.method == "POST" and request.mimetype not in QUERY_TYPES:
        return error(415, f"unsupported request body type {request.mimetype!r}: use {DIRECT} or a form with "
                          "'query'")
    direct = request.method == "POST" and request.mimetype == DIRECT
    # the query: the body of a direct POST, the form's `query` field, or a GET's; the dataset
    # (default-graph-uri, named-graph-uri): the form's, or the URL's for a GET and a direct POST
    fields = request.args if direct or request.method == "GET" else request.form
    if len(fields.getlist("query")) > 1:
        return error(400, "more than one 'query' parameter: send one query per request")
    query = request.get_data(as_text=True) if direct else fields.get("query")
    if query is None and request.method == "GET" and not request.args:
        return vary(rdflib_response(service_description(site(), published().triple_count()),
                                    negotiate(*GRAPH_FORMATS)))
    return answer(query or "", tuple(fields.getlist("default-graph-uri")), tuple(fields.getlist("named-graph-uri")),
                  request.values.get("format", ""), request.headers.get("Accept", ""))


def answer(query: str, default_graph: tuple[str, ...], named_graphs: tuple[str, ...], wanted: str,
           accept: str) -> Response:
    """The query's results in the format `wanted` names (else the best for `accept`), or the error that says
    why there are none."""
    if not query.strip():
        return error(400, "missing 'query' parameter")
    for iri in (*default_graph, *named_graphs):
        try:
            ox.NamedNode(iri)
        except ValueError as err:
            return error(400, f"not an IRI in default-graph-uri or named-graph-uri: {iri!r} ({err})")
    # `format` is a hint (SPARQLWrapper sends format=xml with a CONSTRUCT and a valid Accept): where it names no
    # format of the query's form, Accept decides
    results, graphs = named(RESULT_FORMATS, wanted), named(GRAPH_FORMATS, wanted)
    if wanted and results is None and graphs is None:
        return error(406, f"unknown format {wanted!r}; available: "
                          + ", ".join(f.name for f in (*RESULT_FORMATS, *GRAPH_FORMATS)))
    results, graphs = results or choose(RESULT_FORMATS, "", accept), graphs or choose(GRAPH_FORMATS, "", accept)
    workers = query_workers()
    # relative IRIs in a query without BASE are resolved against the endpoint's own URL, as the protocol's tests
    # expect
    job = QueryJob(query, published().version()["version"], results and results.name, graphs and graphs.name,
                   default_graph, named_graphs, allowed_services(), endpoint_iri())
    try:
        result = workers.run(job, request.remote_addr)
    except QueryFailed as failed:
        return error(failed.status, failed.message)
    headers = {"Vary": "Accept", "X-Result-Rows": str(result.rows)}
    if result.truncated:
        headers.update({"X-Result-Truncated": "true", "X-Result-Limit": str(workers.row_limit)})
    if result.repeatable:
        mark_repeatable(request.environ)
    return Response(result.body, mimetype=result.media_type, headers=headers)


def endpoint_iri() -> str | None:
    """The endpoint's URL, as an IRI (None if the Host a client sent makes it none)."""
    try:
        return ox.NamedNode(url_for("sparql.sparql", _external=True)).value
    except ValueError:
        return None


def refuse_update(update: str) -> Response:
    """A 403, as this endpoint is read-only; but first a 400 for an update that is not well-formed (parsed in a
    query worker, within the time limit), as the protocol's syntax tests expect."""
    try:
        query_workers().run(UpdateSyntax(update, published().version()["version"]), request.remote_addr)
    except QueryFailed as failed:
        return error(failed.status, failed.message)
    return error(403, "this endpoint is read-only: SPARQL Update is not accepted; data changes only through the "
                      "command line")
