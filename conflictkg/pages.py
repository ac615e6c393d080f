"""What the server knows about one IRI: its RDF description (for machines) and the facts an HTML page shows
(for people), read from the store with bound variables, never with IRIs pasted into query text."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

import pyoxigraph as ox
from rdflib.namespace import RDFS

from .browse import EventFilter, events
from .lookup import bound, label_of, local_name, select
from .resources import ontology_graph
from .store import GraphStore
from .vocab import CKG, EVENT_TYPES

KINDS = ("event", "place", "actor", "article")
MAX_MENTIONS = 50  # statements sourced to an actor that its page quotes (the page says how many there are)

# The description of a resource: its own triples, those of the figures, mentions and geometry it owns (an
# article owns its mentions), the triples that point at it (so a place's description names its events), and the
# labels of what those name (an event's place, perpetrators and sources), so that a client needs no second request
# to show them.
DESCRIBE = """
CONSTRUCT { ?root ?p ?o . ?s ?q ?v . ?in ?r ?root . ?named rdfs:label ?label } WHERE {
  { ?root ?p ?o }
  UNION { ?root ckg:casualty|ckg:mention|geo:hasGeometry ?s . ?s ?q ?v }
  UNION { ?s ckg:article ?root . ?s ?q ?v }
  UNION { ?in ?r ?root }
  UNION { ?root ?p2 ?named . ?named rdfs:label ?label FILTER(isIRI(?named)) }
  UNION { ?root ckg:casualty|ckg:mention ?owned . ?owned ?q2 ?named . ?named rdfs:label ?label FILTER(isIRI(?named)) }
}"""


@dataclass
class Link:
    """A value shown on a page: a label and where it links (a local page, or another site)."""

    label: str
    iri: str | None = None


@dataclass
class Resource:
    iri: str
    kind: str
    label: str
    facts: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ResourceJob:
    """What the server shows of one IRI, read by a query worker (conflictkg.query_workers): None if the store
    knows nothing about it, else its page's facts (html) or its description's triples."""

    iri: str
    kind: str
    version: str  # of the store it is read from
    html: bool

    def run(self, store: GraphStore, row_limit: int) -> Resource | list | None:
        if not exists(store, self.iri):
            return None
        return resource(store, self.iri, self.kind) if self.html else description(store, self.iri)


@dataclass
class NamedGraph:
    """What a page about one of the store's named graphs shows."""

    iri: str
    triples: int
    article: str | None  # the article it was read from (an article's graphs)
    asserted: str | None  # for an inferred graph, the graph it was inferred from
    inferred: str | None  # for an asserted graph, its entailments' graph


@dataclass(frozen=True)
class GraphJob:
    """One named graph (an article's, its entailments', the entities'), read by a query worker: None if the store
    has no such graph; else its page's facts (html), or its triples (at most the row limit) and their provenance,
    and whether the limit cut them."""

    iri: str
    version: str
    html: bool

    def run(self, store: GraphStore, row_limit: int) -> NamedGraph | tuple[list, bool] | None:
        if not store.query(bound("ASK { GRAPH ?g { ?s ?p ?o } }", g=self.iri)):
            return None
        inferred = self.iri.endswith("/inferred")
        asserted = self.iri[:-len("/inferred")] if inferred else self.iri
        article_rows = select(store, "SELECT ?a WHERE { GRAPH ?g { ?a a ckg:Article } } LIMIT 1", g=asserted)
        article = article_rows[0]["a"].value if article_rows else None
        if self.html:
            count = select(store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", g=self.iri)
            return NamedGraph(self.iri, int(count[0]["n"].value), article, asserted if inferred else None,
                              None if inferred else self.iri + "/inferred")
        triples = list(store.query(bound(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} "
                                         f"LIMIT {int(row_limit) + 1}", g=self.iri)))
        truncated = len(triples) > row_limit
        graph, prov = ox.NamedNode(self.iri), "http://www.w3.org/ns/prov#"
        provenance = [ox.Triple(graph, ox.NamedNode(prov + "wasDerivedFrom"), ox.NamedNode(asserted if inferred
                                                                                          else article))
                      ] if inferred or article else []
        if inferred:
            provenance.append(ox.Triple(graph, ox.NamedNode(prov + "wasDerivedFrom"), ox.NamedNode(str(CKG)[:-1])))
        return triples[:row_limit] + provenance, truncated


def exists(store: GraphStore, iri: str) -> bool:
    return bool(store.query(bound("ASK { { ?root ?p ?o } UNION { ?s ?p ?root } }", root=iri)))


def description(store: GraphStore, iri: str) -> list:
    """The triples that describe the IRI (see DESCRIBE), each once."""
    return list(dict.fromkeys(select(store, DESCRIBE, root=iri)))


def _link(store: GraphStore, term) -> Link | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return Link(label_of(store, term.value), term.value)
    return Link(term.value)


def _values(rows, name: str) -> list[str]:
    return sorted({r[name].value for r in rows if r[name] is not None})


def resource(store: GraphStore, iri: str, kind: str) -> Resource:
    """The facts of one event, place, actor or article (or, for any other IRI, its statements)."""
    build = {"event": _event, "place": _place, "actor": _actor, "article": _article}.get(kind, _other)
    return build(store, Resource(iri, kind, label_of(store, iri)))


def _within(store: GraphStore, place: str) -> list[Link]:
    rows = select(store, "SELECT DISTINCT ?w ?l WHERE { ?x ckg:within ?w . ?w rdfs:label ?l } ORDER BY ?l", x=place)
    return [Link(r["l"].value, r["w"].value) for r in rows]


def _same_as(store: GraphStore, iri: str) -> list[Link]:
    rows = select(store, "SELECT DISTINCT ?o WHERE { ?x owl:sameAs ?o } ORDER BY ?o", x=iri)
    return [Link(r["o"].value, r["o"].value) for r in rows]


def _event(store: GraphStore, r: Resource) -> Resource:
    types = select(store, "SELECT DISTINCT ?t WHERE { ?x a ?t }", x=r.iri)
    names = [t["t"].value.rsplit("#", 1)[-1] for t in types if t["t"].value.startswith(str(CKG))]
    r.facts["type"] = [Link(n, str(CKG) + n) for n in names if n in EVENT_TYPES]
    dates = select(store, "SELECT DISTINCT ?start ?end WHERE { OPTIONAL { ?x ckg:startDate ?start } "
                          "OPTIONAL { ?x ckg:endDate ?end } }", x=r.iri)
    r.facts["start"] = _values(dates, "start")
    r.facts["end"] = _values(dates, "end")
    places = select(store, "SELECT DISTINCT ?p WHERE { ?x ckg:place ?p }", x=r.iri)
    r.facts["place"] = [{"link": _link(store, p["p"]), "within": _within(store, p["p"].value),
                         "same_as": _same_as(store, p["p"].value)} for p in places]
    perps = select(store, "SELECT DISTINCT ?a WHERE { ?x ckg:perpetrator ?a }", x=r.iri)
    r.facts["perpetrators"] = sorted((_link(store, p["a"]) for p in perps), key=lambda link: link.label)
    figures = select(store, """SELECT DISTINCT ?f ?outcome ?group ?qualifier ?count ?m WHERE {
        ?x ckg:casualty ?f . ?f ckg:outcome ?outcome ; ckg:victimGroup ?group ; ckg:countQualifier ?qualifier .
        OPTIONAL { ?f ckg:count ?count } OPTIONAL { ?f ckg:mention ?m } } ORDER BY ?m ?outcome""", x=r.iri)
    r.facts["figures"] = [{"outcome": local_name(f["outcome"]), "group": local_name(f["group"]),
                           "qualifier": local_name(f["qualifier"]), "count": f["count"].value if f["count"] else None,
                           "mention": f["m"].value if f["m"] else None, "iri": f["f"].value} for f in figures]
    _relate(r.facts["figures"])
    r.facts["mentions"] = _mentions(store, "?x ckg:mention ?m", r.iri)
    return r


SUBGROUPS = {"Children": "Civilians", "Women": "Civilians"}  # skos:broader in the ontology


def _relate(figures: list[dict]) -> None:
    """Say how each figure relates to the others of its event: a count for the same people that differs
    (another sentence or report disagrees), or a count of a group within another's (children among civilians)."""
    for f in figures:
        relations = []
        if f["count"] is not None:
            others = sorted({int(o["count"]) for o in figures if o is not f and o["count"] is not None
                             and (o["outcome"], o["group"]) == (f["outcome"], f["group"])
                             and o["count"] != f["count"]})
            if others:
                relations.append("disagrees with " + ", ".join(map(str, others)))
        broader = SUBGROUPS.get(f["group"])
        if broader and any(o["outcome"] == f["outcome"] and o["group"] == broader for o in figures):
            relations.append(f"part of the {broader.lower()} {f['outcome'].lower()}")
        f["relations"] = relations


def _mentions(store: GraphStore, pattern: str, iri: str, limit: int = 0) -> list[dict]:
    rows = select(store, f"""SELECT DISTINCT ?m ?quote ?start ?a ?title ?issued WHERE {{
        {pattern} . ?m ckg:quote ?quote ; ckg:article ?a . OPTIONAL {{ ?m ckg:charStart ?start }}
        OPTIONAL {{ ?a dcterms:title ?title }} OPTIONAL {{ ?a dcterms:issued ?issued }} }}
        ORDER BY DESC(?issued) ?a ?start {f"LIMIT {int(limit)}" if limit else ""}""", x=iri)
    out = []
    for row in rows:
        sources = select(store, "SELECT DISTINCT ?s WHERE { ?x ckg:source ?s }", x=row["m"].value)
        out.append({"iri": row["m"].value, "quote": row["quote"].value,
                    "article": Link(row["title"].value if row["title"] else row["a"].value, row["a"].value),
                    "issued": row["issued"].value if row["issued"] else None,
                    "sources": sorted((_link(store, s["s"]) for s in sources), key=lambda link: link.label)})
    return out


def _place(store: GraphStore, r: Resource) -> Resource:
    rows = select(store, "SELECT DISTINCT ?alt WHERE { ?x skos:altLabel ?alt } ORDER BY ?alt", x=r.iri)
    r.facts["alt_labels"] = _values(rows, "alt")
    wkt = select(store, "SELECT DISTINCT ?wkt WHERE { ?x geo:hasGeometry/geo:asWKT ?wkt }", x=r.iri)
    r.facts["wkt"] = _values(wkt, "wkt")
    r.facts["within"] = _within(store, r.iri)
    r.facts["same_as"] = _same_as(store, r.iri)
    r.facts["events"] = events(store, EventFilter(place=r.iri), 1)  # here, and anywhere within
    r.facts["contains"] = [Link(row["l"].value, row["p"].value) for row in select(
        store, "SELECT DISTINCT ?p ?l WHERE { ?p ckg:within ?x ; rdfs:label ?l } ORDER BY ?l", x=r.iri)]
    return r


def _actor(store: GraphStore, r: Resource) -> Resource:
    rows = select(store, "SELECT DISTINCT ?alt WHERE { ?x skos:altLabel ?alt } ORDER BY ?alt", x=r.iri)
    r.facts["alt_labels"] = _values(rows, "alt")
    r.facts["same_as"] = _same_as(store, r.iri)
    r.facts["events"] = events(store, EventFilter(perpetrator=r.iri), 1)
    r.facts["sourced"] = _mentions(store, "?m ckg:source ?x", r.iri, limit=MAX_MENTIONS)
    r.facts["sourced_total"] = int(select(store, "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m ckg:source ?x }",
                                          x=r.iri)[0]["n"].value)
    articles = select(store, "SELECT DISTINCT ?a WHERE { ?a dcterms:publisher|dcterms:creator ?x }", x=r.iri)
    r.facts["articles"] = sorted((_link(store, a["a"]) for a in articles), key=lambda link: link.label)
    return r


def _article(store: GraphStore, r: Resource) -> Resource:
    meta = select(store, """SELECT ?id ?issued ?lang ?url ?file WHERE {
        OPTIONAL { ?x dcterms:identifier ?id } OPTIONAL { ?x dcterms:issued ?issued }
        OPTIONAL { ?x dcterms:language ?lang } OPTIONAL { ?x ckg:url ?url } OPTIONAL { ?x ckg:sourceFile ?file } }
        LIMIT 1""", x=r.iri)
    row = meta[0] if meta else {}
    for key in ("id", "issued", "lang", "url", "file"):
        term = row[key] if meta else None
        r.facts[key] = term.value if term is not None else None
    people = select(store, "SELECT DISTINCT ?a WHERE { ?x dcterms:creator ?a }", x=r.iri)
    r.facts["authors"] = sorted((_link(store, p["a"]) for p in people), key=lambda link: link.label)
    publisher = select(store, "SELECT DISTINCT ?a WHERE { ?x dcterms:publisher ?a }", x=r.iri)
    r.facts["publisher"] = [_link(store, p["a"]) for p in publisher]
    r.facts["events"] = events(store, EventFilter(article=r.iri), 1)
    r.facts["mentions"] = _mentions(store, "?m ckg:article ?x", r.iri)
    return r


def _other(store: GraphStore, r: Resource) -> Resource:
    rows = select(store, "SELECT DISTINCT ?p ?o WHERE { ?x ?p ?o } ORDER BY ?p ?o", x=r.iri)
    r.facts["statements"] = [(Link(local_name(row["p"]), row["p"].value), _link(store, row["o"])) for row in rows]
    return r


@lru_cache(maxsize=1)
def _class_labels() -> dict[str, str]:
    graph = ontology_graph()
    return {t: str(graph.value(CKG[t], RDFS.label) or t) for t in EVENT_TYPES}


def type_name(kind: str) -> str:
    """An event class's name for a page ("AttackOnCivilians": "Attack on civilians"), from the ontology's label."""
    label = _class_labels().get(kind, kind)
    return label[:1].upper() + label[1:]


def nice_date(value: str) -> str:
    """An ISO date as a page shows it ("16 May 2015"); other values as they are."""
    try:
        day = dt.date.fromisoformat(value[:10])
    except (TypeError, ValueError):
        return value
    return f"{day.day} {day:%B %Y}"


