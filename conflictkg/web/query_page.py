"""The start page (the dataset at a glance: counts, the map and the timeline of its events, its most active
actors), the query page (an editor with the example queries, working offline; `/?query=...` opens it with that
query) and the example queries themselves."""
from __future__ import annotations

import threading

from flask import Blueprint, Response, current_app, render_template, request, url_for

from ..browse import GlanceJob
from ..query_results import QueryFailed
from ..resources import example_queries
from ..vocab import PREFIXES
from .backend import published, query_workers
from .errors import error
from .headers import SECURITY_HEADERS

blueprint = Blueprint("query_page", __name__)
USUAL_PREFIXES = ("ckg", "rdf", "rdfs", "xsd", "owl", "skos", "dcterms", "geo", "sem", "prov", "schema")
# the start page's figures, for one store at one version (computed once each)
_GLANCE: tuple = (None, None)
_GLANCE_LOCK = threading.Lock()


@blueprint.route("/")
def start() -> Response | str:
    if "query" in request.args:  # a shared link to a query
        return query_page()
    global _GLANCE
    key = (published().location_key(), published().version()["version"])
    with _GLANCE_LOCK:  # one request computes it; the others wait for it rather than all asking the page worker
        if _GLANCE[0] != key:
            try:
                _GLANCE = (key, query_workers(pages=True).run(GlanceJob(key[1]), request.remote_addr))
            except QueryFailed as failed:
                return error(failed.status, failed.message)
        glance = _GLANCE[1]
    return render_template("start.html", glance=glance)


@blueprint.route("/query")
def query_page() -> str:
    return render_template("query.html", queries=example_queries(), endpoint=url_for("sparql.sparql"),
                           base=current_app.config["BASE_IRI"], shared=request.args.get("query", ""),
                           prefixes={name: PREFIXES[name] for name in USUAL_PREFIXES})


@blueprint.route("/yasgui")
def yasgui() -> Response:
    """YASGUI, vendored, set to this endpoint. Its script sets inline styles, which this page alone allows
    (scripts, connections and images stay this server's own)."""
    response = Response(render_template("yasgui.html", queries=example_queries()), mimetype="text/html")
    response.headers["Content-Security-Policy"] = SECURITY_HEADERS["Content-Security-Policy"].replace(
        "default-src 'self';", "default-src 'self'; style-src 'self' 'unsafe-inline';")
    return response


@blueprint.route("/queries/<name>")
def example_query(name: str) -> Response:
    for query in example_queries():
        if query.path.name == name:
            return Response(query.text, mimetype="application/sparql-query")
    return error(404, f"no example query {name!r}")
