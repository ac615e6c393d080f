"""The load path: read article -> extract facts -> build graph -> validate -> infer -> store."""
from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pyoxigraph as ox
from tqdm import tqdm

from conflictkg.loaders import ArticleRecord, LoaderError, input_files, read_articles
from conflictkg.loaders.incidents import article_incidents
from conflictkg.loaders.gazetteer import gazetteer, gazetteer_is_built

from . import cube
from .graph import GraphBuilder
from .inference import entailments
from .rdf import Quads, oxigraph_triples
from .same_incident import Settled
from .settling import Settler
from .store import GraphStore, article_graph_names, entity_graph_names, entity_prefixes
from .validation import Violation, violations
from .vocab import DEFAULT_BASE, Minter


@dataclass
class Rejection:
    """Why one input or article was not stored."""

    source_file: str
    identifier: str | None
    reasons: list[str]

    def __str__(self) -> str:
        where = self.source_file + (f" [{self.identifier}]" if self.identifier else "")
        return where + ":\n" + "\n".join(f"    {r}" for r in self.reasons)


@dataclass
class LoadReport:
    loaded: list[str] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)


@dataclass
class Prepared:
    """One article, extracted, validated and closed under the ontology, ready to store: the work that needs
    no store, so it can run anywhere (a process pool here; Dask, Ray or Spark on a cluster)."""

    identifier: str
    source_file: str
    own: Quads  # its triples and entailments in its own two graphs; none if it broke the shapes
    shared: Quads  # what it says of places and actors, in the entity graphs (conflictkg.store)
    candidates: list[Settled]  # its events named after their incident, for the same-incident check
    violations: list[Violation]


def prepare(article: ArticleRecord, base: str = DEFAULT_BASE) -> Prepared:
    """The article's graphs: a pure function of the article and the IRI base."""
    minter = Minter(base)
    graph, candidates = GraphBuilder(minter).build(article, article_incidents(article))
    triples = oxigraph_triples(graph)
    found = violations(graph, triples)
    settled = [Settled.of(c, triples) for c in candidates]
    if found:
        return Prepared(article.identifier, article.source_file, Quads(), Quads(), settled, found)
    own, shared = article_quads(minter, article.identifier, triples, oxigraph_triples(entailments(graph, minter.base)))
    return Prepared(article.identifier, article.source_file, Quads.of(own), Quads.of(shared), settled, found)


def article_quads(minter: Minter, identifier: str, asserted: list[ox.Triple],
                  inferred: list[ox.Triple]) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """An article's triples and entailments in the graphs they are stored in: (those in its own two graphs,
    asserted and inferred; what it says of places and actors, in the entity graphs: conflictkg.store)."""
    prefixes = entity_prefixes(minter)
    graphs = article_graph_names(minter, identifier)
    entity_graphs = entity_graph_names(minter)
    own, shared = [], []
    for triples, graph, entity_graph in ((asserted, graphs[0], entity_graphs[0]),
                                         (inferred, graphs[1], entity_graphs[1])):
        for t in triples:
            if isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(prefixes):
                shared.append(ox.Quad(t.subject, t.predicate, t.object, entity_graph))
            else:
                own.append(ox.Quad(t.subject, t.predicate, t.object, graph))
    return own, shared


def load(paths: Iterable[Path], store: GraphStore, progress: bool = True, workers: int = 1) -> LoadReport:
    """Load every article of the inputs; a bad input or article is reported and the others are stored.
    With workers > 1, articles are prepared in that many processes; they are stored here, in input order and in
    batches (conflictkg.settling), so the store ends up exactly as a load with one worker leaves it."""
    report = LoadReport()
    files = list(input_files(paths))
    build_gazetteer(progress)
    settler = Settler(store)
    # articles are counted as they are prepared (a file may hold one or thousands); the file being read is shown
    bar = tqdm(desc="loading", unit=" article", disable=not progress)
    with bar, _preparer(workers, store.minter.base) as prepared_items:
        try:
            for item in prepared_items(read_inputs(files, bar)):
                bar.update()
                if isinstance(item, LoaderError):
                    report.rejected.append(Rejection(item.source_file, item.identifier, [item.message]))
                elif item.violations:
                    report.rejected.append(Rejection(item.source_file, item.identifier,
                                                     [str(v) for v in item.violations]))
                else:
                    settler.add(item.identifier, item.source_file, item.own, item.shared, item.candidates)
                    report.loaded.append(item.identifier)
        except KeyboardInterrupt:  # what was prepared is stored; the rest is left for a load of the same inputs
            settler.close()
            stamp(store)
            raise
    settler.close()
    stamp(store)
    refuse(report, settler.refused)
    return report


def stamp(store: GraphStore) -> None:
    """Stamp the store's new version, its statistics (conflictkg.cube) computed again first. What was stored is
    stamped whatever happens to the statistics: if they cannot be computed (or the load is interrupted while
    they are), their graph is dropped rather than left stale or half written, and the command says so."""
    try:
        cube.refresh(store)
    except BaseException as err:
        print(f"the statistics (conflictkg.cube) were not computed: {type(err).__name__}: {str(err)[:300]}; "
              "their graph is dropped, so the example queries that read them answer nothing until a load "
              "computes them again", file=sys.stderr)
        try:
            store.drop_graphs([cube.cube_graph(store.minter)])
        finally:
            store.mark_changed()
        if not isinstance(err, Exception):
            raise
        return
    store.mark_changed()


def refuse(report: LoadReport, refused: list[tuple[str, str, str]]) -> None:
    """Move the articles the store refused (conflictkg.settling.Settler.refused) from loaded to rejected."""
    for source_file, identifier, reason in refused:
        last = len(report.loaded) - 1 - report.loaded[::-1].index(identifier)  # the appearance that was refused
        del report.loaded[last]
        report.rejected.append(Rejection(source_file, identifier, [reason]))


def read_inputs(files: list[Path], bar: tqdm) -> Iterator:
    """The articles of the files (and the errors of what could not be read), in order; the bar shows the file."""
    for number, path in enumerate(files, 1):
        bar.set_postfix_str(f"file {number}/{len(files)}: {path.name}", refresh=False)
        yield from read_articles(path)


@contextmanager
def _preparer(workers: int, base: str):
    """A function from articles (and loader errors, passed through) to Prepared, in order."""
    if workers <= 1:
        yield lambda items: map(partial(prepare_or_pass, base=base), items)
        return
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=warm) as pool:
        yield lambda items: pool.imap(partial(prepare_or_pass, base=base), items, chunksize=4)


def prepare_or_pass(item, base: str):
    """The article prepared; a loader's error passed on; an article extraction fails on, its rejection."""
    if isinstance(item, LoaderError):
        return item
    try:
        return prepare(item, base)
    except Exception as err:  # a fault of ours on this article's text: the article is rejected, the load goes on
        return LoaderError(f"extraction failed: {type(err).__name__}: {str(err)[:300]}", item.source_file,
                           item.identifier)


def build_gazetteer(progress: bool) -> None:
    """Build the gazetteer's index here, once, rather than by every worker at once."""
    if not gazetteer_is_built():
        if progress:
            tqdm.write("building the gazetteer's index from GeoNames (once after installing; about 10 s)",
                       file=sys.stderr)
        gazetteer()


def warm() -> None:
    gazetteer()  # read the cached index once per worker


def revalidate(store: GraphStore) -> list[Rejection]:
    """Validate every stored article graph again, with the descriptions of its places and actors; the failures."""
    failures = []
    for name in store.article_graphs():
        found = violations(store.described_graph(name))
        if found:
            failures.append(Rejection(name.value, None, [str(v) for v in found]))
    return failures
