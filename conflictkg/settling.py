"""Storing prepared articles, in input order, a batch at a time: each article's same-incident check is settled
in memory (conflictkg.same_incident.IncidentIndex) against the store as it was and every article before it,
then a batch of articles is written at once: the old graphs of articles loaded again dropped, the article
graphs added by the store's bulk path (Oxigraph's bulk loader, or a remote store's Graph Store endpoint), and
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

import pyoxigraph as ox

from .same_incident import IncidentIndex, Settled
from .rdf import Quads, Triples
from .store import ALT_LABEL, GraphStore

# A batch is written once it holds this many quads or articles. Oxigraph's bulk loader took, in CPU per article
# of the bench corpus (about 300 quads in its own graphs), 2.7 ms in batches of 40 articles, 2.2 ms of 100, 1.7 ms
# of 200 (N-Quads bytes; 20 to 60% more given pyoxigraph's quads), and a query over the result the same time
BATCH_QUADS = 50_000
BATCH_ARTICLES = 100


class Settler:
    """Takes prepared articles in input order (`add`) and stores them in batches; `close` writes the last."""

    def __init__(self, store: GraphStore, batch_quads: int | None = None):
        self.store, self.batch_quads = store, batch_quads or BATCH_QUADS
        store.put_ontology()
        self.index = IncidentIndex(store)
        self.entities, self.entailments = store.entity_graph_names()
        self._start_batch()

    def _start_batch(self) -> None:
        self.pending: dict[str, Quads] = {}  # article -> its own graphs' quads, in input order, not yet written
        self.pending_quads = 0
        # as quads in the entity graphs, made triples when written
        self.described: dict[ox.NamedNode, set[ox.Quad]] = {}  # subject -> its latest description, but names
        self.names_of: set[ox.Quad] = set()  # every alternative name given
        self.entailed: set[ox.Quad] = set()

    def add(self, identifier: str, own: Quads, shared: Quads, candidates: list[Settled]) -> None:
        """An article's quads (in its own graphs; in the entity graphs: conflictkg.pipeline.Prepared's) and its
        events named after their incident, settled against all before it."""
        renames = self.index.renames_needed(identifier, candidates)
        self.index.record(identifier, {c.iri: c.reported for c in candidates
                                       if c.iri not in renames and c.reported is not None})
        if renames:  # rare: most articles go to the store as the bytes they came in
            own, shared = (Quads.of(_renamed(quads.quads(), renames)) for quads in (own, shared))
        shared_quads = shared.quads()
        _describe([q for q in shared_quads if q.graph_name == self.entities], self.described, self.names_of,
                  self.store.replaces_descriptions)
        self.entailed.update(q for q in shared_quads if q.graph_name == self.entailments)
        if identifier in self.pending:  # loaded twice within the batch: the later one is stored
            self.pending_quads -= len(self.pending.pop(identifier))
        self.pending[identifier] = own
        self.pending_quads += len(own)
        if self.pending_quads >= self.batch_quads or len(self.pending) >= BATCH_ARTICLES:
            self.flush()

    def flush(self) -> None:
        """Write the pending articles."""
        if not self.pending:
            return
        names = [g for identifier in self.pending for g in self.store.article_graph_names(identifier)]
        replaced = sorted(self.store.held_graphs(names), key=str)  # articles loaded again: their old graphs go first
        for start in range(0, len(replaced), 500):
            self.store.drop_graphs(replaced[start:start + 500])
        self.store.bulk_add(Quads(b"".join(quads.nquads for quads in self.pending.values())))
        descriptions = [q for quads in self.described.values() for q in quads] + sorted(self.names_of, key=str)
        self.store.put_descriptions(_triples(descriptions), _triples(sorted(self.entailed, key=str)))
        self._start_batch()

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


def _describe(quads: list[ox.Quad], described: dict, names_of: set, replacing: bool) -> None:
    """An article's descriptions of places and actors: each subject's replaces the one before, but for the
    alternative names, which gather (conflictkg.store: the entity graphs); or, where the store only adds
    descriptions (not `replacing`), everything gathers."""
    latest: dict[ox.NamedNode, set[ox.Quad]] = {}
    for q in quads:
        if q.predicate == ALT_LABEL:
            names_of.add(q)
        else:
            latest.setdefault(q.subject, set()).add(q)
    for subject in {q.subject for q in quads}:
        described[subject] = latest.get(subject, set()) | (described.get(subject, set()) if not replacing else set())
