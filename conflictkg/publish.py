"""Publishing the store's current version: its dump files and the statistics of its VoID description, written
by the command that changed the store (`conflictkg load`, `import`, `publish`), so that no request to the server
ever does batch work. The server reads what was published, and says so when a version has not been."""
from __future__ import annotations

from pathlib import Path

from .description import statistics
from .dumps import DumpCache, Publication
from .store import GraphStore


def publish(store: GraphStore, folder: str | Path) -> Publication:
    """Write the publication of the store's current version into `folder` (nothing if it is there already)."""
    version = store.version()["version"]
    cache = DumpCache(folder)
    return cache.read(version) or cache.write(store, version, statistics(store, store.minter.base))
