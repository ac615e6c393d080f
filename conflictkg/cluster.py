"""Loading on a Dask cluster: the articles are read here, in partitions; the cluster's workers prepare each
partition (extract, validate, infer) and write its shard (conflictkg.shards) into a folder this process and
every worker reach; then this process settles the same-incident check across articles, in input order, and adds
the shards to the store by its bulk path. The store ends up as a local load, article by article, leaves it.

A re-run after a crash prepares only the partitions with no finished shard. Without a cluster address, `load`
keeps its local process pool (conflictkg.pipeline)."""
from __future__ import annotations

import gzip
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from tqdm import tqdm

from conflictkg.loaders import input_files
from .pipeline import LoadReport, Rejection, build_gazetteer, read_inputs, warm
from .rdf import Triples
from .same_incident import IncidentIndex
from .shards import code_digest, is_finished, partitions, read_shard, write_shard
from .store import ALT_LABEL, GraphStore

PARTITION_SIZE = 64  # articles per shard: a few seconds of a worker's time
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


class ClusterError(RuntimeError):
    """The cluster cannot be used (not installed, not reachable)."""


def load_on_cluster(paths: Iterable[Path], store: GraphStore, cluster, shards: Path, progress: bool = True,
                    partition_size: int = PARTITION_SIZE) -> LoadReport:
    """Load every article of the inputs through `cluster` (a Dask scheduler's address, or a Dask cluster
    object such as LocalCluster). `shards` must be a folder the workers can write to."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise ClusterError("a cluster load needs Dask's distributed: pip install 'conflictkg[cluster]'") from None
    shards.mkdir(parents=True, exist_ok=True)
    base, code = store.minter.base, code_digest()
    files = list(input_files(paths))
    names = []
    bar = tqdm(desc="preparing", unit=" article", disable=not progress)
    build_gazetteer(progress)  # for the workers on this machine
    try:
        client = Client(cluster)  # waits as Dask's distributed.comm.timeouts.connect says (30 s)
    except OSError as err:
        raise ClusterError(f"cannot reach the Dask scheduler at {cluster}: {err}") from None
    with bar, client:
        client.run(warm)  # each worker reads the gazetteer's index before its first article
        running = as_completed()
        limit = 2 * max(1, sum(client.nthreads().values()))  # partitions in flight: the rest wait here, unread
        for partition in partitions(read_inputs(files, bar), partition_size):
            name = partition.name(base)
            names.append(name)
            if is_finished(shards, name):
                bar.update(len(partition.items))
                continue
            running.add(client.submit(write_shard, shards, name, partition.items, base, code, pure=False))
            while running.count() >= limit:
                bar.update(next(running).result())
        for done in running:
            bar.update(done.result())
    return store_shards(store, shards, names, progress)


def store_shards(store: GraphStore, shards: Path, names: list[str], progress: bool = True) -> LoadReport:
    """Store the articles of finished shards, in the order given: the same-incident check settled article by
    article in memory (conflictkg.same_incident.IncidentIndex), then the article graphs added by the store's
    bulk path and the entity graphs written as article-by-article loading would leave them."""
    report = LoadReport()
    store.put_ontology()
    index = IncidentIndex(store)
    latest: dict[str, tuple[int, int]] = {}  # article -> its last appearance (shard, item): the one stored
    renames: dict[tuple[int, int], dict[str, str]] = {}
    for number, name in enumerate(tqdm(names, desc="settling", unit=" shard", disable=not progress)):
        for position, (item, quads) in enumerate(read_shard(shards, name)):
            if item.rejected is not None:
                report.rejected.append(Rejection(item.source_file, item.identifier, item.rejected))
                continue
            renamed = index.renames_needed(item.identifier, item.candidates)
            renames[number, position] = renamed
            latest[item.identifier] = (number, position)
            asserted = store.article_graph_names(item.identifier)[0]
            index.record(item.identifier, _incident_counts(quads, asserted, item.candidates, renamed))
    stored = set(latest.values())
    existing = {g.value for g in store.named_graphs()} if index.consult_store else set()
    replaced = [g for identifier in latest for g in store.article_graph_names(identifier) if g.value in existing]
    entities, entailments = store.entity_graph_names()
    described: dict[ox.NamedNode, set[ox.Triple]] = {}  # subject -> its latest description, but for names
    names_of: set[ox.Triple] = set()  # every alternative name given
    entailed: set[ox.Triple] = set()
    with tempfile.TemporaryDirectory(prefix="conflictkg-settled-") as tmp:
        settled = Path(tmp) / "articles.nq.gz"
        with gzip.open(settled, "wb") as out:
            for number, name in enumerate(tqdm(names, desc="storing", unit=" shard", disable=not progress)):
                for position, (item, quads) in enumerate(read_shard(shards, name)):
                    if item.rejected is not None:
                        continue
                    quads = _renamed(quads, renames[number, position])
                    _describe([q for q in quads if q.graph_name == entities], described, names_of,
                              store.replaces_descriptions)
                    entailed.update(ox.Triple(q.subject, q.predicate, q.object) for q in quads
                                    if q.graph_name == entailments)
                    report.loaded.append(item.identifier)
                    if (number, position) in stored:  # not loaded again later in the inputs
                        out.write(ox.serialize([q for q in quads if q.graph_name not in (entities, entailments)],
                                               format=ox.RdfFormat.N_QUADS))
        for start in range(0, len(replaced), 500):  # an article loaded again: its old graphs go first
            store.drop_graphs(replaced[start:start + 500])
        if progress:
            tqdm.write(f"adding the settled articles to the store ({len(stored)} articles)", file=sys.stderr)
        store.bulk_add(settled)
    descriptions = Triples.of([t for triples in described.values() for t in triples] + sorted(names_of, key=str))
    store.put_descriptions(descriptions, Triples.of(entailed))
    store.mark_changed()
    return report


def _incident_counts(quads: list[ox.Quad], graph: ox.NamedNode, candidates, renames: dict[str, str]) -> dict:
    """The events named after their incident that the article's graph holds (those not renamed), each with the
    counts its figures give (outcome, count), as conflictkg.same_incident.stored_reports reads them."""
    own = [q for q in quads if q.graph_name == graph]
    typed = {q.subject.value for q in own if q.predicate == RDF_TYPE}
    by_subject: dict[str, dict[str, list]] = {}
    for q in own:
        by_subject.setdefault(q.subject.value, {}).setdefault(q.predicate.value.rsplit("#", 1)[-1], []).append(q.object)
    found = {}
    for candidate in candidates:
        if candidate.iri in renames or candidate.iri not in typed:
            continue
        counts = []
        for figure in by_subject[candidate.iri].get("casualty", ()):
            facts = by_subject.get(figure.value, {})
            for outcome in facts.get("outcome", ()):
                for count in facts.get("count", ()):
                    counts.append((outcome.value.rsplit("#", 1)[-1], int(count.value)))
        found[candidate.iri] = counts
    return found


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
    latest: dict[ox.NamedNode, set[ox.Triple]] = {}
    for q in quads:
        triple = ox.Triple(q.subject, q.predicate, q.object)
        if q.predicate == ALT_LABEL:
            names_of.add(triple)
        else:
            latest.setdefault(q.subject, set()).add(triple)
    for subject in {q.subject for q in quads}:
        described[subject] = latest.get(subject, set()) | (described.get(subject, set()) if not replacing else set())
