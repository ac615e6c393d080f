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
from conflictkg.backends import store_location
from conflictkg.description import Site, service_description
from conflictkg.formats import GRAPH_FORMATS
from conflictkg.ontology_doc import documentation, short
from conflictkg.protocol import EXPOSED_HEADERS, INTERNAL_ERROR, QueryRequest, Reply, SparqlProtocol, answer
from conflictkg.published import Published
from conflictkg.query_pool import QueryPool
from conflictkg.remote import RemoteStoreError
from conflictkg.resources import example_queries, ontology_graph, web_dir
from conflictkg.settings import ENV_PREFIX, SETTINGS, query_workers_per_process
from conflictkg.vocab import CKG, ONTOLOGY_IRI, PREFIXES

HTML = "text/html"
QUERY_TYPES = ("application/sparql-query", "application/x-www-form-urlencoded", "multipart/form-data")


def create_app(config: dict | None = None) -> Flask:
    """The app: defaults, then CONFLICTKG_* environment variables, then the mapping passed."""
    app = Flask(__name__, template_folder=str(web_dir() / "templates"), static_folder=str(web_dir() / "static"))
    app.config.update({s.name: s.default for s in SETTINGS})
    app.config.from_prefixed_env(ENV_PREFIX)
    app.config.update(config or {})
    app.config["MAX_CONTENT_LENGTH"] = int(app.config["MAX_BODY_BYTES"])  # 413 above it
    base = app.config["BASE_IRI"]
    app.config["BASE_IRI"] = base if base.endswith("/") else base + "/"
    # reads from any origin (YASGUI, Comunica...), including the preflight of application/sparql-query POSTs
    CORS(app, resources={r"/*": {"origins": "*"}}, send_wildcard=True, methods=["GET", "HEAD", "POST", "OPTIONS"],
         allow_headers=["Content-Type", "Accept"],
         expose_headers=list(EXPOSED_HEADERS))
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
    app.register_error_handler(RemoteStoreError, _store_failed)
    app.register_error_handler(Exception, _unexpected)
    app.before_request(_limit_query_string)
    app.jinja_env.globals.update(href=href, short=short)
    # plain SPARQL query requests are answered before Flask (see conflictkg.protocol); the rest go on to it
    app.wsgi_app = SparqlProtocol(app.wsgi_app, lambda req: _answer(app, req), lambda: _limits(app), app.logger)
    return app


def published(app: Flask | None = None) -> Published:
    """The app's view of the store, made on first use."""
    app = app or current_app
    pub = app.extensions.get("conflictkg_store")
    if pub is None:
        cfg = app.config
        pub = Published(store_location(cfg), cfg["BASE_IRI"], cfg["DUMPS"])
        app.extensions["conflictkg_store"] = pub
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


def _unexpected(err: Exception) -> Response:
    """A fault of ours: logged with its traceback, answered without one."""
    current_app.logger.exception("unexpected error")
    return error(500, INTERNAL_ERROR)


def _store_failed(err: RemoteStoreError) -> Response:
    """A remote store that is down or failing: the gateway's fault, said as such."""
    current_app.logger.warning("remote store: %s", err)
    return error(502, str(err))


def _limit_query_string():
    limit = int(current_app.config["MAX_QUERY_STRING"])
    if len(request.query_string) > limit:
        return error(414, f"the query string is {len(request.query_string)} bytes, over the limit of {limit}: "
                          "send long queries by POST")
    return None


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


def sparql():
    """SPARQL 1.1 Protocol query operation; a GET without a query answers with the service description.
    Read-only: updates are refused whatever the form; SERVICE is refused unless its endpoint is allowed.
    Plain requests are answered by SparqlProtocol before they get here; this view answers the others."""
    if (request.method == "POST" and request.mimetype == "application/sparql-update") or "update" in request.values:
        return error(403, "this endpoint is read-only: SPARQL Update is not accepted; data changes only through "
                          "the command line")
    if request.method == "POST" and request.mimetype not in QUERY_TYPES:
        return error(415, f"unsupported request body type {request.mimetype!r}: use application/sparql-query "
                          "or a form with 'query'")
    query = _query_text()
    if query is None and request.method == "GET" and not request.args:
        return _vary(_rdflib_response(service_description(site(), published().triple_count()),
                                      _negotiate(list(GRAPH_FORMATS), {f.name: f for f in GRAPH_FORMATS})))
    # the protocol's dataset: default-graph-uri and named-graph-uri (for a direct POST, in the URL)
    direct = request.method == "POST" and request.mimetype == "application/sparql-query"
    values = request.args if direct or request.method == "GET" else request.form
    reply = _answer(current_app, QueryRequest(query or "", tuple(values.getlist("default-graph-uri")),
                                              tuple(values.getlist("named-graph-uri")),
                                              request.values.get("format", ""), request.headers.get("Accept", "")))
    response = Response(reply.body, status=reply.status, mimetype=reply.media_type)
    response.headers.extend(reply.headers)
    return response


def _answer(app: Flask, request: QueryRequest) -> Reply:
    cfg = app.config
    allowed = frozenset(x.strip() for x in str(cfg["ALLOWED_SERVICES"]).split(",") if x.strip())
    return answer(request, published(app), query_pool(app), allowed)


def _limits(app: Flask) -> tuple[int, int]:
    return int(app.config["MAX_QUERY_STRING"]), int(app.config["MAX_BODY_BYTES"])


def query_pool(app: Flask | None = None) -> QueryPool:
    app = app or current_app
    pool = app.extensions.get("conflictkg_pool")
    if pool is None:
        cfg = app.config
        published(app).store()  # make sure the store exists before workers open it read-only
        workers = query_workers_per_process(int(cfg["QUERY_WORKERS"]), int(cfg["SERVER_PROCESSES"]))
        pool = QueryPool(published(app).location, workers, float(cfg["QUERY_TIMEOUT"]), int(cfg["ROW_LIMIT"]))
        app.extensions["conflictkg_pool"] = pool
    return pool


def close_app(app: Flask) -> None:
    """Stop the app's query workers and release its store."""
    pool = app.extensions.pop("conflictkg_pool", None)
    if pool is not None:
        pool.close()
    pub = app.extensions.pop("conflictkg_store", None)
    if pub is not None:
        pub.close()


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
