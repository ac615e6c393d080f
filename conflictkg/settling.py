"""Storing prepared articles, in input order, a batch at a time: each article's same-incident check is settled
in memory (conflictkg.same_incident.IncidentIndex) against the store as it was and every article before it,
then a batch of articles is written at once: the old graphs of articles loaded again dropped, the article
graphs added by the store's bulk path (Oxigraph's bulk loader; a remote store's update or Graph Store endpoint), and
the descriptions of places and actors written as article-by-article loading leaves them (each subject's latest
description, every alternative name it was given). The store ends up as storing each article in its own
transaction leaves it (tests/test_settling.py compares the two).

Why batches: a transaction costs Oxigraph about 14 us a quad, 7 ms for an article of 500 quads, and its bulk
loader a third of that; and the process that stores is the one all preparing processes wait on. Articles come
as the N-Quads their preparing process wrote and go to the bulk loader as those bytes: only the descriptions
of places and actors, and the rare article whose events are renamed, are read as terms here. What it costs:
no transaction per article. A batch is one bulk load (one ingestion of Oxigraph's files while under its batch
size, which BATCH_QUADS is), and the articles of a batch not yet written when the process is killed are not
stored; loading the same inputs again replaces what was stored (an interrupted load writes its batch first)."""
from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from .same_incident import IncidentIndex, Settled
from .rdf import Quads, Triples
from .store import ALT_LABEL, GraphStore

# A batch is written once it holds this many quads or articles. Oxigraph's bulk loader took, in CPU per article
# of the bench corpus (about 300 quads in its own graphs), 2.7 ms in batches of 40 articles, 2.2 ms of 100, 1.7 ms
# of 200 (N-Quads bytes; 20 to 60% more given pyoxigraph's quads), and a query over the result the same time;
# a batch of 200 waits in memory as about 12 MB
BATCH_QUADS = 100_000
BATCH_ARTICLES = 200


@dataclass
class _Article:
    identifier: str
    source_file: str
    own: Quads  # in its own graphs
    shared: list[ox.Quad]  # in the entity graphs


class Settler:
    """Takes prepared articles in input order (`add`) and stores them in batches; `close` writes the last.
    `refused`: (source file, identifier, why) of each article the store refused, which is not stored."""

    def __init__(self, store: GraphStore):
        self.store, self.batch_quads = store, BATCH_QUADS  # read here, so that a test may set it
        store.put_ontology()
        self.index = IncidentIndex(store)
        self.entities, self.entailments = store.entity_graph_names()
        self.refused: list[tuple[str, str, str]] = []
        self.pending: dict[str, _Article] = {}  # by article graph: what is not written yet, in input order
        self.pending_quads = 0

    def add(self, identifier: str, source_file: str, own: Quads, shared: Quads, candidates: list[Settled]) -> None:
        """An article's quads (in its own graphs; in the entity graphs: conflictkg.pipeline.Prepared's) and its
        events named after their incident, settled against all before it."""
        renames = self.index.renames_needed(identifier, candidates)
        self.index.record(identifier, {c.iri: c.reported for c in candidates
                                       if c.iri not in renames and c.reported is not None})
        if renames:  # rare: most articles go to the store as the bytes they came in
            own, shared = (Quads.of(_renamed(quads.quads(), renames)) for quads in (own, shared))
        graph = self.store.article_graph_names(identifier)[0].value
        if graph in self.pending:  # loaded twice within the batch: the later one replaces it
            self.pending_quads -= len(self.pending[graph].own)
            self._describe([self.pending.pop(graph)])  # as storing it would have: its descriptions stay
        self.pending[graph] = _Article(identifier, source_file, own, shared.quads())
        self.pending_quads += len(own)
        if self.pending_quads >= self.batch_quads or len(self.pending) >= BATCH_ARTICLES:
            self.flush()

    def flush(self) -> None:
        """Write the pending articles; where the store refuses the batch (ValueError: a term or a size it does
        not take), each on its own, so that only the one it refuses is not stored."""
        articles, self.pending, self.pending_quads = list(self.pending.values()), {}, 0
        if not articles:
            return
        try:
            self._write(articles)
        except ValueError:
            for article in articles:
                try:
                    self._write([article])
                except ValueError as err:
                    self.refused.append((article.source_file, article.identifier, f"not stored: {err}"))
                    self.index.forget(article.identifier)

    def _write(self, articles: list[_Article]) -> None:
        names = [g for article in articles for g in self.store.article_graph_names(article.identifier)]
        replaced = sorted(self.store.held_graphs(names), key=str)  # articles loaded again: their old graphs go first
        for start in range(0, len(replaced), 500):
            self.store.drop_graphs(replaced[start:start + 500])
        self.store.bulk_add(Quads(b"".join(article.own.nquads for article in articles)))
        self._describe(articles)

    def _describe(self, articles: list[_Article]) -> None:
        """Write what the articles say of places and actors: each subject's latest description replaces the one
        before, but for the alternative names, which gather, as do the entailments; or, where the store only
        adds descriptions (not replaces_descriptions), everything gathers (conflictkg.store: the entity graphs)."""
        described: dict[ox.NamedNode, set[ox.Quad]] = {}  # subject -> its latest description, but names
        names_of: set[ox.Quad] = set()
        entailed: set[ox.Quad] = set()
        for article in articles:
            latest: dict[ox.NamedNode, set[ox.Quad]] = {}
            for q in article.shared:
                if q.graph_name == self.entailments:
                    entailed.add(q)
                elif q.predicate == ALT_LABEL:
                    names_of.add(q)
                else:
                    latest.setdefault(q.subject, set()).add(q)
            for subject in {q.subject for q in article.shared if q.graph_name == self.entities}:
                described[subject] = latest.get(subject, set()) | \
                    (described.get(subject, set()) if not self.store.replaces_descriptions else set())
        descriptions = [q for quads in described.values() for q in quads] + sorted(names_of, key=str)
        if descriptions or entailed:
            self.store.put_descriptions(_triples(descriptions), _triples(sorted(entailed, key=str)))

    def close(self) -> None:
        self.flush()


def _triples(quads: list[ox.Quad]) -> Triples:
    return Triples.of(ox.Triple(q.subject, q.predicate, q.object) for q in quads)


def _renamed(quads: list[ox.Quad], renames: dict[str, str]) -> list[ox.Quad]:
    if not renames:
        return quads
    nodes = {ox.NamedNode(old): ox.NamedNode(new) for old, new in renames.items()}
    return [ox.Quad(nodes.get(q.subject, q.subject), q.predicate, nodes.get(q.object, q.object), q.graph_name)
            for q in quads]
