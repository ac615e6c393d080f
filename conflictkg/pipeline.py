"""The load path: read article -> extract facts -> build graph -> validate -> infer -> store."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from tqdm import tqdm

from loaders import ArticleRecord, LoaderError, input_files, read_articles
from loaders.graph import article_graph

from .inference import entailments
from .store import ConflictStore
from .validation import Violation, violations


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


class ArticleRejected(Exception):
    def __init__(self, found: list[Violation]):
        self.violations = found
        super().__init__(f"{len(found)} SHACL violation(s)")


def validated_graphs(article: ArticleRecord, store: ConflictStore) -> tuple[Graph, Graph]:
    """The article's asserted graph and its entailments; ArticleRejected if it fails the shapes."""
    graph = article_graph(article, store.minter, store.same_event_checker(article.identifier))
    found = violations(graph)
    if found:
        raise ArticleRejected(found)
    return graph, entailments(graph, store.minter.base)


def load(paths: Iterable[Path], store: ConflictStore, progress: bool = True) -> LoadReport:
    """Load every article of the inputs; a bad input or article is reported and the others are stored."""
    report = LoadReport()
    store.put_ontology()
    files = list(input_files(paths))
    for path in tqdm(files, desc="loading", unit="file", disable=not progress):
        for item in read_articles(path):
            if isinstance(item, LoaderError):
                report.rejected.append(Rejection(item.source_file or path.name, item.identifier, [item.message]))
                continue
            try:
                asserted, inferred = validated_graphs(item, store)
            except ArticleRejected as err:
                report.rejected.append(Rejection(item.source_file, item.identifier, [str(v) for v in err.violations]))
                continue
            store.put_article(item.identifier, asserted, inferred)
            report.loaded.append(item.identifier)
    store.mark_changed()
    return report


def revalidate(store: ConflictStore) -> list[Rejection]:
    """Validate every stored article graph again; the failures."""
    failures = []
    for name in store.article_graphs():
        found = violations(store.graph(name))
        if found:
            failures.append(Rejection(name.value, None, [str(v) for v in found]))
    return failures
