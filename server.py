"""The Flask app: a SPARQL 1.1 endpoint over the store, dumps, and a small start page."""
from __future__ import annotations

import html
import re
import tempfile
from pathlib import Path

import pyoxigraph as ox
from flask import Flask, Response, abort, current_app, jsonify, request, send_file

from conflictkg.formats import RDF_FORMATS, RESULT_FORMATS, rdf_format
from conflictkg.resources import query_paths
from conflictkg.settings import ENV_PREFIX, SETTINGS
from conflictkg.store import ConflictStore
from conflictkg.vocab import Minter

GRAPH_FORMATS = [f for f in RDF_FORMATS if f.name in ("turtle", "ntriples", "jsonld", "rdfxml", "trig")]
DUMPS = {"conflictkg.ttl": ("turtle", False), "conflictkg.nt.gz": ("ntriples", True),
         "conflictkg.trig": ("trig", False), "conflictkg.nq.gz": ("nquads", True)}
SERVICE = re.compile(r"\bSERVICE\b", re.I)


def create_app(config: dict | None = None) -> Flask:
    """The app: defaults, then CONFLICTKG_* environment variables, then the mapping passed."""
    app = Flask(__name__)
    app.config.update({s.name: s.default for s in SETTINGS})
    app.config.from_prefixed_env(ENV_PREFIX)
    app.config.update(config or {})
    app.add_url_rule("/", view_func=index)
    app.add_url_rule("/sparql", view_func=sparql, methods=["GET", "POST"])
    app.add_url_rule("/dumps/", view_func=dump_list)
    app.add_url_rule("/dumps/<name>", view_func=dump_file)
    app.add_url_rule("/queries/<name>", view_func=example_query)
    return app


def get_store() -> ConflictStore:
    """The app's store, opened on first use."""
    store = current_app.extensions.get("conflictkg_store")
    if store is None:
        store = ConflictStore(current_app.config["STORE"], Minter(current_app.config["BASE_IRI"]))
        current_app.extensions["conflictkg_store"] = store
    return store


def error(status: int, message: str) -> Response:
    return Response(message + "\n", status=status, mimetype="text/plain")


def _query_text() -> str | None:
    if request.method == "POST":
        if request.mimetype == "application/sparql-query":
            return request.get_data(as_text=True)
        if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            return request.form.get("query")
        return None
    return request.args.get("query")


def sparql():
    """SPARQL 1.1 Protocol query operation over the union of all graphs."""
    if request.method == "POST" and request.mimetype not in (
            "application/sparql-query", "application/x-www-form-urlencoded", "multipart/form-data"):
        return error(415, f"unsupported request body type {request.mimetype!r}: use application/sparql-query "
                          "or a form with 'query'")
    query = _query_text()
    if query is None or not query.strip():
        return error(400, "missing 'query' parameter")
    if SERVICE.search(query):
        return error(400, "SERVICE (federated query) is not allowed on this endpoint")
    try:
        result = get_store().query(query)
    except SyntaxError as err:
        return error(400, f"SPARQL syntax error: {err}")
    if isinstance(result, (ox.QuerySolutions, ox.QueryBoolean)):
        return _results(result)
    return _graph(result)


def _negotiate(options, by_name):
    wanted = request.values.get("format")
    if wanted:
        chosen = by_name.get(wanted) or next((f for f in options if f.media_type == wanted), None)
        if chosen is None:
            abort(error(406, f"unknown format {wanted!r}; available: {', '.join(by_name)}"))
        return chosen
    best = request.accept_mimetypes.best_match([f.media_type for f in options], default=None)
    if best is None:
        abort(error(406, "none of the accepted media types is available; offered: "
                         + ", ".join(f.media_type for f in options)))
    return next(f for f in options if f.media_type == best)


def _results(result) -> Response:
    syntax = _negotiate(RESULT_FORMATS, {f.name: f for f in RESULT_FORMATS})
    return Response(result.serialize(format=syntax.oxigraph), mimetype=syntax.media_type)


def _graph(triples) -> Response:
    syntax = _negotiate(GRAPH_FORMATS, {f.name: f for f in GRAPH_FORMATS})
    data = ox.serialize(triples, format=syntax.oxigraph) if syntax.name != "trig" else ox.serialize(
        (ox.Quad(t.subject, t.predicate, t.object) for t in triples), format=syntax.oxigraph)
    return Response(data, mimetype=syntax.media_type)


def dump_list():
    return jsonify({"dumps": [{"name": name, "url": f"/dumps/{name}", "format": fmt, "gzip": gz}
                              for name, (fmt, gz) in DUMPS.items()]})


def dump_file(name: str):
    """The whole graph in one format, generated from the store as it is now."""
    if name not in DUMPS:
        return error(404, f"no dump {name!r}; available: {', '.join(DUMPS)}")
    fmt, compress = DUMPS[name]
    syntax = rdf_format(fmt)
    tmp = Path(tempfile.mkdtemp()) / name
    get_store().dump_to(tmp, syntax, compress)
    mimetype = "application/gzip" if compress else syntax.media_type
    return send_file(tmp, mimetype=mimetype, as_attachment=True, download_name=name)


def example_query(name: str):
    for path in query_paths():
        if path.name == name:
            return Response(path.read_text(encoding="utf-8"), mimetype="application/sparql-query")
    return error(404, f"no example query {name!r}")


def index():
    items = "".join(
        f'<li><a href="/queries/{html.escape(p.name)}">{html.escape(p.stem)}</a> '
        f'(<a href="/sparql?format=json&amp;query={html.escape(_urlquote(p.read_text(encoding="utf-8")))}">run</a>)'
        f"</li>" for p in query_paths())
    dumps = "".join(f'<li><a href="/dumps/{n}">{n}</a></li>' for n in DUMPS)
    page = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ConflictKG</title></head>
<body><h1>ConflictKG</h1><p>Armed-conflict events extracted from news articles.</p>
<form action="/sparql" method="get"><textarea name="query" rows="10" cols="80">SELECT * WHERE {{ ?s ?p ?o }} LIMIT 10</textarea>
<br><input type="hidden" name="format" value="json"><button>Run query</button></form>
<h2>Example queries</h2><ul>{items}</ul><h2>Dumps</h2><ul>{dumps}</ul></body></html>"""
    return Response(page, mimetype="text/html")


def _urlquote(text: str) -> str:
    from urllib.parse import quote
    return quote(text, safe="")
