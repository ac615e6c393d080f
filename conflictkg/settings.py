"""Settings, declared once: name, type, default, help. Each is read from $CONFLICTKG_<NAME>, coerced to its type
and checked here; they feed the CLI's defaults, the Flask config and the README's settings table (a test keeps
that table equal to this one)."""
from __future__ import annotations

import os
from dataclasses import dataclass

from .vocab import DEFAULT_BASE


@dataclass(frozen=True)
class Setting:
    name: str
    default: object  # its type is the setting's type: str, int or float
    help: str

    @property
    def env(self) -> str:
        return f"{ENV_PREFIX}_{self.name}"

    def coerce(self, value: object) -> object:
        """The value as this setting's type; ValueError saying which setting and why otherwise."""
        kind = type(self.default)
        try:
            if kind is int and isinstance(value, float) and not value.is_integer():
                raise ValueError(value)  # int() would cut it
            value = kind(value)
        except (TypeError, ValueError):
            raise ValueError(f"setting {self.name} ({self.env}) must be {kind.__name__}, not {value!r}") from None
        if kind in (int, float) and value < 0:
            raise ValueError(f"setting {self.name} ({self.env}) must not be negative: {value!r}")
        return value


SETTINGS = (
    Setting("STORE", "./data/store", "folder of the embedded Oxigraph store, or the query endpoint URL of a remote "
            "SPARQL 1.1 server"),
    Setting("STORE_UPDATE", "", "a remote store's SPARQL Update endpoint, for loading"),
    Setting("STORE_GRAPH_STORE", "", "a remote store's Graph Store Protocol endpoint, for loading when it has no "
            "update endpoint"),
    Setting("STORE_USER", "", "user name for a remote store"),
    Setting("STORE_PASSWORD", "", "password for a remote store"),
    Setting("STORE_AUTH", "basic", "HTTP authentication for a remote store: basic or digest (Virtuoso's "
            "/sparql-auth)"),
    Setting("BASE_IRI", DEFAULT_BASE, "base of the instance IRIs"),
    Setting("DUMPS", "./data/dumps", "folder of the published dumps and statistics: written by `conflictkg load`, "
            "`import` and `publish`, read by the server"),
    Setting("CLUSTER", "", "address of a Dask scheduler (tcp://host:8786) on whose workers `conflictkg load` "
            "prepares articles; empty: a process pool on this machine"),
    Setting("SHARDS", "./data/shards", "folder of a cluster load's shards (the prepared articles of each partition): "
            "the workers write it and `conflictkg load` reads it, so all must reach it"),
    Setting("TITLE", "ConflictKG", "the dataset's title in its VoID description"),
    Setting("LICENSE", "https://creativecommons.org/licenses/by/4.0/",
            "the dataset's licence IRI; CC BY 4.0, as GeoNames data is"),
    Setting("PUBLISHER", "ConflictKG", "who publishes the dataset"),
    Setting("QUERY_TIMEOUT", 30.0, "seconds a SPARQL query may run before it is stopped with a 504"),
    Setting("ROW_LIMIT", 10000, "most solutions (or triples) one query returns; cut results say so in headers"),
    Setting("QUERY_WORKERS", 3, "worker processes that run SPARQL queries at the same time, shared among the "
            "server processes (each starts its share, rounded up); as many again take over the queries that run "
            "past 0.25 s, so these keep answering short ones"),
    Setting("LONG_QUERIES_PER_CLIENT", 1, "queries running past 0.25 s one client (address) may have at once; "
            "more get a 429 until one ends; 0: no limit"),
    Setting("PAUSE_AFTER_STOPPED", 5.0, "seconds a client's queries get a 429 after one of them was stopped (time "
            "limit, memory, or a long query too many); 0: no pause"),
    Setting("QUERY_MEMORY_MB", 0, "megabytes one query worker may allocate (its data segment); a query needing more "
            "is stopped with a 507; 0: half the machine's memory shared among the query workers"),
    Setting("ANSWER_CACHE_MB", 64, "megabytes each server process (conflictkg serve) keeps of answers to repeated "
            "queries, for the store's current version only, to send again without running the query; 0: none kept"),
    Setting("SERVER_PROCESSES", 1, "server processes answering on one port (conflictkg serve --processes)"),
    Setting("PUBLIC_URL", "", "the server's address as clients reach it (scheme, host, port, path), from which every "
            "absolute link is built; empty: `conflictkg serve`'s bind address (the Host header under another server)"),
    Setting("TRUSTED_PROXIES", 0, "reverse proxies in front of the server whose X-Forwarded-* headers are believed, "
            "when PUBLIC_URL is empty"),
    Setting("HEADER_TIMEOUT", 10.0, "seconds a client has to send a request's headers, idle keep-alive "
            "connections included (conflictkg serve); then the connection is closed"),
    Setting("MAX_CONNECTIONS", 1000, "open connections one server process holds at once (conflictkg serve); more "
            "wait in the system's listen queue until one closes"),
    Setting("MAX_BODY_BYTES", 1_000_000, "largest request body accepted (413 above it)"),
    Setting("MAX_QUERY_STRING", 65536, "longest query string accepted, in bytes (414 above it)"),
    Setting("ALLOWED_SERVICES", "", "comma-separated SERVICE endpoints a query may call; empty: none"),
    Setting("SERVER_THREADS", 0, "requests one server process handles at a time (conflictkg serve --threads); 0: two "
            "per core and one more, shared among the processes, and at least their query workers + 2"),
    Setting("CACHE", "", "folder of the gazetteer and inference caches; empty: $XDG_CACHE_HOME/conflictkg or "
            "~/.cache/conflictkg"),
)
ENV_PREFIX = "CONFLICTKG"
BY_NAME = {s.name: s for s in SETTINGS}


def setting(name: str) -> object:
    """A setting's value: $CONFLICTKG_<NAME> if set and not empty, else its default; of the setting's type."""
    declared = BY_NAME[name]
    value = os.environ.get(declared.env)
    return declared.coerce(value) if value else declared.default


def flask_config(overrides: dict | None = None) -> dict:
    """The app's config: every setting from the environment (or its default), then `overrides`, each coerced;
    the base IRI ends in a slash; Flask's MAX_CONTENT_LENGTH (a 413 above it) is MAX_BODY_BYTES."""
    config = {s.name: setting(s.name) for s in SETTINGS}
    for name, value in (overrides or {}).items():
        config[name] = BY_NAME[name].coerce(value) if name in BY_NAME else value
    if not config["BASE_IRI"].endswith("/"):
        config["BASE_IRI"] += "/"
    config["MAX_CONTENT_LENGTH"] = config["MAX_BODY_BYTES"]
    return config


def query_workers_per_process(workers: int, processes: int) -> int:
    """One server process's share of the query workers: at least one, and together at least `workers`."""
    return max(1, -(-workers // max(1, processes)))


def query_memory_bytes(megabytes: int, workers: int) -> int:
    """What one query worker may allocate: `megabytes`, or (0) half the machine's memory shared among the
    `workers` (every process that may run a query at once), but at least 512 MB."""
    if megabytes:
        return megabytes * 2 ** 20
    try:
        machine = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):  # not a POSIX system: no limit is set there anyway
        return 0
    return max(512 * 2 ** 20, machine // 2 // max(1, workers))


def default_store() -> str:
    """The store: $CONFLICTKG_STORE, else ./data/store."""
    return setting("STORE")


def base_iri() -> str:
    """The base of instance IRIs: $CONFLICTKG_BASE_IRI, else the w3id base."""
    return setting("BASE_IRI")


def settings_table() -> str:
    """The settings as the README's Markdown table (a test keeps the README's copy equal to this)."""
    rows = ["| setting | environment variable | default | meaning |", "|---|---|---|---|"]
    for s in SETTINGS:
        default = f"`{s.default}`" if s.default != "" else "empty"
        rows.append(f"| `{s.name}` | `{s.env}` | {default} | {s.help} |")
    return "\n".join(rows) + "\n"
