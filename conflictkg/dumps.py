"""Dump files of the whole graph, written once per version of the store, with their size and checksum."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from filelock import FileLock

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


class DumpCache:
    """The dumps of one version of the store, in a folder: regenerated (all of them, atomically) when the
    store's version differs from the one they were written for. A lock file next to the folder makes the server's
    processes (and threads) take turns: the first to see a new version writes its dumps, the others then read
    its manifest."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder).resolve()  # absolute: send_file resolves relative paths against the app
        self._thread_lock = threading.Lock()
        # taking it creates the lock file and its folder (the dumps folder's parent)
        self._process_lock = FileLock(self.folder.with_name(self.folder.name + ".lock"))

    def files(self, store: GraphStore, version: str) -> list[DumpFile]:
        """The dump files for this version of the store, written first if they are missing or stale."""
        with self._thread_lock, self._process_lock:
            manifest = self._read_manifest()
            if manifest is None or manifest.get("version") != version:
                manifest = self._write(store, version)
            return [DumpFile(**entry) for entry in manifest["files"]]

    def path(self, name: str) -> Path:
        return self.folder / name

    def _read_manifest(self) -> dict | None:
        try:
            manifest = json.loads((self.folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not all((self.folder / entry["name"]).is_file() for entry in manifest.get("files", [])):
            return None
        return manifest

    def _write(self, store: GraphStore, version: str) -> dict:
        self.folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".dumps-", dir=self.folder.parent))
        try:
            files = []
            for name, (fmt, compress) in DUMPS.items():
                syntax = rdf_format(fmt)
                store.dump_to(staging / name, syntax, compress)
                files.append(DumpFile(name, fmt, syntax.media_type, compress, (staging / name).stat().st_size,
                                      _sha256(staging / name), syntax.datasets))
            manifest = {"version": version, "files": [asdict(f) for f in files]}
            (staging / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
            # swap folders, so a reader never sees half a set of dumps
            old = self.folder.with_name(self.folder.name + ".old")
            shutil.rmtree(old, ignore_errors=True)
            if self.folder.exists():
                os.replace(self.folder, old)
            os.replace(staging, self.folder)
            shutil.rmtree(old, ignore_errors=True)
            return manifest
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
