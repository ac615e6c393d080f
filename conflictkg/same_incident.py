"""One incident reported by several articles is one event: the whole rule, from the IRI an incident is given
to the check against the store and the renames needed when that check fails.

An incident whose type, place and day are known is named after those three (`incident_iri`), so every report
of it meets at one event, each article adding its own mention, figures and sources. Before an article is
stored, each event so named is checked (`IncidentIndex`, as conflictkg.settling stores articles): if another article's event already holds that IRI and is
not the same incident (no casualty count of the same outcome within a factor of two), the event, and its
figures, take back IRIs of their own mention."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import URIRef

from .rdf import RDF_TYPE
from .terms import EventType
from .vocab import CKG, Minter, digest_key

if TYPE_CHECKING:
    from .loaders.casualties import Figure
    from .loaders.incidents import Incident
    from .store import GraphStore



@dataclass
class Candidate:
    """An event named after its incident before anyone checked the store, with its figures, and the IRIs it
    and its figures take if the check fails (`renames`: incident IRI -> own IRI)."""

    iri: URIRef
    figures: list[Figure]
    renames: dict[URIRef, URIRef] = field(default_factory=dict)


def incident_iri(incident: Incident, minter: Minter) -> URIRef | None:
    """The IRI shared by every report of one incident: type, place and day; None if one is unknown, the
    dates are a span, or the incident is a tally."""
    if incident.place is None or incident.dates is None or incident.dates[0] != incident.dates[1] \
            or incident.type == EventType.CasualtyTally:  # a toll over a period is no one incident
        return None
    place = incident.place.geonameid or incident.place.code or \
        f"{incident.place.label} {incident.place.country_code or ''}".strip()
    return minter.iri("event", digest_key(incident.type, place, incident.dates[0].isoformat()))


def figures_overlap(mine: list[Figure], theirs: list[tuple[str, int]]) -> bool:
    """Two reports' figures can be of one event: no counts to compare, or a count of the same outcome
    within a factor of two ("at least 26" and "29")."""
    return counts_overlap(counted(mine), theirs)


def counted(figures: list[Figure]) -> list[tuple[str, int]]:
    """The figures that give a count, as (outcome, count)."""
    return [(str(f.outcome), f.count) for f in figures if f.count]


def counts_overlap(mine: list[tuple[str, int]], theirs: list[tuple[str, int]]) -> bool:
    if not mine or not theirs:
        return True
    return any(o1 == o2 and max(n1, n2) <= 2 * min(n1, n2) for o1, n1 in mine for o2, n2 in theirs)


def stored_reports(store: GraphStore, event: URIRef, identifier: str,
                   ignored: frozenset[str] | set[str] = frozenset()) -> list[tuple[str, int]] | None:
    """The counts other articles' graphs (but the `ignored` graphs) give the event (outcome, count), or None if
    no other article has it."""
    own = {g.value for g in store.article_graph_names(identifier)} | ignored
    e = ox.NamedNode(str(event))  # an IRI we minted: safe to write into the query
    rows = [r for r in store.query(
        f"PREFIX ckg: <{CKG}> SELECT ?g ?o ?n WHERE {{ GRAPH ?g {{ {e} a ?type . "
        f"OPTIONAL {{ {e} ckg:casualty ?c . ?c ckg:outcome ?o ; ckg:count ?n }} }} }}") if r["g"].value not in own]
    if not rows:
        return None
    return [(r["o"].value.rsplit("#", 1)[-1], int(r["n"].value)) for r in rows if r["o"] is not None]


@dataclass
class Settled:
    """One article's events named after their incident, as a load that stores many articles at once needs them:
    each candidate's IRI, its counts, the renames it takes if the check fails, and what the article's graph
    says of it as stored_reports would read it from the store (None: the graph has no such event)."""

    iri: str
    counts: list[tuple[str, int]]
    renames: dict[str, str]
    reported: list[tuple[str, int]] | None = None

    @classmethod
    def of(cls, candidate: Candidate, graph: list[ox.Triple]) -> Settled:
        return cls(str(candidate.iri), counted(candidate.figures),
                   {str(old): str(new) for old, new in candidate.renames.items()},
                   reported_counts(graph, str(candidate.iri)))


def reported_counts(graph: list[ox.Triple], event: str) -> list[tuple[str, int]] | None:
    """The counts (outcome, count) the figures of `event` give in an article's graph, as stored_reports reads
    them from the store; None if the graph does not type the event."""
    subject = ox.NamedNode(event)
    if not any(t.subject == subject and t.predicate == RDF_TYPE for t in graph):
        return None
    figures = {t.object for t in graph if t.subject == subject and t.predicate == CASUALTY}
    facts: dict = {}
    for t in graph:
        if t.subject in figures and t.predicate in (OUTCOME, COUNT):
            facts.setdefault(t.subject, {}).setdefault(t.predicate, []).append(t.object)
    return [(outcome.value.rsplit("#", 1)[-1], int(count.value)) for figure in facts.values()
            for outcome in figure.get(OUTCOME, ()) for count in figure.get(COUNT, ())]


CASUALTY, OUTCOME, COUNT = (ox.NamedNode(str(CKG[name])) for name in ("casualty", "outcome", "count"))


class IncidentIndex:
    """The check for a load that stores articles in batches (conflictkg.settling): against what the store held
    before the load, and what each article of the load settled before it, exactly as stored_reports would find
    them in the store had each article been stored in turn."""

    def __init__(self, store: GraphStore):
        self.store = store
        self.consult_store = any(True for _ in store.article_graphs())  # a new store has nothing to ask
        self.held: dict[str, dict[str, list[tuple[str, int]]]] = {}  # event IRI -> article graph -> its counts
        self.events_of: dict[str, list[str]] = {}  # article graph -> the event IRIs it holds
        self.replaced: set[str] = set()  # the store's graphs of articles this load has stored again

    def renames_needed(self, identifier: str, candidates: list[Settled]) -> dict[str, str]:
        renames = {}
        for candidate in candidates:
            theirs = self._reports(candidate.iri, identifier)
            if theirs is not None and not counts_overlap(candidate.counts, theirs):
                renames.update(candidate.renames)
        return renames

    def _article(self, identifier: str) -> str:
        """An article as the store knows it: by its graph (two identifiers may make one IRI, and then one
        article replaces the other, as in the store)."""
        return self.store.article_graph_names(identifier)[0].value

    def _reports(self, event: str, identifier: str) -> list[tuple[str, int]] | None:
        article = self._article(identifier)
        others = [counts for other, counts in self.held.get(event, {}).items() if other != article]
        stored = stored_reports(self.store, URIRef(event), identifier, self.replaced) if self.consult_store else None
        if stored is None and not others:
            return None
        return (stored or []) + [count for counts in others for count in counts]

    def record(self, identifier: str, events: dict[str, list[tuple[str, int]]]) -> None:
        """The article stored (again, if it was before): `events`, its candidates' IRIs as stored, with the
        counts its graph gives each."""
        self.forget(identifier)
        article = self._article(identifier)
        self.replaced |= {g.value for g in self.store.article_graph_names(identifier)}
        self.events_of[article] = list(events)
        for event, counts in events.items():
            self.held.setdefault(event, {})[article] = counts

    def forget(self, identifier: str) -> None:
        """The article's events, no longer held (it was stored again, or the store refused it)."""
        article = self._article(identifier)
        for event in self.events_of.pop(article, ()):
            self.held[event].pop(article, None)
