"""Which store holds the graph: a folder (the embedded Oxigraph store) or a remote SPARQL 1.1 server, named by
the STORE settings; and opening it."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Union

from .remote import RemoteEndpoints, RemoteStore, is_remote
from .store import ConflictStore, GraphStore
from .vocab import Minter

StoreLocation = Union[str, RemoteEndpoints]  # a folder, or a remote server's endpoints (both picklable)


def store_location(get: Callable[[str], object] | Mapping) -> StoreLocation:
    """The location the settings name (get: a setting's value by name, or a mapping such as Flask's config)."""
    value = get.get if isinstance(get, Mapping) else get
    store = str(value("STORE"))
    if not is_remote(store):
        return store
    auth = str(value("STORE_AUTH") or "basic").lower()
    if auth not in ("basic", "digest"):
        raise ValueError(f"STORE_AUTH must be basic or digest, not {auth!r}")
    return RemoteEndpoints(query=store, update=str(value("STORE_UPDATE") or "") or None,
                           graph_store=str(value("STORE_GRAPH_STORE") or "") or None,
                           user=str(value("STORE_USER") or "") or None,
                           password=str(value("STORE_PASSWORD") or "") or None, digest=auth == "digest")


def open_store(location: StoreLocation, minter: Minter | None = None, read_only: bool = False) -> GraphStore:
    if isinstance(location, RemoteEndpoints):
        return RemoteStore(location, minter, read_only)
    return ConflictStore(Path(location), minter, read_only)

