"""Building the RDF graph of one article from its record and its incidents, under the contract's terms: the
stage after extraction (conflictkg.loaders) and before validation."""
from __future__ import annotations

import datetime as dt

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from .loaders.actors import Actor
from .loaders.casualties import Figure
from .loaders.extract import IncidentMention
from .loaders.gazetteer import Place
from .loaders.incidents import Incident, article_incidents
from .loaders.records import ArticleRecord
from .same_incident import Candidate, incident_iri
from .vocab import CKG, GEO, PREFIXES, WD, Minter, digest_key, key_for

GEONAMES = "https://sws.geonames.org/{}/"


def article_graph(article: ArticleRecord, minter: Minter | None = None) -> Graph:
    """The article's whole graph: metadata, events, figures, mentions, places and actors. Events named after
    their incident are not yet checked against other articles: see conflictkg.same_incident."""
    graph, _ = GraphBuilder(minter or Minter()).build(article, article_incidents(article))
    return graph


class GraphBuilder:
    """Turns extracted facts into triples; every IRI is derived from content, never from load order.

    An event whose type, place and day are known gets the IRI of its incident (conflictkg.same_incident), so
    reports of one incident in several articles meet at one event, each article adding its own mention,
    figures and sources (figures and sources hang on the mention, so disagreements stay visible). Such an
    event is a Candidate until the store is checked; when the article itself reports two incidents with one
    key, the second keeps an IRI of its own mention."""

    def __init__(self, minter: Minter):
        self.minter = minter

    def build(self, article: ArticleRecord, incidents: list[Incident]) -> tuple[Graph, list[Candidate]]:
        """The article's graph: its record and an event per incident; and the events named after their
        incident, to check against the store."""
        g = Graph()
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns)
        a = self.article(g, article)
        keys: set[URIRef] = set()
        candidates = []
        for incident in incidents:
            candidate = self.event(g, a, article, incident, keys)
            if candidate is not None:
                candidates.append(candidate)
        return g, candidates

    def article(self, g: Graph, article: ArticleRecord) -> URIRef:
        """The ckg:Article and its metadata."""
        a = self.minter.article(article.identifier)
        g.add((a, RDF.type, CKG.Article))
        g.add((a, DCTERMS.identifier, Literal(article.identifier)))
        g.add((a, CKG.sourceFile, Literal(article.source_file)))
        if article.title:
            g.add((a, DCTERMS.title, Literal(article.title)))
        if article.published:
            kind = XSD.dateTime if isinstance(article.published, dt.datetime) else XSD.date
            g.add((a, DCTERMS.issued, Literal(article.published.isoformat(), datatype=kind)))
        if article.publisher:
            g.add((a, DCTERMS.publisher, self.actor(g, Actor(article.publisher, kind="Publisher"))))
        for author in article.authors:
            g.add((a, DCTERMS.creator, self.actor(g, Actor(author, kind="Person"))))
        if article.language:
            g.add((a, DCTERMS.language, Literal(article.language)))
        if article.url:
            g.add((a, CKG.url, Literal(article.url, datatype=XSD.anyURI)))
        return a

    def event(self, g: Graph, a: URIRef, article: ArticleRecord, incident: Incident,
              keys: set[URIRef]) -> Candidate | None:
        """One event per incident, with a mention per sentence that reports it; figures and sources stay with
        the mention that states them. The Candidate, if the event is named after its incident."""
        first = incident.first
        parts = (first.part,) if first.part else ()  # the sentence's second incident, third...
        own = self.minter.iri("event", digest_key(article.identifier, first.sentence.start, first.sentence.end, *parts))
        e = incident_iri(incident, self.minter)
        candidate = None
        if e is None or e in keys:
            e = own
        else:
            keys.add(e)
            candidate = Candidate(e, incident.figures, {e: own})
        g.add((e, RDF.type, CKG[incident.type]))
        for mention in incident.mentions:
            m = self.mention(g, a, mention)
            g.add((e, CKG.mention, m))
            for figure in mention.figures:
                g.add((e, CKG.casualty, self.figure(g, e, m, figure)))
                if candidate is not None:
                    candidate.renames[self.figure_iri(e, m, figure)] = self.figure_iri(own, m, figure)
        if incident.place:
            g.add((e, CKG.place, self.place(g, incident.place, incident.place_name)))
        if incident.dates:
            g.add((e, CKG.startDate, Literal(incident.dates[0].isoformat(), datatype=XSD.date)))
            g.add((e, CKG.endDate, Literal(incident.dates[1].isoformat(), datatype=XSD.date)))
        for actor in incident.perpetrators:
            g.add((e, CKG.perpetrator, self.actor(g, actor)))
        return candidate

    def mention(self, g: Graph, a: URIRef, mention: IncidentMention) -> URIRef:
        """The ckg:Mention of one sentence: its quote, offsets and sources."""
        s = mention.sentence
        m = self.minter.mention(a, s.start, s.end)
        g.add((m, RDF.type, CKG.Mention))
        g.add((m, CKG.article, a))
        g.add((m, CKG.quote, Literal(s.text)))
        g.add((m, CKG.charStart, Literal(s.start, datatype=XSD.integer)))
        g.add((m, CKG.charEnd, Literal(s.end, datatype=XSD.integer)))
        for source in mention.sources:
            g.add((m, CKG.source, self.actor(g, source)))
        return m

    def figure_iri(self, e: URIRef, mention: URIRef, f: Figure) -> URIRef:
        """A figure is named by its event and where it is stated: the same count in two sentences is two figures."""
        return self.minter.iri("figure", digest_key(e, mention, f.start, f.end, f.outcome, f.count))

    def figure(self, g: Graph, e: URIRef, mention: URIRef, f: Figure) -> URIRef:
        """A ckg:CasualtyFigure, tied to the mention that states it."""
        c = self.figure_iri(e, mention, f)
        g.add((c, RDF.type, CKG.CasualtyFigure))
        g.add((c, CKG.outcome, CKG[f.outcome]))
        g.add((c, CKG.victimGroup, CKG[f.victim_group]))
        g.add((c, CKG.countQualifier, CKG[f.qualifier]))
        if f.count is not None:
            g.add((c, CKG["count"], Literal(f.count, datatype=XSD.integer)))
        g.add((c, CKG.mention, mention))
        return c

    def place(self, g: Graph, place: Place, surface: str | None = None) -> URIRef:
        """A ckg:Place, its names, geometry and the places it lies within."""
        if place.geonameid:
            p = self.minter.iri("place", str(place.geonameid))
            g.add((p, OWL.sameAs, URIRef(GEONAMES.format(place.geonameid))))
        elif place.code:  # a province: one node whatever the wording ("Ituri", "Ituri province")
            p = self.minter.iri("place", key_for(place.code))
            g.add((p, SKOS.notation, Literal(place.code)))  # ISO 3166-2, Wikidata's P300
        else:
            p = self.minter.iri("place", key_for(f"{place.label} {place.country_code or ''}".strip()))
        g.add((p, RDF.type, CKG.Place))
        g.add((p, RDFS.label, Literal(place.label)))
        for alt in {*place.alt_labels, surface} - {None, place.label}:
            g.add((p, SKOS.altLabel, Literal(alt)))
        if place.latitude is not None:
            geometry = URIRef(f"{p}#geometry")
            g.add((p, GEO.hasGeometry, geometry))
            g.add((geometry, RDF.type, GEO.Geometry))
            g.add((geometry, GEO.asWKT, Literal(f"POINT({place.longitude} {place.latitude})", datatype=GEO.wktLiteral)))
        if place.country is not None and place.country != place:
            g.add((p, CKG.within, self.place(g, place.country)))
        return p

    def actor(self, g: Graph, actor: Actor) -> URIRef:
        """A ckg:Actor, its names and its Wikidata item where known."""
        x = self.minter.iri("actor", actor.qid or key_for(actor.label))
        g.add((x, RDF.type, CKG.Actor))
        g.add((x, RDFS.label, Literal(actor.label)))
        for alias in set(actor.aliases) - {actor.label}:
            g.add((x, SKOS.altLabel, Literal(alias)))
        if actor.qid:
            g.add((x, OWL.sameAs, WD[actor.qid]))
        return x


__all__ = ["article_graph", "GraphBuilder"]
