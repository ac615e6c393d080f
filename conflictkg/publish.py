"""Publishing the store's current version: its dump files and the statistics of its VoID description, written
by the command that changed the store (`conflictkg load`, `import`, `publish`), so that no request to the server
ever does batch work. The server reads what was published, and says so when a version has not been."""
from __future__ import annotations

from pathlib import Path

from .description import statistics
from .dumps import DumpCache, Publication
from .store import GraphStore


def publish(store: GraphStore, folder: str | Path) -> Publication:
    """The publication of the store's current version in `folder`, written unless it is there already."""
    cache = DumpCache(folder)
    return cache.read(store.version()["version"]) or cache.write(store, lambda: statistics(store, store.minter.base))
