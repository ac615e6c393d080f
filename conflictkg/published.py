"""The store as the server publishes it: opened read-only (so the command line can load while it serves),
reopened when a load stamps a new version, with the dumps and the statistics published for that version
(conflictkg.publish), which the server reads and never writes.

The embedded store's version is a file, checked on every request; a remote store's is a query, so it is asked
at most once per VERSION_CHECK_SECONDS."""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from rdflib import Graph

from .description import Site, void_description
from .dumps import DumpCache, DumpFile, Publication
from .backends import StoreLocation, open_store
from .remote import RemoteEndpoints
from .store import ConflictStore, GraphStore
from .versions import VERSION_FILE
from .vocab import Minter

VERSION_CHECK_SECONDS = 1.0


class NotPublished(Exception):
    """The store's current version has no publication (dumps, statistics) in the dumps folder."""

    def __init__(self, version: str, folder: Path):
        super().__init__(f"the store's current version ({version}) is not published in {folder} yet: "
                         "`conflictkg load` publishes what it loads; for a store changed otherwise, run "
                         "`conflictkg publish`")


class Published:
    def __init__(self, location: StoreLocation, base: str, dumps_folder: str | Path):
        self.location = location if isinstance(location, RemoteEndpoints) else str(Path(location))
        self._version_file = "" if isinstance(location, RemoteEndpoints) else str(Path(location) / VERSION_FILE)
        self.minter = Minter(base)
        self.dumps_cache = DumpCache(dumps_folder)
        self._lock = threading.Lock()
        self._store: GraphStore | None = None
        self._stamp: object = None
        self._version: dict = {}
        self._remote_checked: tuple[float, dict | None] = (0.0, None)  # when a remote store was last asked, and
        # the version it said

    def location_key(self) -> str:
        """What tells this store from another served by the same process (caches key on it, with the version)."""
        return self.location.query if isinstance(self.location, RemoteEndpoints) else self.location

    def store(self) -> GraphStore:
        """The store as of the latest load."""
        return self.current()[0]

    def version(self) -> dict:
        """The version of the content the store() of this moment holds: {"version": id, "modified": ...}."""
        return self.current()[1]

    def current(self) -> tuple[GraphStore, dict]:
        """The store as of the latest load, and its version, taken together."""
        stamp, version = self._version_stamp()
        with self._lock:
            if self._store is None or stamp != self._stamp:
                if isinstance(self.location, str) and not Path(self.location).exists():
                    ConflictStore(self.location).close()  # an empty store to serve until something is loaded
                self._store = open_store(self.location, self.minter, read_only=True)
                self._stamp = stamp
                self._version = version or self._store.version()
            return self._store, self._version

    def _version_stamp(self) -> tuple[object, dict | None]:
        """What changes when a load stamps a new version, and (for a remote store) that version."""
        if isinstance(self.location, RemoteEndpoints):
            when, version = self._remote_checked
            if version is None or time.monotonic() - when > VERSION_CHECK_SECONDS:
                version = (self._store or open_store(self.location, self.minter, read_only=True)).version()
                self._remote_checked = (time.monotonic(), version)
            return version["version"], version
        try:
            info = os.stat(self._version_file)
        except OSError:
            return None, None
        return (info.st_mtime_ns, info.st_size), None

    def publication(self) -> Publication:
        """What was published for the current version; NotPublished if nothing was."""
        version = self.version()["version"]
        published = self.dumps_cache.read(version)
        if published is None:
            raise NotPublished(version, self.dumps_cache.folder)
        return published

    def dumps(self) -> list[DumpFile]:
        return self.publication().files

    def triple_count(self) -> int | None:
        """Distinct triples of the union default graph, if the current version is published."""
        try:
            return self.publication().statistics.triples
        except NotPublished:
            return None

    def void(self, site: Site) -> Graph:
        """The VoID / DCAT description of the current version."""
        published = self.publication()
        return void_description(published.statistics, site, published.files, self.version().get("modified"))

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
            self._store = None
