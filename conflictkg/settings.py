"""Settings, declared once: name, default, help. They feed the CLI, the Flask config and the README."""
from __future__ import annotations

import os
from dataclasses import dataclass

from .vocab import DEFAULT_BASE


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    help: str


SETTINGS = (
    Setting("STORE", "./data/store", "folder of the embedded Oxigraph store, or the query endpoint URL of a remote "
            "SPARQL 1.1 server (env CONFLICTKG_STORE)"),
    Setting("STORE_UPDATE", "", "a remote store's SPARQL Update endpoint, for loading (env CONFLICTKG_STORE_UPDATE)"),
    Setting("STORE_GRAPH_STORE", "", "a remote store's Graph Store Protocol endpoint, for loading when it has no "
            "update endpoint (env CONFLICTKG_STORE_GRAPH_STORE)"),
    Setting("STORE_USER", "", "user name for a remote store (env CONFLICTKG_STORE_USER)"),
    Setting("STORE_PASSWORD", "", "password for a remote store (env CONFLICTKG_STORE_PASSWORD)"),
    Setting("STORE_AUTH", "basic", "HTTP authentication for a remote store: basic or digest (Virtuoso's "
            "/sparql-auth)"),
    Setting("BASE_IRI", DEFAULT_BASE, "base of the instance IRIs (env CONFLICTKG_BASE_IRI)"),
    Setting("DUMPS", "./data/dumps", "folder the server writes its dump files to (env CONFLICTKG_DUMPS)"),
    Setting("TITLE", "ConflictKG", "the dataset's title in its VoID description (env CONFLICTKG_TITLE)"),
    Setting("LICENSE", "https://creativecommons.org/licenses/by/4.0/",
            "the dataset's licence IRI (env CONFLICTKG_LICENSE); CC BY 4.0, as GeoNames data is"),
    Setting("PUBLISHER", "ConflictKG", "who publishes the dataset (env CONFLICTKG_PUBLISHER)"),
    Setting("QUERY_TIMEOUT", 30, "seconds a SPARQL query may run before it is stopped with a 504"),
    Setting("ROW_LIMIT", 10000, "most solutions (or triples) one query returns; cut results say so in headers"),
    Setting("QUERY_WORKERS", 3, "worker processes that run SPARQL queries at the same time, shared among the "
            "server processes (each starts its share, rounded up)"),
    Setting("SERVER_PROCESSES", 1, "server processes answering on one port (conflictkg serve --processes)"),
    Setting("MAX_BODY_BYTES", 1_000_000, "largest request body accepted (413 above it)"),
    Setting("MAX_QUERY_STRING", 65536, "longest query string accepted, in bytes (414 above it)"),
    Setting("ALLOWED_SERVICES", "", "comma-separated SERVICE endpoints a query may call; empty: none"),
)
ENV_PREFIX = "CONFLICTKG"


def setting(name: str) -> str:
    """A setting for the command line: $CONFLICTKG_<name>, else its default."""
    default = next(s.default for s in SETTINGS if s.name == name)
    return os.environ.get(f"{ENV_PREFIX}_{name}") or str(default)


def query_workers_per_process(workers: int, processes: int) -> int:
    """One server process's share of the query workers: at least one, and together at least `workers`."""
    return max(1, -(-workers // max(1, processes)))


def default_store() -> str:
    """The store: $CONFLICTKG_STORE, else ./data/store."""
    return setting("STORE")


def base_iri() -> str:
    """The base of instance IRIs for the command line: $CONFLICTKG_BASE_IRI, else the w3id base."""
    return os.environ.get(f"{ENV_PREFIX}_BASE_IRI") or DEFAULT_BASE
