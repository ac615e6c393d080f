"""Stores of the graph: one named graph per article (asserted), one for its entailments, one for the ontology,
and one pair (asserted, inferred) for the descriptions of places and actors, which many articles share; an
article is replaced whole. GraphStore is what the rest of the code needs; ConflictStore is the embedded,
persistent Oxigraph store, and conflictkg.remote has a remote SPARQL 1.1 server."""
from __future__ import annotations

import gzip
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import Graph, URIRef

from .formats import RdfSyntax
from .rdf import Quads, Triples, to_rdflib
from .resources import ontology_path
from .versions import SNAPSHOTS, new_version, newest_snapshot, prune_snapshots, read_version, write_version
from .vocab import ONTOLOGY_IRI, PREFIXES, Minter

INFERRED = "inferred"
# Places and actors are named by many articles. Their descriptions (names, types, links to GeoNames and
# Wikidata, larger places, geometry) come from the gazetteer and the actor table, not from one article, so
# they are stored once, in the entity graphs, instead of once per article graph: a label stated in 500 article
# graphs made every join on it over the union return 500 rows (and the union 58% larger than its distinct
# triples). A triple belongs there when its subject is one of these kinds of IRI.
ENTITY_KINDS = ("place", "actor")
ENTITIES = "entities"
# The names an entity was reported under gather from every article; the rest of its description is the latest
# article's. Its entailments gather too: they depend on how each article uses it (ckg:place has range sem:Place).
ALT_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")

# Oxigraph keeps written quads in RocksDB's in-memory tables until a flush; without one, memory grows with
# every article loaded (measured: about 0.75 MB per article). Flushing after this many quads keeps it flat.
FLUSH_AFTER_QUADS = 100_000
BULK_AFTER_QUADS = 10_000


def article_graph_names(minter: Minter, identifier: str) -> tuple[ox.NamedNode, ox.NamedNode]:
    """The graphs of one article: what it states, and their entailments."""
    key = str(minter.article(identifier)).rsplit("/", 1)[1]
    return (ox.NamedNode(str(minter.graph("article", key))), ox.NamedNode(str(minter.graph("article", key, INFERRED))))


def entity_graph_names(minter: Minter) -> tuple[ox.NamedNode, ox.NamedNode]:
    """The graphs of the places' and actors' descriptions: asserted, and their entailments."""
    return ox.NamedNode(str(minter.graph(ENTITIES))), ox.NamedNode(str(minter.graph(ENTITIES, INFERRED)))


def entity_prefixes(minter: Minter) -> tuple[str, ...]:
    """The IRIs a triple's subject starts with when the triple belongs in the entity graphs."""
    return tuple(str(minter.iri(kind, "")) for kind in ENTITY_KINDS)


def _triples(graph: Graph | Triples) -> Triples:
    return graph if isinstance(graph, Triples) else Triples.of(graph)


class GraphStore:
    """What loading, validating and publishing need from a store, whichever holds the graph: named graphs per
    article replaced whole, SPARQL queries over their union, dumps and a version stamp. Subclasses write
    (_write), query (query) and stamp versions; the rest is shared."""

    minter: Minter
    read_only: bool

    def article_graph_names(self, identifier: str) -> tuple[ox.NamedNode, ox.NamedNode]:
        return article_graph_names(self.minter, identifier)

    def entity_graph_names(self) -> tuple[ox.NamedNode, ox.NamedNode]:
        return entity_graph_names(self.minter)

    def entity_prefixes(self) -> tuple[str, ...]:
        return entity_prefixes(self.minter)


    def put_ontology(self) -> None:
        """(Re)load the ontology into its own named graph, in one transaction."""
        graph = Graph().parse(ontology_path(), format="turtle")
        self._replace({ox.NamedNode(str(ONTOLOGY_IRI)): graph})

    def put_article(self, identifier: str, asserted: Graph | Triples, inferred: Graph | Triples) -> None:
        """Replace the article's graphs (asserted and inferred), and update the descriptions of the places and
        actors it names in the entity graphs, in one transaction."""
        names = self.article_graph_names(identifier)
        asserted, described = _triples(asserted).split(self.entity_prefixes())
        inferred, entailed = _triples(inferred).split(self.entity_prefixes())
        entities, entity_entailments = self.entity_graph_names()
        self._replace({names[0]: asserted, names[1]: inferred}, {entities: described}, {entity_entailments: entailed})

    @property
    def replaces_descriptions(self) -> bool:
        """Whether put_article's descriptions replace what the entity graph said of their subjects (but for their
        alternative names), or only add to it (a remote store written through the Graph Store Protocol)."""
        return True

    def drop_graphs(self, names: list[ox.NamedNode]) -> None:
        """Remove named graphs, in one transaction."""
        self._replace({name: Triples() for name in names})

    def rewrite_graph(self, name: ox.NamedNode, triples: Iterable[ox.Triple]) -> None:
        """Make a named graph hold exactly these triples (the embedded store changes only what differs)."""
        self._replace({name: Triples.of(triples)})

    def drop_from_default_graph(self, prefix: str) -> None:
        """Remove the default graph's triples whose subject's IRI starts with `prefix`: what importing a dump of
        triples (which has no named graphs) left there of a graph the store writes again. Nothing to do in a
        remote store, which `conflictkg import` does not write."""

    def put_descriptions(self, described: Triples, entailed: Triples) -> None:
        """Write descriptions of places and actors into the entity graphs as put_article does (each replacing
        what the graph said of its subjects, but for their alternative names), and add their entailments."""
        entities, entity_entailments = self.entity_graph_names()
        self._replace({}, {entities: described}, {entity_entailments: entailed})

    def _replace(self, graphs: dict[ox.NamedNode, Graph | Triples],
                 descriptions: dict[ox.NamedNode, Triples] | None = None,
                 additions: dict[ox.NamedNode, Triples] | None = None) -> None:
        if self.read_only:
            raise PermissionError("the store was opened read-only")
        self._write({name: _triples(g) for name, g in graphs.items()},
                    {name: t for name, t in (descriptions or {}).items() if t},
                    {name: t for name, t in (additions or {}).items() if t})

    def _write(self, graphs: dict[ox.NamedNode, Triples], descriptions: dict[ox.NamedNode, Triples],
               additions: dict[ox.NamedNode, Triples]) -> None:
        """In one transaction where the store has them: write triples into named graphs, replacing them;
        descriptions into graphs, replacing what those said of the same subjects except their skos:altLabel;
        additions into graphs, adding to them."""
        raise NotImplementedError

    def query(self, sparql: str, **options):
        """A SPARQL query over the union of all graphs (unless default_graph names the default graph):
        pyoxigraph's QuerySolutions, QueryBoolean or QueryTriples."""
        raise NotImplementedError

    def bulk_add(self, quads: Quads) -> None:
        """Add quads as they are, by the store's bulk path (no transaction: a failure can leave part of them
        added; conflictkg.settling adds only articles it settled, in graphs it dropped first)."""
        raise NotImplementedError

    def named_graphs(self) -> Iterator[ox.NamedNode]:
        raise NotImplementedError

    def held_graphs(self, names: list[ox.NamedNode]) -> set[ox.NamedNode]:
        """Which of these named graphs the store holds."""
        raise NotImplementedError

    def article_graphs(self) -> Iterator[ox.NamedNode]:
        """The asserted graph of every stored article."""
        prefix = str(self.minter.graph("article")) + "/"
        for g in self.named_graphs():
            if g.value.startswith(prefix) and not g.value.endswith("/" + INFERRED):
                yield g

    def graph(self, name: ox.NamedNode) -> Graph:
        """One named graph as an rdflib graph."""
        raise NotImplementedError

    def described_graph(self, name: ox.NamedNode) -> Graph:
        """An article graph with the descriptions of the places and actors it names, and of the larger places
        those lie in: the graph as it was validated before it was stored."""
        graph = self.graph(name)
        entities = self.entity_graph_names()[0]
        prefixes = self.entity_prefixes()
        seen: set[str] = set()
        todo = {str(o) for o in graph.objects() if isinstance(o, URIRef) and str(o).startswith(prefixes)}
        while todo:
            seen |= todo
            values = " ".join(str(ox.NamedNode(iri)) for iri in sorted(todo))
            found = self.constructed(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?s {{ {values} }} "
                                     f"GRAPH {entities} {{ ?s ?p ?o }} }}")
            graph += found
            todo = {str(o) for o in found.objects() if isinstance(o, URIRef) and str(o).startswith(prefixes)} - seen
        return graph

    def constructed(self, sparql: str) -> Graph:
        """The triples a CONSTRUCT query gives, as an rdflib graph."""
        return to_rdflib(ox.Triple(t.subject, t.predicate, self.as_stored(t.object)) for t in self.query(sparql))

    @staticmethod
    def as_stored(term):
        """A term read back as ConflictKG wrote it (a server may change some)."""
        return term

    def dump(self, output: BinaryIO, syntax: RdfSyntax) -> None:
        """Write the whole store: named graphs for TriG / N-Quads, the union (no duplicates) otherwise."""
        raise NotImplementedError

    def dump_to(self, path: Path, syntax: RdfSyntax, compress: bool = False) -> None:
        opener = gzip.open if compress else open
        with opener(path, "wb") as fh:
            self.dump(fh, syntax)

    def triple_count(self) -> int:
        """The number of quads in the store."""
        raise NotImplementedError

    @property
    def identity(self) -> str:
        """What names this store among others (its folder, or its endpoint's URL): a dumps folder is one store's."""
        raise NotImplementedError

    def version(self) -> dict:
        """The content's version: {"version": id, "modified": ISO date-time}; a fixed one for a store no load
        has stamped."""
        raise NotImplementedError

    def mark_changed(self) -> None:
        """Stamp a new version of the content (after the writes are durable)."""
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class ConflictStore(GraphStore):
    """The embedded store: Oxigraph on disk, in a folder."""

    def __init__(self, path: str | Path, minter: Minter | None = None, read_only: bool = False):
        self.path = Path(path)
        self.minter = minter or Minter()
        self.read_only = read_only
        self.opened = self.path
        if read_only:
            self.opened = newest_snapshot(self.path)
            self.store = ox.Store.read_only(str(self.opened))
        else:
            self.path.mkdir(parents=True, exist_ok=True)
            self.store = ox.Store(str(self.path))
        self._unflushed = 0

    def _write(self, graphs: dict[ox.NamedNode, Triples], descriptions: dict[ox.NamedNode, Triples],
               additions: dict[ox.NamedNode, Triples]) -> None:
        quads = [ox.Quad(t.subject, t.predicate, t.object, name)
                 for name, triples in (*graphs.items(), *descriptions.items(), *additions.items())
                 for t in triples.triples()]
        replacing = any(self.store.contains_named_graph(name) for name in graphs)
        if not replacing and not self._outdated(quads, descriptions):
            # New graphs, and descriptions that only add: one transactional insert, without writing and parsing
            # a SPARQL update.
            self.store.extend(quads)
        else:
            self.store.update(replace_graphs_update(graphs, descriptions, additions))
        self._unflushed += len(quads)
        if self._unflushed >= FLUSH_AFTER_QUADS:
            self.flush()

    def _outdated(self, quads: list[ox.Quad], descriptions: dict[ox.NamedNode, Triples]) -> bool:
        """Does an entity graph say of these subjects something (other than an alternative name) that the new
        descriptions do not? Usually not: descriptions change only with the gazetteer or the actor table."""
        new = {q for q in quads if q.graph_name in descriptions}
        subjects = {(q.subject, q.graph_name) for q in new}
        return any(old.predicate != ALT_LABEL and old not in new
                   for subject, name in subjects for old in self.store.quads_for_pattern(subject, None, None, name))

    def query(self, sparql: str, **options):
        if "default_graph" not in options:
            options.setdefault("use_default_graph_as_union", True)
        return self.store.query(sparql, **options)

    def named_graphs(self) -> Iterator[ox.NamedNode]:
        return (g for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    def held_graphs(self, names: list[ox.NamedNode]) -> set[ox.NamedNode]:
        return {name for name in names if self.store.contains_named_graph(name)}

    def graph(self, name: ox.NamedNode) -> Graph:
        return to_rdflib(self.store.quads_for_pattern(None, None, None, name))

    def triple_count(self) -> int:
        return len(self.store)

    def dump(self, output: BinaryIO, syntax: RdfSyntax) -> None:
        if syntax.datasets:
            self.store.dump(output, format=syntax.oxigraph)
        else:
            ox.serialize(self.union_triples(), output, format=syntax.oxigraph,
                         prefixes=PREFIXES if syntax.name == "turtle" else None)

    def dump_to(self, path: Path, syntax: RdfSyntax, compress: bool = False) -> None:
        if syntax.datasets and not compress:  # Oxigraph writes the file itself, not through a Python file object
            self.store.dump(str(path), format=syntax.oxigraph)
        else:
            super().dump_to(path, syntax, compress)

    def union_triples(self) -> Iterator[ox.Triple]:
        """Every triple of the union of the graphs, once, in memory that does not grow with the store.

        A triple is stored once per article graph that states it (labels, places, merged events), and a
        CONSTRUCT removes the copies with a hash set of every distinct triple (417 MB at 622k). Instead, the
        triples are read predicate by predicate: Oxigraph reads one predicate's quads from its POSG index,
        sorted by object, subject, then graph, so the copies of a triple come one after another and each
        triple only has to be compared with the one before it. Turtle written from this order groups little
        by subject. (A triple both in the default graph, which only `conflictkg import` of a triples file
        fills, and in an article graph is written twice.)"""
        predicates = [row[0] for row in self.query("SELECT DISTINCT ?p WHERE { ?s ?p ?o }")]
        for predicate in predicates:
            last_subject = last_object = None
            for subject, obj in self.query(f"SELECT ?s ?o WHERE {{ ?s {predicate} ?o }}"):
                if obj == last_object and subject == last_subject:
                    continue
                last_subject, last_object = subject, obj
                yield ox.Triple(subject, predicate, obj)

    def bulk_add(self, quads: Quads) -> None:
        self.store.bulk_load(quads.nquads, format=ox.RdfFormat.N_QUADS)

    def drop_from_default_graph(self, prefix: str) -> None:
        strays = [quad for quad in self.store.quads_for_pattern(None, None, None, ox.DefaultGraph())
                  if isinstance(quad.subject, ox.NamedNode) and quad.subject.value.startswith(prefix)]
        for quad in strays:  # collected first: a store is not changed while it is read
            self.store.remove(quad)

    def rewrite_graph(self, name: ox.NamedNode, triples: Iterable[ox.Triple]) -> None:
        """Only what differs is written: removing a quad costs Oxigraph about 27 us, adding one by its bulk
        loader about 2 us, and a graph written again after a small change differs in few quads."""
        if self.read_only:
            raise PermissionError("the store was opened read-only")
        new = {ox.Quad(t.subject, t.predicate, t.object, name) for t in triples}
        old = set(self.store.quads_for_pattern(None, None, None, name))
        for quad in old - new:
            self.store.remove(quad)
        added = new - old
        if len(added) > BULK_AFTER_QUADS:  # the bulk loader writes files of its own: for many quads only
            self.store.bulk_extend(added)
        else:
            self.store.extend(added)

    def bulk_import(self, path: Path, syntax: RdfSyntax) -> None:
        """Load an RDF file (gzipped if its name ends .gz) with Oxigraph's bulk loader (stamp a version after:
        conflictkg.pipeline.stamp). It is not transactional: a failed import can leave part of the file loaded."""
        opener = gzip.open if str(path).endswith(".gz") else open
        with opener(path, "rb") as fh:
            self.store.bulk_load(fh, format=syntax.oxigraph)

    @property
    def identity(self) -> str:
        return str(self.path.resolve())

    def version(self) -> dict:
        """The version of what this store object reads (a reader: its checkpoint's)."""
        return read_version(self.opened)

    def mark_changed(self) -> None:
        """Stamp a new version: a checkpoint of it for readers, then the stamp that points them to it."""
        self.flush()
        stamp = new_version()
        snapshot = self.path / SNAPSHOTS / stamp["version"]
        snapshot.parent.mkdir(exist_ok=True)
        self.store.backup(str(snapshot))
        write_version(snapshot, stamp)
        write_version(self.path, stamp)
        prune_snapshots(snapshot)

    def flush(self) -> None:
        self.store.flush()
        self._unflushed = 0

    def close(self) -> None:
        """Release the store (and its lock on the folder) now, not when the object is collected."""
        if self.store is not None and not self.read_only:
            self.store.flush()
        self.store = None


def replace_graphs_update(graphs: dict[ox.NamedNode, Triples], descriptions: dict[ox.NamedNode, Triples] | None = None,
                          additions: dict[ox.NamedNode, Triples] | None = None) -> str:
    """A SPARQL update that replaces each named graph with its triples, replaces what a graph says of the
    subjects of its descriptions (but for their alternative names) with the descriptions, and adds the
    additions (one request, so one transaction where the store runs requests in one)."""
    descriptions, additions = descriptions or {}, additions or {}
    drops = "".join(f"DROP SILENT GRAPH {name} ;\n" for name in graphs)
    for name, triples in descriptions.items():
        subjects = " ".join(sorted({str(t.subject) for t in triples.triples()}))
        drops += (f"DELETE {{ GRAPH {name} {{ ?s ?p ?o }} }} WHERE {{ VALUES ?s {{ {subjects} }} "
                  f"GRAPH {name} {{ ?s ?p ?o }} FILTER(?p != {ALT_LABEL}) }} ;\n")
    inserts = "".join(f"GRAPH {name} {{\n{triples.text()}}}\n"
                      for name, triples in (*graphs.items(), *descriptions.items(), *additions.items()) if triples)
    return drops + (f"INSERT DATA {{\n{inserts}}}" if inserts else "")
