"""The store as the server publishes it: opened read-only (so the command line can load while it serves),
reopened when a load stamps a new version, with the dumps and the dataset description of that version."""
from __future__ import annotations

import threading
from pathlib import Path

from rdflib import Graph

from .description import Site, void_description
from .dumps import DumpCache, DumpFile
from .store import VERSION_FILE, ConflictStore
from .vocab import Minter


class Published:
    def __init__(self, store_path: str | Path, base: str, dumps_folder: str | Path):
        self.path = Path(store_path)
        self.minter = Minter(base)
        self.dumps_cache = DumpCache(dumps_folder)
        self._lock = threading.Lock()
        self._store: ConflictStore | None = None
        self._stamp: tuple | None = None
        self._void: dict[tuple, Graph] = {}
        self._counts: dict[str, int] = {}

    def store(self) -> ConflictStore:
        """The store as of the latest load."""
        stamp = self._file_stamp()
        with self._lock:
            if self._store is None or stamp != self._stamp:
                if not self.path.exists():
                    ConflictStore(self.path).close()  # an empty store to serve until something is loaded
                self._store = ConflictStore(self.path, self.minter, read_only=True)
                self._stamp = stamp
                self._void.clear()
                self._counts.clear()
            return self._store

    def _file_stamp(self) -> tuple | None:
        try:
            info = (self.path / VERSION_FILE).stat()
        except OSError:
            return None
        return info.st_mtime_ns, info.st_size

    def version(self) -> dict:
        return self.store().version()

    def dumps(self) -> list[DumpFile]:
        store = self.store()
        return self.dumps_cache.files(store, store.version()["version"])

    def triple_count(self) -> int:
        """Distinct triples of the union default graph."""
        store = self.store()
        with self._lock:
            if "triples" not in self._counts:
                rows = store.query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
                self._counts["triples"] = int(next(iter(rows))["n"].value)
            return self._counts["triples"]

    def void(self, site: Site) -> Graph:
        """The VoID / DCAT description for this version, computed once per version and site."""
        store = self.store()
        dumps = self.dumps()
        key = (site,)
        with self._lock:
            if key not in self._void:
                self._void[key] = void_description(store, site, dumps, store.version().get("modified"))
            return self._void[key]

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
            self._store = None
