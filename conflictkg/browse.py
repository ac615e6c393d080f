"""Lists for browsing: the events, places, actors and articles of the store, a page at a time, filtered, each list
with its total. Read by the pages' query worker (conflictkg.query_workers), with every value a request carries
bound through pyoxigraph's terms, never pasted into query text."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pyoxigraph as ox

from .exports import conservative, point_of
from .lookup import label_of, local_name, select
from .store import GraphStore
from .vocab import EVENT_TYPES, PREFIXES

PAGE_SIZE = 50
KINDS = ("events", "places", "actors", "articles")


@dataclass(frozen=True)
class EventFilter:
    """What an events list is narrowed to (each part optional)."""

    type: str = ""  # an event class's local name ("AirStrike")
    place: str = ""  # a place's IRI: events there or anywhere within it
    perpetrator: str = ""  # an actor's IRI
    article: str = ""  # an article's IRI: the events it reports
    start: dt.date | None = None  # events on or after
    end: dt.date | None = None  # events on or before
    min_killed: int = 0  # events with a figure of at least this many dead


@dataclass(frozen=True)
class NameFilter:
    """What a list of places, actors or articles is narrowed to."""

    name: str = ""  # a part of its name or title, any case
    country: str = ""  # places: a country's IRI


@dataclass
class Listing:
    kind: str
    total: int
    page: int
    rows: list[dict] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # of the IRIs the filters name

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


@dataclass(frozen=True)
class BrowseJob:
    """One page of one list, read by a query worker."""

    kind: str
    filters: EventFilter | NameFilter
    page: int
    version: str

    def run(self, store: GraphStore, row_limit: int) -> Listing:
        listing = LISTS[self.kind](store, self.filters, max(1, self.page))
        named = [getattr(self.filters, name, "") for name in ("place", "perpetrator", "article", "country")]
        listing.labels = {iri: label_of(store, iri) for iri in named if iri}
        return listing


@dataclass(frozen=True)
class OverviewJob:
    """The pictures of the events a filter selects (the same for every page of their list, and on the page of the
    place or actor filtered by), read by a query worker."""

    filters: EventFilter
    version: str

    def run(self, store: GraphStore, row_limit: int) -> Overview:
        return overview(store, self.filters)


@dataclass(frozen=True)
class GlanceJob:
    """The dataset at a glance, for the start page, read by a query worker (its pictures are the unfiltered
    events list's: OverviewJob)."""

    version: str

    def run(self, store: GraphStore, row_limit: int) -> dict:
        counts = next(iter(select(store, f"""SELECT (COUNT(DISTINCT ?event) AS ?events)
            (MIN(?date) AS ?first) (MAX(?date) AS ?last) WHERE {{ {_event_pattern(EventFilter())}
            OPTIONAL {{ ?event ckg:startDate ?date }} }}""")))
        return {"events": int(counts["events"].value),
                "first": counts["first"].value if counts["first"] else None,
                "last": counts["last"].value if counts["last"] else None,
                "articles": _count(store, "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a ckg:Article }"),
                # the largest places events lie in: countries (and seas, rivers the gazetteer puts in none)
                "countries": _count(store, """SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {
                    ?event ckg:place/ckg:within* ?c . FILTER NOT EXISTS { ?c ckg:within ?larger } }"""),
                "actors": [row for row in actors(store, NameFilter(), 1).rows if row["events"]][:10]}


def _literal(value) -> str:
    if isinstance(value, dt.date):
        return str(ox.Literal(value.isoformat(), datatype=ox.NamedNode(PREFIXES["xsd"] + "date")))
    if isinstance(value, int):
        return str(ox.Literal(str(value), datatype=ox.NamedNode(PREFIXES["xsd"] + "integer")))
    return str(ox.Literal(value))


def _iri(value: str) -> str:
    return str(ox.NamedNode(value))  # ValueError for what is no IRI: never pasted into a query


def _event_pattern(f: EventFilter) -> str:
    types = [f.type] if f.type in EVENT_TYPES else list(EVENT_TYPES)
    parts = [f"VALUES ?type {{ {' '.join(f'ckg:{t}' for t in types)} }} ?event a ?type ."]
    if f.place:
        parts.append(f"?event ckg:place ?at . ?at ckg:within* {_iri(f.place)} .")
    if f.perpetrator:
        parts.append(f"?event ckg:perpetrator {_iri(f.perpetrator)} .")
    if f.article:
        parts.append(f"?event ckg:mention/ckg:article {_iri(f.article)} .")
    if f.start or f.end:
        parts.append("?event ckg:startDate ?from .")
        if f.start:
            parts.append(f"FILTER(?from >= {_literal(f.start)})")
        if f.end:
            parts.append(f"FILTER(?from <= {_literal(f.end)})")
    if f.min_killed:  # a join, not FILTER EXISTS, which Oxigraph evaluates once per event (18 s on 15,000)
        parts.append("?event ckg:casualty ?dead . ?dead ckg:outcome ckg:Killed ; ckg:count ?dead_count . "
                     f"FILTER(?dead_count >= {_literal(f.min_killed)})")
    return "\n".join(parts)


def events(store: GraphStore, f: EventFilter, page: int) -> Listing:
    pattern = _event_pattern(f)
    total = _count(store, f"SELECT (COUNT(DISTINCT ?event) AS ?n) WHERE {{ {pattern} }}")
    rows = list(select(store, f"""SELECT ?event ?type (MIN(?date) AS ?start) WHERE {{ {pattern}
        OPTIONAL {{ ?event ckg:startDate ?date }} }} GROUP BY ?event ?type ORDER BY DESC(?start) ?event
        LIMIT {PAGE_SIZE} OFFSET {(page - 1) * PAGE_SIZE}"""))
    listing = Listing("events", total, page)
    if not rows:
        return listing
    chosen = " ".join(_iri(r["event"].value) for r in rows)
    places = _pairs(store, f"""SELECT DISTINCT ?event ?p ?label WHERE {{ VALUES ?event {{ {chosen} }}
        ?event ckg:place ?p . OPTIONAL {{ ?p rdfs:label ?label }} }}""")
    actors = _pairs(store, f"""SELECT DISTINCT ?event ?p ?label WHERE {{ VALUES ?event {{ {chosen} }}
        ?event ckg:perpetrator ?p . OPTIONAL {{ ?p rdfs:label ?label }} }}""")
    reports = {r["event"].value: int(r["n"].value) for r in select(store, f"""SELECT ?event
        (COUNT(DISTINCT ?a) AS ?n) WHERE {{ VALUES ?event {{ {chosen} }} ?event ckg:mention/ckg:article ?a }}
        GROUP BY ?event""")}
    figures: dict[str, dict[str, dict[str, dict[str, int]]]] = {}
    for r in select(store, f"""SELECT DISTINCT ?event ?f ?outcome ?group ?n WHERE {{
            VALUES ?event {{ {chosen} }} ?event ckg:casualty ?f . ?f ckg:outcome ?outcome ; ckg:victimGroup ?group ;
            ckg:count ?n }}"""):
        by_outcome = figures.setdefault(r["event"].value, {}).setdefault(local_name(r["outcome"].value).lower(), {})
        by_outcome.setdefault(local_name(r["group"].value), {})[r["f"].value] = int(r["n"].value)
    for r in rows:
        event = r["event"].value
        counted = {outcome: {g: list(c.values()) for g, c in groups.items()}
                   for outcome, groups in figures.get(event, {}).items()}
        listing.rows.append({
            "iri": event, "type": local_name(r["type"].value), "start": r["start"].value if r["start"] else None,
            "places": places.get(event, []), "perpetrators": actors.get(event, []), "reports": reports.get(event, 0),
            "figures": {outcome: conservative(groups) for outcome, groups in counted.items()}})
    return listing


def places(store: GraphStore, f: NameFilter, page: int) -> Listing:
    narrowed = _name_filter("?label", f.name)
    if f.country:
        narrowed += f" ?place ckg:within* {_iri(f.country)} ."
    pattern = f"?event ckg:place ?at . ?at ckg:within* ?place . ?place rdfs:label ?label . {narrowed}"
    total = _count(store, f"SELECT (COUNT(DISTINCT ?place) AS ?n) WHERE {{ {pattern} }}")
    rows = select(store, f"""SELECT ?place (MIN(?label) AS ?name) (COUNT(DISTINCT ?event) AS ?events)
        (MIN(?country) AS ?in) (SAMPLE(?wkt) AS ?point) WHERE {{ {pattern}
        OPTIONAL {{ ?place ckg:within ?country . FILTER NOT EXISTS {{ ?country ckg:within ?larger }} }}
        OPTIONAL {{ ?place geo:hasGeometry/geo:asWKT ?wkt }} }}
        GROUP BY ?place ORDER BY DESC(?events) ?name ?place LIMIT {PAGE_SIZE} OFFSET {(page - 1) * PAGE_SIZE}""")
    listing = Listing("places", total, page)
    for r in rows:
        country = label_of(store, r["in"].value) if r["in"] is not None else None
        point = point_of(r["point"].value) if r["point"] is not None else None
        listing.rows.append({"iri": r["place"].value, "name": r["name"].value, "events": int(r["events"].value),
                             "country": (r["in"].value, country) if country else None,
                             "lat": point[0] if point else None, "lon": point[1] if point else None})
    return listing


def places_overview(listing: Listing) -> Overview:
    """A places list's page as a map: each place with coordinates, sized by the events here or within it."""
    return Overview(places=[{key: row[key] for key in ("iri", "name", "lat", "lon", "events")}
                            for row in listing.rows if row["lat"] is not None])


def actors(store: GraphStore, f: NameFilter, page: int) -> Listing:
    pattern = ("{ ?event ckg:perpetrator ?actor } UNION { ?mention ckg:source ?actor } UNION "
               "{ ?article dcterms:publisher ?actor } ?actor rdfs:label ?label . " + _name_filter("?label", f.name))
    total = _count(store, f"SELECT (COUNT(DISTINCT ?actor) AS ?n) WHERE {{ {pattern} }}")
    rows = select(store, f"""SELECT ?actor (MIN(?label) AS ?name) (COUNT(DISTINCT ?event) AS ?events)
        (COUNT(DISTINCT ?mention) AS ?sourced) (COUNT(DISTINCT ?article) AS ?published) WHERE {{ {pattern} }}
        GROUP BY ?actor ORDER BY DESC(?events) DESC(?sourced) ?name ?actor LIMIT {PAGE_SIZE}
        OFFSET {(page - 1) * PAGE_SIZE}""")
    listing = Listing("actors", total, page)
    for r in rows:
        listing.rows.append({"iri": r["actor"].value, "name": r["name"].value, "events": int(r["events"].value),
                             "sourced": int(r["sourced"].value), "published": int(r["published"].value)})
    return listing


def articles(store: GraphStore, f: NameFilter, page: int) -> Listing:
    pattern = "?article a ckg:Article . OPTIONAL { ?article dcterms:title ?title } " \
              + _name_filter("?title", f.name)
    total = _count(store, f"SELECT (COUNT(DISTINCT ?article) AS ?n) WHERE {{ {pattern} }}")
    rows = select(store, f"""SELECT ?article (MIN(?title) AS ?name) (MIN(?issued) AS ?date)
        (MIN(?publisherName) AS ?publisher) (COUNT(DISTINCT ?event) AS ?events) WHERE {{ {pattern}
        OPTIONAL {{ ?article dcterms:issued ?issued }}
        OPTIONAL {{ ?article dcterms:publisher/rdfs:label ?publisherName }}
        OPTIONAL {{ ?event ckg:mention/ckg:article ?article ; a ckg:ConflictEvent }} }}
        GROUP BY ?article ORDER BY DESC(?date) ?article LIMIT {PAGE_SIZE} OFFSET {(page - 1) * PAGE_SIZE}""")
    listing = Listing("articles", total, page)
    for r in rows:
        listing.rows.append({"iri": r["article"].value, "name": r["name"].value if r["name"] else None,
                             "date": r["date"].value[:10] if r["date"] else None,
                             "publisher": r["publisher"].value if r["publisher"] else None,
                             "events": int(r["events"].value)})
    return listing


LISTS = {"events": events, "places": places, "actors": actors, "articles": articles}


def _name_filter(variable: str, name: str) -> str:
    return f"FILTER(CONTAINS(LCASE(STR({variable})), LCASE({_literal(name)})))" if name else ""


def _count(store: GraphStore, query: str) -> int:
    return int(next(iter(select(store, query)))["n"].value)


def _pairs(store: GraphStore, query: str) -> dict[str, list[tuple[str, str]]]:
    found: dict[str, list[tuple[str, str]]] = {}
    for r in select(store, query):
        iri = r["p"].value
        found.setdefault(r["event"].value, []).append((iri, r["label"].value if r["label"] else local_name(iri)))
    return {event: sorted(set(pairs), key=lambda pair: pair[1]) for event, pairs in found.items()}


@dataclass
class Overview:
    """The events a filter selects, as pictures: where (places with coordinates, and how many events each) and
    when (events and deaths per month)."""

    places: list[dict] = field(default_factory=list)  # iri, name, lat, lon, events
    unplaced: int = 0  # events with no place that has coordinates
    months: list[dict] = field(default_factory=list)  # month ("2017-10"), events, killed (most conservative)


def overview(store: GraphStore, f: EventFilter) -> Overview:
    pattern = _event_pattern(f)
    found = Overview()
    placed = 0
    for r in select(store, f"""SELECT ?p (SAMPLE(?label) AS ?name) (SAMPLE(?wkt) AS ?point) (COUNT(DISTINCT ?event) AS ?n) WHERE {{
            {pattern} ?event ckg:place ?p . ?p geo:hasGeometry/geo:asWKT ?wkt . OPTIONAL {{ ?p rdfs:label ?label }}
            }} GROUP BY ?p ORDER BY DESC(?n)"""):
        point = point_of(r["point"].value)
        if point is None:
            continue
        count = int(r["n"].value)
        placed += count
        found.places.append({"iri": r["p"].value, "name": r["name"].value if r["name"] else local_name(r["p"].value),
                             "lat": point[0], "lon": point[1], "events": count})
    total = _count(store, f"SELECT (COUNT(DISTINCT ?event) AS ?n) WHERE {{ {pattern} }}")
    found.unplaced = max(0, total - placed)  # an event at two places counts twice above: never below zero
    months: dict[str, dict] = {}
    for r in select(store, f"""SELECT ?event (SUBSTR(STR(MIN(?date)), 1, 7) AS ?month) WHERE {{ {pattern}
            ?event ckg:startDate ?date }} GROUP BY ?event"""):
        months.setdefault(r["month"].value, {"month": r["month"].value, "events": 0, "killed": 0, "ids": set()})
        months[r["month"].value]["events"] += 1
        months[r["month"].value]["ids"].add(r["event"].value)
    killed: dict[str, dict[str, list[int]]] = {}
    for r in select(store, f"""SELECT DISTINCT ?event ?f ?group ?n WHERE {{ {pattern}
            ?event ckg:casualty ?f . ?f ckg:outcome ckg:Killed ; ckg:victimGroup ?group ; ckg:count ?n }}"""):
        killed.setdefault(r["event"].value, {}).setdefault(local_name(r["group"].value), []).append(int(r["n"].value))
    for month in months.values():
        month["killed"] = sum(conservative(killed[e]) or 0 for e in month.pop("ids") if e in killed)
    found.months = [months[m] for m in sorted(months)]
    return found

