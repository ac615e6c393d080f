"""Dereferenceable IRIs: each IRI of the graph answers with an HTML page for people or RDF for machines, by direct
content negotiation (no 303) with `Vary: Accept`; the ontology at its namespace; the dataset's VoID / DCAT."""
from __future__ import annotations

import json

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, render_template, request, url_for
from rdflib import Graph

from .. import pages
from ..browse import EventFilter, OverviewJob
from ..description import Site
from ..formats import GRAPH_FORMATS, RdfSyntax
from ..jsonld import compact, context
from ..ontology_doc import ACLED, acled_graph, documentation
from ..rdf import to_rdflib
from ..query_results import QueryFailed
from ..resources import ontology_graph
from ..vocab import CKG, ONTOLOGY_IRI, PREFIXES
from .backend import page_facts, published, query_workers
from .errors import error
from .negotiation import HTML, negotiate, vary

blueprint = Blueprint("linked_data", __name__)


@blueprint.route("/id/<path:rest>")
def resource(rest: str) -> Response:
    """An IRI of the graph, described in HTML for people or in RDF for machines."""
    iri = current_app.config["BASE_IRI"] + rest
    if rest == "dataset":
        return void()
    try:
        ox.NamedNode(iri)
    except ValueError:  # no IRI of the graph: a path no IRI has
        return error(404, f"nothing is known about {iri}")
    choice = negotiate(HTML, *GRAPH_FORMATS)
    kind = rest.split("/", 1)[0]
    if kind == "graph":
        return named_graph(iri, choice)
    version = published().version()["version"]
    try:
        if choice != HTML:  # a description: sent once, not kept
            found = query_workers(pages=True).run(pages.ResourceJob(iri, kind, version, False), request.remote_addr)
            return error(404, f"nothing is known about {iri}") if found is None else vary(graph_response(found, choice))
        found = page_facts(pages.ResourceJob(iri, kind, version, True))
        if found is None:
            return error(404, f"nothing is known about {iri}")
        filters = {"place": EventFilter(place=iri), "actor": EventFilter(perpetrator=iri)}.get(kind)
        overview = page_facts(OverviewJob(filters, version)) if filters and found.facts["events"].total else None
    except QueryFailed as failed:
        return error(failed.status, failed.message)
    return vary(Response(render_template(f"{kind if kind in pages.KINDS else 'other'}.html", r=found,
                                         overview=overview, formats=GRAPH_FORMATS), mimetype=HTML))


def named_graph(iri: str, choice) -> Response:
    """A named graph of the store: a page saying what it holds and where it comes from, or its triples (at most
    ROW_LIMIT; X-Result-Truncated says when they were cut) with their provenance."""
    try:
        found = query_workers(pages=True).run(pages.GraphJob(iri, published().version()["version"], choice == HTML),
                                              request.remote_addr)
    except QueryFailed as failed:
        return error(failed.status, failed.message)
    if found is None:
        return error(404, f"the store has no graph {iri}")
    if choice == HTML:
        return vary(Response(render_template("graph.html", g=found, formats=GRAPH_FORMATS), mimetype=HTML))
    triples, truncated = found
    response = graph_response(triples, choice)
    if truncated:
        response.headers["X-Result-Truncated"] = "true"
        response.headers["X-Result-Limit"] = str(current_app.config["ROW_LIMIT"])
    return vary(response)


@blueprint.route("/ontology")
def ontology() -> Response:
    """The ontology at its namespace: an HTML documentation page, or the OWL itself."""
    return _vocabulary("ontology.html", ontology_graph)


@blueprint.route("/ontology/acled")
def acled() -> Response:
    """ACLED's sub-event types, the concepts the event classes match (skos:closeMatch): a page, or RDF."""
    return _vocabulary("acled.html", acled_graph)


def _vocabulary(template: str, graph) -> Response:
    """A vocabulary of the ontology's: its documentation page for people, its graph for machines."""
    choice = negotiate(HTML, *GRAPH_FORMATS)
    if choice == HTML:
        return vary(Response(render_template(template, doc=documentation(), formats=GRAPH_FORMATS), mimetype=HTML))
    return vary(rdflib_response(graph(), choice))


@blueprint.route("/.well-known/void")
def void() -> Response:
    """The VoID / DCAT description of the dataset."""
    syntax = negotiate(*GRAPH_FORMATS)
    return vary(rdflib_response(published().void(site()), syntax))


def site() -> Site:
    """This dataset and where it is served, as the descriptions name them."""
    cfg = current_app.config
    return Site(dataset=cfg["BASE_IRI"] + "dataset", endpoint=url_for("sparql.sparql", _external=True),
                void=url_for("linked_data.void", _external=True), dumps=url_for("dumps.dump_list", _external=True),
                title=cfg["TITLE"], license=cfg["LICENSE"], publisher=cfg["PUBLISHER"], base=cfg["BASE_IRI"])


def href(iri: str | None) -> str | None:
    """Where a link to this IRI goes: this server's page for its own IRIs and ontology terms, else the IRI."""
    if not iri:
        return None
    base = current_app.config["BASE_IRI"]
    if iri.startswith(base):
        return url_for("linked_data.resource", rest=iri[len(base):].split("#", 1)[0]) + (
            "#" + iri.split("#", 1)[1] if "#" in iri else "")
    if iri.startswith(str(CKG)):
        return url_for("linked_data.ontology") + "#" + iri[len(str(CKG)):]
    if iri.startswith(ACLED):
        return url_for("linked_data.acled") + "#" + iri[len(ACLED):]
    if iri == str(ONTOLOGY_IRI):
        return url_for("linked_data.ontology")
    return iri


def graph_response(triples, syntax: RdfSyntax) -> Response:
    """Oxigraph triples, serialised; JSON-LD compacted with the dataset's context (conflictkg.jsonld)."""
    triples = list(triples)
    if syntax.name == "jsonld":
        return Response(compact(to_rdflib(triples)), mimetype=syntax.media_type)
    prefixes = PREFIXES if syntax.name in ("turtle", "trig", "rdfxml") else None
    if syntax.datasets:
        triples = [ox.Quad(t.subject, t.predicate, t.object) for t in triples]
    return Response(ox.serialize(triples, format=syntax.oxigraph, prefixes=prefixes), mimetype=syntax.media_type)


def rdflib_response(graph: Graph, syntax: RdfSyntax) -> Response:
    """An rdflib graph, serialised; JSON-LD compacted with the dataset's context."""
    if syntax.name == "jsonld":
        return Response(compact(graph), mimetype=syntax.media_type)
    return Response(graph.serialize(format=syntax.rdflib), mimetype=syntax.media_type)


@blueprint.route("/context.jsonld")
def jsonld_context() -> Response:
    """The JSON-LD context the JSON-LD responses are compacted with, for clients to cache or reuse."""
    return Response(json.dumps({"@context": context()}, indent=1), mimetype="application/ld+json")
