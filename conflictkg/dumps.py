"""A version of the store as published: its dump files (with size and checksum) and its statistics, in one
folder with a manifest naming the version. Written by the command that changed the store, read by the server."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

from filelock import FileLock

from .description import Statistics
from .exports import summaries, write_csv
from .formats import RdfSyntax, rdf_format
from .store import GraphStore

# name -> (format, gzip): the union as Turtle and gzipped N-Triples; named graphs (one per article) as TriG and
# gzipped N-Quads, so the provenance of every triple survives
DUMPS = {
    "conflictkg.ttl": ("turtle", False),
    "conflictkg.nt.gz": ("ntriples", True),
    "conflictkg.trig": ("trig", False),
    "conflictkg.nq.gz": ("nquads", True),
}
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class DumpFile:
    name: str
    format: str
    media_type: str  # of the content (the RDF syntax), whether or not it is compressed
    gzip: bool
    bytes: int
    sha256: str
    graphs: bool  # named graphs kept

    @property
    def syntax(self) -> RdfSyntax:
        return rdf_format(self.format)


@dataclass(frozen=True)
class ExportFile:
    """A table of the events (conflictkg.exports), published beside the dumps."""

    name: str
    table: str  # "acled" or "linked"
    bytes: int
    sha256: str
    rows: int


# name (as served under /export/) -> table of conflictkg.exports
EXPORTS = {"events.csv": "acled", "events-linked.csv": "linked"}


@dataclass(frozen=True)
class Publication:
    version: str
    files: list[DumpFile]
    statistics: Statistics
    exports: list[ExportFile]


class DumpsOfAnotherStore(Exception):
    """A dumps folder is one store's: another store's publication would replace the first one's."""


class DumpCache:
    """The publication of one version of the store, in a folder: written whole, then swapped in atomically, so a
    reader never sees half of one. A lock file next to the folder makes writers (two loads) take turns."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder).resolve()  # absolute: send_file resolves relative paths against the app
        self._thread_lock = threading.Lock()
        # taking it creates the lock file and its folder (the dumps folder's parent)
        self._process_lock = FileLock(self.folder.with_name(self.folder.name + ".lock"))

    def read(self, version: str) -> Publication | None:
        """The publication of this version, or None if the folder holds none (or another version's)."""
        manifest = self._read_manifest()
        if manifest is None or manifest.get("version") != version or "statistics" not in manifest \
                or "exports" not in manifest:  # one published before the exports: published again
            return None
        return Publication(version, [DumpFile(**entry) for entry in manifest["files"]],
                           Statistics.from_json(manifest["statistics"]),
                           [ExportFile(**entry) for entry in manifest["exports"]])

    def write(self, store: GraphStore, statistics: Callable[[], Statistics]) -> Publication:
        """The publication of the store's current version: read if it is there, else written (dumps, and the
        `statistics` computed now). Under the lock the version is read again, so a slow writer of an older
        version never replaces a newer one: the version written is the one the store holds while writing."""
        with self._thread_lock, self._process_lock:
            owner = (self._read_manifest() or {}).get("store")
            if owner not in (None, store.identity):
                raise DumpsOfAnotherStore(f"{self.folder} holds the dumps of another store ({owner}); give "
                                          f"{store.identity} a dumps folder of its own (--dumps, CONFLICTKG_DUMPS)")
            version = store.version()["version"]
            published = self.read(version)
            if published is None:
                self._write(store, version, statistics())
                published = self.read(version)
            return published

    def path(self, name: str) -> Path:
        return self.folder / name

    def _read_manifest(self) -> dict | None:
        try:
            manifest = json.loads((self.folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not all((self.folder / entry["name"]).is_file()
                   for entry in (*manifest.get("files", []), *manifest.get("exports", []))):
            return None
        return manifest

    def _write(self, store: GraphStore, version: str, statistics: Statistics) -> None:
        self.folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".dumps-", dir=self.folder.parent))
        try:
            files = []
            for name, (fmt, compress) in DUMPS.items():
                syntax = rdf_format(fmt)
                store.dump_to(staging / name, syntax, compress)
                files.append(DumpFile(name, fmt, syntax.media_type, compress, (staging / name).stat().st_size,
                                      _sha256(staging / name), syntax.datasets))
            exports = []
            events = summaries(store)
            for name, table in EXPORTS.items():
                with open(staging / name, "w", encoding="utf-8", newline="") as out:
                    rows = write_csv(events, table, out)
                exports.append(ExportFile(name, table, (staging / name).stat().st_size, _sha256(staging / name), rows))
            manifest = {"version": version, "store": store.identity, "files": [asdict(f) for f in files],
                        "statistics": statistics.as_json(), "exports": [asdict(e) for e in exports]}
            (staging / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
            # swap folders, so a reader never sees half a set of dumps
            old = self.folder.with_name(self.folder.name + ".old")
            shutil.rmtree(old, ignore_errors=True)
            if self.folder.exists():
                os.replace(self.folder, old)
            os.replace(staging, self.folder)
            shutil.rmtree(old, ignore_errors=True)
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
