"""Content negotiation, one function for every view: the `format` parameter (a format's name or media type) if
given, else the best match for the Accept header, else the first option."""
from __future__ import annotations

from functools import lru_cache
from typing import TypeVar

from flask import Response, abort, request
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from .errors import error

HTML = "text/html"
Option = TypeVar("Option")  # a media type, or a format of conflictkg.formats (with .name and .media_type)


# What the caches below keep is bounded in size, not only in number: `format` and Accept come from clients (a form
# field may be half a megabyte), and a value longer than any real one is matched without being kept.
CACHED_LENGTH = 512


def choose(options: tuple, wanted: str, accept: str) -> object | None:
    """The option `wanted` names, else the best one for `accept`; None if nothing fits."""
    if wanted:
        return named(options, wanted)
    return _best(options, accept) if len(accept) <= CACHED_LENGTH else _best.__wrapped__(options, accept)


@lru_cache(maxsize=1024)  # clients send a handful of distinct Accept headers; matching one takes a while
def _best(options: tuple, accept: str) -> object | None:
    # parameters other than q (charset=utf-8, which this server itself sends) do not decide the match, as in
    # Oxigraph's server; Werkzeug would match only an offer with the same parameters
    accepted = MIMEAccept([(value.split(";", 1)[0].strip(), quality)
                           for value, quality in parse_accept_header(accept, MIMEAccept)])
    if not accepted:
        return options[0]
    # each option's own media type first, so that */* and ties go to it, then the generic ones (application/json)
    offers = {m: o for o in options for m in media_types(o)[:1]}
    offers.update((m, o) for o in options for m in media_types(o)[1:] if m not in offers)
    return offers.get(accepted.best_match(list(offers), default=None))


def named(options: tuple, wanted: str) -> object | None:
    """The option `wanted` names: its name, one of its media types, or such a type's subtype ("rdf+xml")."""
    wanted = wanted.strip().lower()
    if not wanted or len(wanted) > CACHED_LENGTH:  # no name is that long
        return None
    return _named(options, wanted)


@lru_cache(maxsize=1024)  # asked on every query, twice (result and graph formats)
def _named(options: tuple, wanted: str) -> object | None:
    return next((o for o in options if wanted in names(o)), None)


def negotiate(*options: Option) -> Option:
    """The option this request asks for; a 406 that lists the offer when none fits."""
    wanted = request.values.get("format", "")
    chosen = choose(options, wanted, request.headers.get("Accept", ""))
    if chosen is not None:
        return chosen
    if wanted:
        abort(error(406, f"unknown format {wanted!r}; available: {', '.join(name(o) for o in options)}"))
    abort(error(406, "none of the accepted media types is available; offered: "
                     + ", ".join(media_type(o) for o in options)))


def name(option) -> str:
    """A format's name; for a bare media type its subtype ("html", "json")."""
    return option.split("/", 1)[1] if isinstance(option, str) else option.name


def names(option) -> set[str]:
    types = media_types(option)
    return {name(option), *types, *(t.split("/", 1)[1] for t in types)}


def media_type(option) -> str:
    return option if isinstance(option, str) else option.media_type


def media_types(option) -> tuple[str, ...]:
    return (option,) if isinstance(option, str) else option.media_types


def vary(response: Response) -> Response:
    """The response, marked as chosen by the Accept header."""
    response.vary.add("Accept")
    return response
