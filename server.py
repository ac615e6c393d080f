"""The Flask app: a SPARQL 1.1 endpoint over the store, dereferenceable IRIs with HTML pages, the ontology, dumps,
the dataset's VoID / DCAT description, and a query page that works offline.

IRIs dereference by direct content negotiation (no 303): GET <base>event/<key> answers with an HTML page, Turtle,
JSON-LD, N-Triples, RDF/XML or TriG, chosen by the Accept header or a `format` parameter, with `Vary: Accept`."""
from __future__ import annotations

import pyoxigraph as ox
from flask import Flask, Response, abort, current_app, jsonify, render_template, request, send_file, url_for
from flask_cors import CORS
from rdflib import Graph
from werkzeug.exceptions import HTTPException

from conflictkg import pages
from conflictkg.description import Site, service_description
from conflictkg.formats import GRAPH_FORMATS, RESULT_FORMATS
from conflictkg.ontology_doc import documentation, short
from conflictkg.published import Published
from conflictkg.resources import example_queries, ontology_graph, web_dir
from conflictkg.settings import ENV_PREFIX, SETTINGS
from conflictkg.vocab import CKG, ONTOLOGY_IRI, PREFIXES

SERVICE_WORD = "SERVICE"
HTML = "text/html"
QUERY_TYPES = ("application/sparql-query", "application/x-www-form-urlencoded", "multipart/form-data")


def create_app(config: dict | None = None) -> Flask:
    """The app: defaults, then CONFLICTKG_* environment variables, then the mapping passed."""
    app = Flask(__name__, template_folder=str(web_dir() / "templates"), static_folder=str(web_dir() / "static"))
    app.config.update({s.name: s.default for s in SETTINGS})
    app.config.from_prefixed_env(ENV_PREFIX)
    app.config.update(config or {})
    base = app.config["BASE_IRI"]
    app.config["BASE_IRI"] = base if base.endswith("/") else base + "/"
    # reads from any origin (YASGUI, Comunica...), including the preflight of application/sparql-query POSTs
    CORS(app, resources={r"/*": {"origins": "*"}}, send_wildcard=True, methods=["GET", "HEAD", "POST", "OPTIONS"],
         allow_headers=["Content-Type", "Accept"], expose_headers=["Content-Type", "Content-Length", "Vary"])
    app.add_url_rule("/", view_func=query_page)
    app.add_url_rule("/query", view_func=query_page)
    app.add_url_rule("/sparql", view_func=sparql, methods=["GET", "POST"])
    app.add_url_rule("/dumps/", view_func=dump_list)
    app.add_url_rule("/dumps/<name>", view_func=dump_file)
    app.add_url_rule("/.well-known/void", view_func=void)
    app.add_url_rule("/ontology", view_func=ontology)
    app.add_url_rule("/id/<path:rest>", view_func=resource)
    app.add_url_rule("/queries/<name>", view_func=example_query)
    app.register_error_handler(HTTPException, _http_error)
    app.jinja_env.globals.update(href=href, short=short)
    return app


def published() -> Published:
    """The app's view of the store, made on first use."""
    pub = current_app.extensions.get("conflictkg_store")
    if pub is None:
        cfg = current_app.config
        pub = Published(cfg["STORE"], cfg["BASE_IRI"], cfg["DUMPS"])
        current_app.extensions["conflictkg_store"] = pub
    return pub


def site() -> Site:
    cfg = current_app.config
    return Site(dataset=cfg["BASE_IRI"] + "dataset", endpoint=url_for("sparql", _external=True),
                void=url_for("void", _external=True), dumps=url_for("dump_list", _external=True),
                title=cfg["TITLE"], license=cfg["LICENSE"], publisher=cfg["PUBLISHER"], base=cfg["BASE_IRI"])


def error(status: int, message: str) -> Response:
    return Response(message + "\n", status=status, mimetype="text/plain")


def _http_error(err: HTTPException) -> Response:
    if isinstance(err.response, Response):
        return err.response
    return error(err.code or 500, f"{err.code} {err.name}: {err.description}")


def href(iri: str | None) -> str | None:
    """Where a link to this IRI goes: this server's page for its own IRIs and ontology terms, else the IRI."""
    if not iri:
        return None
    base = current_app.config["BASE_IRI"]
    if iri.startswith(base):
        return url_for("resource", rest=iri[len(base):].split("#", 1)[0]) + (
            "#" + iri.split("#", 1)[1] if "#" in iri else "")
    if iri.startswith(str(CKG)):
        return url_for("ontology") + "#" + iri[len(str(CKG)):]
    if iri == str(ONTOLOGY_IRI):
        return url_for("ontology")
    return iri


# --- negotiation ------------------------------------------------------------------------------------------------

def _negotiate(options: list, names: dict) -> object:
    """The format asked for by `format` (a name or media type), else the best match for Accept; 406 if none."""
    wanted = request.values.get("format")
    if wanted:
        chosen = names.get(wanted) or next((o for o in options if _media(o) == wanted), None)
        if chosen is None:
            abort(error(406, f"unknown format {wanted!r}; available: {', '.join(names)}"))
        return chosen
    if not request.accept_mimetypes:
        return options[0]
    best = request.accept_mimetypes.best_match([_media(o) for o in options], default=None)
    if best is None:
        abort(error(406, "none of the accepted media types is available; offered: "
                         + ", ".join(_media(o) for o in options)))
    return next(o for o in options if _media(o) == best)


def _media(option) -> str:
    return option if isinstance(option, str) else option.media_type


def _graph_response(triples, syntax) -> Response:
    triples = list(triples)
    prefixes = PREFIXES if syntax.name in ("turtle", "trig", "rdfxml") else None
    if syntax.datasets:
        triples = [ox.Quad(t.subject, t.predicate, t.object) for t in triples]
    return Response(ox.serialize(triples, format=syntax.oxigraph, prefixes=prefixes), mimetype=syntax.media_type)


def _rdflib_response(graph: Graph, syntax) -> Response:
    return Response(graph.serialize(format=syntax.rdflib), mimetype=syntax.media_type)


def _vary(response: Response) -> Response:
    response.vary.add("Accept")
    return response


# --- SPARQL ---------------------------------------------------------------------------------------------------

def _query_text() -> str | None:
    if request.method == "POST":
        if request.mimetype == "application/sparql-query":
            return request.get_data(as_text=True)
        return request.form.get("query")
    return request.args.get("query")


def _dataset_options() -> dict:
    """The protocol's dataset: default-graph-uri and named-graph-uri; else the union of all graphs."""
    values = request.form if request.method == "POST" and request.mimetype != "application/sparql-query" else request.args
    defaults = values.getlist("default-graph-uri")
    if request.method == "POST" and request.mimetype == "application/sparql-query":
        defaults = request.args.getlist("default-graph-uri")
        named = request.args.getlist("named-graph-uri")
    else:
        named = values.getlist("named-graph-uri")
    options: dict = {}
    try:
        if defaults:
            options["default_graph"] = [ox.NamedNode(g) for g in defaults]
        if named:
            options["named_graphs"] = [ox.NamedNode(g) for g in named]
    except ValueError as err:
        abort(error(400, f"not an IRI in default-graph-uri or named-graph-uri: {err}"))
    return options


def sparql():
    """SPARQL 1.1 Protocol query operation; a GET without a query answers with the service description."""
    if request.method == "POST" and request.mimetype not in QUERY_TYPES:
        return error(415, f"unsupported request body type {request.mimetype!r}: use application/sparql-query "
                          "or a form with 'query'")
    query = _query_text()
    if query is None and request.method == "GET" and not request.args:
        return _vary(_rdflib_response(service_description(site(), published().triple_count()),
                                      _negotiate(list(GRAPH_FORMATS), {f.name: f for f in GRAPH_FORMATS})))
    if query is None or not query.strip():
        return error(400, "missing 'query' parameter")
    if request.values.get("update") is not None:
        return error(400, "SPARQL Update is not accepted on this endpoint")
    if SERVICE_WORD in query.upper() and _has_service(query):
        return error(400, "SERVICE (federated query) is not allowed on this endpoint")
    options = _dataset_options()
    try:
        result = published().store().query(query, **options)
    except SyntaxError as err:
        return error(400, f"SPARQL syntax error: {err}")
    if isinstance(result, (ox.QuerySolutions, ox.QueryBoolean)):
        syntax = _negotiate(list(RESULT_FORMATS), {f.name: f for f in RESULT_FORMATS})
        return _vary(Response(result.serialize(format=syntax.oxigraph), mimetype=syntax.media_type))
    syntax = _negotiate(list(GRAPH_FORMATS), {f.name: f for f in GRAPH_FORMATS})
    return _vary(_graph_response(result, syntax))


def _has_service(query: str) -> bool:
    """Whether the query uses SERVICE as a keyword (not inside a string, IRI or comment)."""
    import re
    stripped = re.sub(r'"""(?:.|\n)*?"""|\'\'\'(?:.|\n)*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>|#[^\n]*',
                      " ", query)
    return bool(re.search(r"\bSERVICE\b", stripped, re.I))


def example_query(name: str):
    for query in example_queries():
        if query.path.name == name:
            return Response(query.text, mimetype="application/sparql-query")
    return error(404, f"no example query {name!r}")


# --- pages and linked data ------------------------------------------------------------------------------------

def query_page():
    return render_template("query.html", queries=example_queries(), endpoint=url_for("sparql"),
                           base=current_app.config["BASE_IRI"])


def resource(rest: str):
    """An IRI of the graph, described in HTML for people or in RDF for machines."""
    iri = current_app.config["BASE_IRI"] + rest
    if rest == "dataset":
        return void()
    store = published().store()
    if not pages.exists(store, iri):
        return error(404, f"nothing is known about {iri}")
    choice = _negotiate([HTML, *GRAPH_FORMATS], {"html": HTML, **{f.name: f for f in GRAPH_FORMATS}})
    if choice == HTML:
        kind = rest.split("/", 1)[0]
        view = pages.resource(store, iri, kind)
        return _vary(Response(render_template(f"{kind if kind in pages.KINDS else 'other'}.html", r=view,
                                              formats=GRAPH_FORMATS), mimetype=HTML))
    return _vary(_graph_response(pages.description(store, iri), choice))


def ontology():
    """The ontology at its namespace: an HTML documentation page, or the OWL itself."""
    choice = _negotiate([HTML, *GRAPH_FORMATS], {"html": HTML, **{f.name: f for f in GRAPH_FORMATS}})
    if choice == HTML:
        return _vary(Response(render_template("ontology.html", doc=documentation(), formats=GRAPH_FORMATS),
                              mimetype=HTML))
    return _vary(_rdflib_response(ontology_graph(), choice))


def void():
    """The VoID / DCAT description of the dataset."""
    choice = _negotiate(list(GRAPH_FORMATS), {f.name: f for f in GRAPH_FORMATS})
    return _vary(_rdflib_response(published().void(site()), choice))


def dump_list():
    """The dump files with their size and SHA-256 checksum: an HTML page, or JSON."""
    files = published().dumps()
    if _negotiate([HTML, "application/json"], {"html": HTML, "json": "application/json"}) == "application/json":
        return _vary(jsonify({"version": published().version(), "dumps": [
            {"name": f.name, "url": url_for("dump_file", name=f.name, _external=True), "format": f.format,
             "mediaType": f.media_type, "gzip": f.gzip, "namedGraphs": f.graphs, "bytes": f.bytes,
             "sha256": f.sha256} for f in files]}))
    return _vary(Response(render_template("dumps.html", files=files, version=published().version()),
                          mimetype=HTML))


def dump_file(name: str):
    files = {f.name: f for f in published().dumps()}
    if name not in files:
        return error(404, f"no dump {name!r}; available: {', '.join(files)}")
    f = files[name]
    response = send_file(published().dumps_cache.path(name), mimetype="application/gzip" if f.gzip else f.media_type,
                         as_attachment=True, download_name=name, etag=f.sha256, conditional=True)
    response.headers["X-Checksum-Sha256"] = f.sha256
    return response
