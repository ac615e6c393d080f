"""The query page (an editor with the example queries, working offline) and the example queries themselves."""
from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template, url_for

from ..resources import example_queries
from .errors import error

blueprint = Blueprint("query_page", __name__)


@blueprint.route("/")
@blueprint.route("/query")
def query_page() -> str:
    return render_template("query.html", queries=example_queries(), endpoint=url_for("sparql.sparql"),
                           base=current_app.config["BASE_IRI"])


@blueprint.route("/queries/<name>")
def example_query(name: str) -> Response:
    for query in example_queries():
        if query.path.name == name:
            return Response(query.text, mimetype="application/sparql-query")
    return error(404, f"no example query {name!r}")
