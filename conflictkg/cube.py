"""The statistics researchers ask for most, precomputed as an RDF Data Cube (W3C `qb`) in the graph
<{base}graph/cube>, so that their queries read a few thousand observations rather than every event.

Two data sets, whose structures the ontology declares (ckg:EventStatistics, ckg:ReportStatistics):
- events: per country x month x event type x perpetrator x outcome x victim group, the events, the articles
  that report them and the people harmed, each incident counted once by ACLED's conservative rule (its lowest
  reported figure), casualty tallies left out (a toll over an area and period counts its incidents' dead again);
- reports: per publisher, the articles and the events they report.

Every command that changes the store computes the cube again from the whole store before it stamps the new
version (`refresh`), so the cube is exact after re-loads, incremental loads and imports alike. The queries over
the raw events that give the same answers are in sparql/raw/; tests/test_cube.py holds the two equal."""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain

import pyoxigraph as ox

from .rdf import RDF_TYPE
from .store import GraphStore
from .vocab import CKG, PREFIXES, QB, Minter, digest_key

RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
GYEARMONTH = ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYearMonth")
INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
MONTH = re.compile(r"^([0-9]{4}-[0-9]{2})")


def _ckg(name: str) -> ox.NamedNode:
    return ox.NamedNode(str(CKG[name]))


def _qb(name: str) -> ox.NamedNode:
    return ox.NamedNode(str(QB[name]))


CONFLICT_EVENT, CASUALTY_TALLY = _ckg("ConflictEvent"), _ckg("CasualtyTally")
KILLED, CIVILIANS, CHILDREN, WOMEN = (_ckg(n) for n in ("Killed", "Civilians", "Children", "Women"))
UNKNOWN_COUNTRY, UNKNOWN_MONTH, UNKNOWN_PERPETRATOR, UNKNOWN_PUBLISHER = (
    _ckg(n) for n in ("UnknownCountry", "UnknownMonth", "UnknownPerpetrator", "UnknownPublisher"))
ALL_COUNTRIES, ALL_MONTHS, ALL_EVENT_TYPES, ALL_PERPETRATORS, ALL_OUTCOMES, ALL_VICTIM_GROUPS = (
    _ckg(n) for n in ("AllCountries", "AllMonths", "AllEventTypes", "AllPerpetrators", "AllOutcomes",
                      "AllVictimGroups"))
EVENT_DIMENSIONS = tuple(_ckg(n) for n in ("refArea", "refPeriod", "refEventType", "refPerpetrator", "refOutcome",
                                           "refVictimGroup"))
EVENTS, REPORTS, PEOPLE, PUBLISHER = (_ckg(n) for n in ("events", "reports", "people", "refPublisher"))

# Each reads one property over the union of the graphs, by one scan of Oxigraph's index (a join in a query looks
# each row up instead: at 100,000 articles, 151 s for the events' types joined to the ontology's classes, against
# seconds for the two scans); rows repeat where several articles state the fact of one incident, and the code below
# takes each once.
FACT_QUERIES = {
    "events": "SELECT ?s WHERE { ?s a ckg:ConflictEvent }",
    "types": "SELECT ?s ?o WHERE { ?o rdfs:subClassOf ckg:ConflictEvent . ?s a ?o }",
    "starts": "SELECT ?s ?o WHERE { ?s ckg:startDate ?o }",
    "places": "SELECT ?s ?o WHERE { ?s ckg:place ?o }",
    "within": "SELECT ?s ?o WHERE { ?s ckg:within ?o }",
    "perpetrators": "SELECT ?s ?o WHERE { ?s ckg:perpetrator ?o }",
    "casualties": "SELECT ?s ?o WHERE { ?s ckg:casualty ?o }",
    "outcomes": "SELECT ?s ?o WHERE { ?s ckg:outcome ?o }",
    "groups": "SELECT ?s ?o WHERE { ?s ckg:victimGroup ?o }",
    "counts": "SELECT ?s ?o WHERE { ?s ckg:count ?o }",
    "mentions": "SELECT ?s ?o WHERE { ?s ckg:mention ?o }",
    "articles": "SELECT ?s ?o WHERE { ?s ckg:article ?o }",
    "publishers": "SELECT ?s ?o WHERE { ?s a ckg:Article OPTIONAL { ?s dcterms:publisher ?o } }",
}


@dataclass(slots=True)
class Event:
    """What the cube needs of one stored event, gathered from every graph that states it: the least type, month
    and country should the graphs give several (they do not: an incident's IRI names its type, place and day),
    its perpetrators, its figures and the articles that report it. Kept small (there is one for every event)."""

    type: ox.NamedNode | None = None
    month: str | None = None
    country: ox.Term | None = None
    perpetrators: tuple = ()
    figures: tuple = ()  # (outcome, group, the least count its figures give, None if none gives one)
    articles: tuple = ()

    def coordinates(self) -> tuple[ox.Term, ox.Term, ox.Term]:
        """Its country, month and event type."""
        return (self.country or UNKNOWN_COUNTRY,
                ox.Literal(self.month, datatype=GYEARMONTH) if self.month else UNKNOWN_MONTH,
                self.type or CONFLICT_EVENT)

    def people(self) -> list[tuple[ox.NamedNode, ox.NamedNode, int]]:
        """(outcome, victim group, people) for each outcome and group it has figures of, each the lowest count
        any report gives (none: 0); civilians as the largest of civilians', children's and women's; all groups
        as the largest of any; all outcomes (with all groups) as their sum."""
        least = {(outcome, group): n or 0 for outcome, group, n in self.figures}
        out = []
        for outcome in sorted({o for o, _ in least}, key=str):
            groups = {g: n for (o, g), n in least.items() if o == outcome}
            if groups.keys() & {CHILDREN, WOMEN}:
                groups[CIVILIANS] = max(groups.get(g, 0) for g in (CIVILIANS, CHILDREN, WOMEN))
            groups[ALL_VICTIM_GROUPS] = max(groups.values())
            out.extend((outcome, group, n) for group, n in sorted(groups.items(), key=lambda item: str(item[0])))
        out.append((ALL_OUTCOMES, ALL_VICTIM_GROUPS, sum(n for _, g, n in out if g == ALL_VICTIM_GROUPS)))
        return out


@dataclass(slots=True)
class Cell:
    """One observation's figures: its events (by their index in the list of events) and the people they harmed."""

    events: list[int] = field(default_factory=list)
    people: int = 0

    def reports(self, events: list[Event]) -> int:
        """The articles that report its events (kept as a count, not a set a cell: at 100,000 articles the sets
        of the coarse cells would hold millions of articles between them)."""
        return len(set(chain.from_iterable(events[i].articles for i in self.events)))


def stored_events(store: GraphStore) -> tuple[dict[ox.Term, Event], dict[ox.Term, ox.Term]]:
    """Every stored event's facts (casualty tallies left out), and every article's publisher (UNKNOWN_PUBLISHER
    if none). The terms that repeat (types, places, actors, articles) are kept once."""
    shared: dict[ox.Term, ox.Term] = {}

    def one(term: ox.Term) -> ox.Term:
        return shared.setdefault(term, term)

    def pairs(name: str) -> Iterator[tuple[ox.Term, ox.Term]]:
        return ((row["s"], row["o"]) for row in store.query(FACT_QUERIES[name], prefixes=PREFIXES))

    events = {row["s"]: Event() for row in store.query(FACT_QUERIES["events"], prefixes=PREFIXES)}
    tallies = set()
    for iri, kind in pairs("types"):
        if kind == CASUALTY_TALLY:
            tallies.add(iri)
        elif event := events.get(iri):
            event.type = one(_least(event.type, kind))
    events = {iri: event for iri, event in events.items() if iri not in tallies}
    for iri, start in pairs("starts"):
        if (event := events.get(iri)) and (month := MONTH.match(start.value)):
            event.month = one(min(event.month or month.group(1), month.group(1)))
    _countries(events, pairs("places"), pairs("within"), one)
    for iri, actor in pairs("perpetrators"):
        if (event := events.get(iri)) and actor not in event.perpetrators:
            event.perpetrators += (one(actor),)
    _figures(events, pairs, one)
    _articles(events, pairs, one)
    publishers: dict[ox.Term, ox.Term] = {}
    for article, publisher in pairs("publishers"):
        publishers[one(article)] = _least(publishers.get(article), one(publisher or UNKNOWN_PUBLISHER))
    return events, publishers


def _countries(events: dict[ox.Term, Event], places, within, one) -> None:
    """Each event's country: the least of the places its place is within that are within no other (its place
    itself if there is none)."""
    larger: dict[ox.Term, set] = defaultdict(set)
    for place, container in within:
        larger[place].add(container)
    for iri, place in places:
        if event := events.get(iri):
            tops = [c for c in larger.get(place, ()) if c not in larger]
            for country in tops or [place]:
                event.country = one(_least(event.country, country))


def _figures(events: dict[ox.Term, Event], pairs, one) -> None:
    """Each event's figures that state an outcome and a victim group: per outcome and group, the least count they
    give (should a figure, or several figures, give several; None if none gives one). What is kept a figure until
    then is a tuple, not a set (a figure states one outcome and one group; sets cost four times the memory)."""
    figures = {figure: iri for iri, figure in pairs("casualties") if iri in events}
    outcomes: dict[ox.Term, tuple] = {}
    groups: dict[ox.Term, tuple] = {}
    counts: dict[ox.Term, int] = {}
    for facts, name in ((outcomes, "outcomes"), (groups, "groups")):
        for figure, value in pairs(name):
            if figure in figures and value not in facts.get(figure, ()):
                facts[figure] = facts.get(figure, ()) + (one(value),)
    for figure, count in pairs("counts"):
        if figure in figures and (n := _number(count)) is not None:
            counts[figure] = min(n, counts.get(figure, n))
    for figure, iri in figures.items():
        event, n = events[iri], counts.get(figure)
        for outcome in outcomes.get(figure, ()):
            for group in groups.get(figure, ()):
                event.figures = _with_figure(event.figures, outcome, group, n)


def _with_figure(figures: tuple, outcome: ox.Term, group: ox.Term, n: int | None) -> tuple:
    """An event's figures with one more of `outcome` and `group`: the least count of the two (None: no count)."""
    for index, (o, g, m) in enumerate(figures):
        if o == outcome and g == group:
            least = m if n is None else n if m is None else min(m, n)
            return figures[:index] + ((o, g, least),) + figures[index + 1:]
    return figures + ((outcome, group, n),)


def _articles(events: dict[ox.Term, Event], pairs, one) -> None:
    """The articles that report each event (those of its mentions)."""
    mentions: dict[ox.Term, tuple] = {}
    for iri, mention in pairs("mentions"):
        if iri in events:
            mentions[mention] = mentions.get(mention, ()) + (iri,)
    for mention, article in pairs("articles"):
        for iri in mentions.get(mention, ()):
            event = events[iri]
            if article not in event.articles:
                event.articles += (one(article),)


def _least(mine: ox.Term | None, other: ox.Term) -> ox.Term:
    """The lesser of two terms by their N-Triples form (so that the choice does not depend on the order)."""
    return other if mine is None or str(other) < str(mine) else mine


def _number(count: ox.Literal | None) -> int | None:
    """A figure's count; none if it has none, or (in a store filled otherwise than by a load, which validates)
    one that is not a whole number."""
    try:
        return None if count is None else int(count.value)
    except ValueError:
        return None


# The levels observations are given at, each a slice key of the ontology: which of country, month, event type and
# perpetrator an observation keeps (the others take their "all" code), and whether it is given by every victim group
# or by civilians and all groups only; each by every outcome and all outcomes. A level's observations of one outcome
# and victim group form a qb:Slice, where a query finds them without reading the others (a query costs Oxigraph
# about 7 us an observation it looks at). Finer levels have about as many cells as there are events, and summing
# them is no faster than querying the events: country x month x event type x perpetrator by every group made
# 112,221 observations of 22,935 events at 3,000 synthetic reports, and took 29 s to write.
@dataclass(frozen=True)
class Level:
    slice_key: str  # its qb:SliceKey in the ontology
    kept: tuple[bool, bool, bool, bool]  # country, month, event type, perpetrator
    every_group: bool


LEVELS = (Level("ByCountryAndMonth", (True, True, False, False), False),  # events per country per month
          Level("ByPerpetratorAndMonth", (False, True, False, True), False),  # civilian deaths per perpetrator...
          Level("ByEventType", (False, False, True, False), True))  # events and fatalities by type
TOTALS = (ALL_COUNTRIES, ALL_MONTHS, ALL_EVENT_TYPES, ALL_PERPETRATORS)
SUMMARY_GROUPS = (CIVILIANS, ALL_VICTIM_GROUPS)


def event_cells(events: list[Event]) -> dict[tuple[Level, tuple], Cell]:
    """The events data set: each event in the cell of its country, month, type and perpetrator (each of them,
    or the unknown one; and all) at every level, by each outcome and group it has figures of."""
    cells: dict[tuple[Level, tuple], Cell] = defaultdict(Cell)
    for index, event in enumerate(events):
        area, period, kind = event.coordinates()
        perpetrators = sorted(event.perpetrators, key=str) or [UNKNOWN_PERPETRATOR]
        people = event.people()
        for level in LEVELS:
            where = tuple(value if keep else total for keep, value, total in zip(level.kept, (area, period, kind),
                                                                                 TOTALS))
            for perpetrator in ((*perpetrators, ALL_PERPETRATORS) if level.kept[3] else (ALL_PERPETRATORS,)):
                for outcome, group, n in people:
                    if level.every_group or group in SUMMARY_GROUPS:
                        cell = cells[level, (*where, perpetrator, outcome, group)]
                        cell.events.append(index)
                        cell.people += n
    return cells


def report_cells(events: list[Event], publishers: dict[ox.Term, ox.Term]) -> dict[ox.Term, tuple[int, int]]:
    """The reports data set: per publisher, (its articles, the events they report)."""
    articles: dict[ox.Term, int] = defaultdict(int)
    reported: dict[ox.Term, set[int]] = defaultdict(set)
    for publisher in publishers.values():
        articles[publisher] += 1
    for index, event in enumerate(events):
        for article in event.articles:
            reported[publishers.get(article, UNKNOWN_PUBLISHER)].add(index)
    return {publisher: (n, len(reported[publisher])) for publisher, n in articles.items()}


def cube_graph(minter: Minter) -> ox.NamedNode:
    return ox.NamedNode(str(minter.graph("cube")))


def datasets(minter: Minter) -> tuple[ox.NamedNode, ox.NamedNode]:
    """The IRIs of the events and the reports data sets."""
    return ox.NamedNode(str(minter.iri("cube", "events"))), ox.NamedNode(str(minter.iri("cube", "reports")))


def cube_triples(minter: Minter, events: list[Event], publishers: dict[ox.Term, ox.Term]) -> Iterator[ox.Triple]:
    """The cube's triples: the two data sets, their observations, and the events' slices."""
    by_event, by_publisher = datasets(minter)
    for dataset, structure, label in ((by_event, "EventStatistics", "Events, reports and people harmed"),
                                      (by_publisher, "ReportStatistics", "Articles per publisher")):
        yield ox.Triple(dataset, RDF_TYPE, _qb("DataSet"))
        yield ox.Triple(dataset, _qb("structure"), _ckg(structure))
        yield ox.Triple(dataset, RDFS_LABEL, ox.Literal(label, language="en"))
    slices: dict[tuple, ox.NamedNode] = {}
    for (level, key), cell in event_cells(events).items():
        obs = yield from _observation(minter, by_event, tuple(zip(EVENT_DIMENSIONS, key)),
                                      {EVENTS: len(cell.events), REPORTS: cell.reports(events), PEOPLE: cell.people})
        fixed = tuple((dimension, value) for dimension, value, kept in
                      zip(EVENT_DIMENSIONS, key, (*level.kept, False, False)) if not kept)
        if (level, fixed) not in slices:
            slices[level, fixed] = ox.NamedNode(str(minter.iri("cube", "slice/" + digest_key(
                level.slice_key, *(str(v) for _, v in fixed)))))
            yield from _slice(slices[level, fixed], by_event, level, fixed)
        yield ox.Triple(slices[level, fixed], _qb("observation"), obs)
    for publisher, (articles, reported) in report_cells(events, publishers).items():
        yield from _observation(minter, by_publisher, ((PUBLISHER, publisher),), {REPORTS: articles, EVENTS: reported})


def _slice(iri: ox.NamedNode, dataset: ox.NamedNode, level: Level, fixed: tuple) -> Iterator[ox.Triple]:
    yield ox.Triple(dataset, _qb("slice"), iri)
    yield ox.Triple(iri, RDF_TYPE, _qb("Slice"))
    yield ox.Triple(iri, _qb("sliceStructure"), _ckg(level.slice_key))
    for dimension, value in fixed:
        yield ox.Triple(iri, dimension, value)


def _observation(minter: Minter, dataset: ox.NamedNode, coordinates: tuple, measures: dict[ox.NamedNode, int]):
    """Yields the observation's triples; returns its IRI (named after its data set and coordinates)."""
    name = dataset.value.rsplit("/", 1)[-1]
    obs = ox.NamedNode(str(minter.iri("cube", f"{name}/{digest_key(*(str(v) for _, v in coordinates))}")))
    yield ox.Triple(obs, RDF_TYPE, _qb("Observation"))
    yield ox.Triple(obs, _qb("dataSet"), dataset)
    for dimension, value in coordinates:
        yield ox.Triple(obs, dimension, value)
    for measure, value in measures.items():
        yield ox.Triple(obs, measure, ox.Literal(str(value), datatype=INTEGER))
    return obs


def refresh(store: GraphStore) -> None:
    """Compute the cube from the whole store and write it in place of the old one (only what changed)."""
    by_iri, publishers = stored_events(store)
    events = list(by_iri.values())
    del by_iri  # its keys, an IRI an event, are not needed past here
    store.rewrite_graph(cube_graph(store.minter), cube_triples(store.minter, events, publishers))
    store.drop_from_default_graph(str(store.minter.iri("cube", "")))  # an imported dump of triples' old cube
