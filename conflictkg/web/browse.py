"""Browsing: /events/, /places/, /actors/ and /articles/, a page at a time, filtered by the query string, each
with its total; HTML for people, JSON for scripts (Accept, or ?format=json)."""
from __future__ import annotations

import datetime as dt
import re

import pyoxigraph as ox
from flask import Blueprint, Response, jsonify, render_template, request, url_for

from ..browse import PAGE_SIZE, BrowseJob, EventFilter, NameFilter, OverviewJob, places_overview
from ..query_results import QueryFailed
from ..vocab import EVENT_TYPES
from .backend import page_facts, published
from .errors import error
from .negotiation import HTML, negotiate, vary

blueprint = Blueprint("browse", __name__)
JSON = "application/json"
TITLES = {"events": "Events", "places": "Places", "actors": "Actors", "articles": "Articles"}


class BadFilter(ValueError):
    pass


@blueprint.route("/events/")
def events() -> Response:
    return _list("events", _event_filter)


@blueprint.route("/places/")
def places() -> Response:
    return _list("places", lambda args: NameFilter(args.get("name", "").strip(), _iri(args, "country")))


@blueprint.route("/actors/")
def actors() -> Response:
    return _list("actors", lambda args: NameFilter(args.get("name", "").strip()))


@blueprint.route("/articles/")
def articles() -> Response:
    return _list("articles", lambda args: NameFilter(args.get("name", "").strip()))


def _list(kind: str, read_filter) -> Response:
    choice = negotiate(HTML, JSON)
    try:
        filters = read_filter(request.args)
        page = _number(request.args, "page") or 1
    except BadFilter as bad:
        return error(400, str(bad))
    version = published().version()["version"]
    try:
        listing = page_facts(BrowseJob(kind, filters, page, version))
        if listing.total and listing.page > listing.pages:
            return error(404, f"page {listing.page} of this list does not exist: it has {listing.pages} page(s)")
        overview = None
        if choice == HTML and kind == "events":
            overview = page_facts(OverviewJob(filters, version))
        elif choice == HTML and kind == "places":  # the places of this page
            overview = places_overview(listing)
    except QueryFailed as failed:
        return error(failed.status, failed.message)
    if choice == JSON:
        return vary(jsonify({"kind": kind, "total": listing.total, "page": listing.page, "pages": listing.pages,
                             "pageSize": PAGE_SIZE, "filters": _filter_args(filters), "rows": listing.rows}))
    return vary(Response(render_template("browse.html", kind=kind, title=TITLES[kind], listing=listing,
                                         overview=overview, filters=filters, args=_filter_args(filters), event_types=EVENT_TYPES,
                                         page_url=lambda number: url_for(request.endpoint, **{
                                             **_filter_args(filters), "page": number})),
                         mimetype=HTML))


def _event_filter(args) -> EventFilter:
    kind = args.get("type", "")
    if kind and kind not in EVENT_TYPES:
        raise BadFilter(f"unknown event type {kind!r}; known: {', '.join(EVENT_TYPES)}")
    return EventFilter(kind, _iri(args, "place"), _iri(args, "perpetrator"), _iri(args, "article"),
                       _date(args, "from"), _date(args, "to"), _number(args, "min_killed"))


def _filter_args(filters) -> dict:
    """The filters as the query string names them (what is set only), to build links to other pages of a list."""
    if isinstance(filters, EventFilter):
        named = {"type": filters.type, "place": filters.place, "perpetrator": filters.perpetrator,
                 "article": filters.article, "from": filters.start, "to": filters.end,
                 "min_killed": filters.min_killed}
    else:
        named = {"name": filters.name, "country": filters.country}
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in named.items() if v}


def _iri(args, name: str) -> str:
    value = args.get(name, "").strip()
    if value:
        try:
            ox.NamedNode(value)
        except ValueError:
            value = ""
        if not value.startswith(("http://", "https://")):  # the graph's IRIs are web IRIs; pages link them
            raise BadFilter(f"{name} must be an IRI of the graph (http or https), not {args.get(name)!r}")
    return value


def _date(args, name: str) -> dt.date | None:
    value = args.get(name, "").strip()
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        raise BadFilter(f"{name} must be a date as YYYY-MM-DD, not {value!r}") from None


def _number(args, name: str) -> int:
    value = args.get(name, "").strip()
    if not value:
        return 0
    if not re.fullmatch(r"[0-9]{1,9}", value):  # ASCII digits: "²" is a digit to str.isdigit, not to int()
        raise BadFilter(f"{name} must be a whole number, not {value!r}")
    return int(value)
