"""The start page (the dataset at a glance: counts, the map and the timeline of its events, its most active
actors), the query page (an editor with the example queries, working offline; `/?query=...` opens it with that
query) and the example queries themselves."""
from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template, request, url_for

from ..browse import EventFilter, GlanceJob, OverviewJob
from ..query_results import QueryFailed
from ..resources import example_queries
from ..vocab import PREFIXES
from .backend import page_facts, published
from .errors import error
from .headers import SECURITY_HEADERS

blueprint = Blueprint("query_page", __name__)
USUAL_PREFIXES = ("ckg", "rdf", "rdfs", "xsd", "owl", "skos", "dcterms", "geo", "sem", "prov", "schema")


@blueprint.route("/")
def start() -> Response | str:
    if "query" in request.args:  # a shared link to a query
        return query_page()
    version = published().version()["version"]
    try:
        glance = page_facts(GlanceJob(version))
        overview = page_facts(OverviewJob(EventFilter(), version))
    except QueryFailed as failed:
        return error(failed.status, failed.message)
    return render_template("start.html", glance=glance, overview=overview)


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
