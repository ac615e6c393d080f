"""Values that take seconds to build from files shipped with the code (the gazetteer's index, the ontology's
closed schema): built once, then read from a pickle in the user's cache directory (`$CONFLICTKG_CACHE`, else
`$XDG_CACHE_HOME/conflictkg`, else `~/.cache/conflictkg`). Every process of a load reads them at start-up, so
reading must be quick. A value is filed under a digest of what it was built from, so an upgrade or an edit
builds it again; nothing is fetched from the network, and a cache that cannot be written is not an error."""
from __future__ import annotations

import gc
import hashlib
import os
import pickle
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable, TypeVar

from .settings import setting

T = TypeVar("T")


def cache_dir() -> Path:
    if setting("CACHE"):
        return Path(setting("CACHE"))
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "conflictkg"


def cache_path(name: str, sources: Iterable[bytes | str]) -> Path:
    """Where the value called `name`, built from `sources` (file contents, versions), is kept."""
    digest = hashlib.sha256()
    for source in sources:
        data = source.encode("utf-8") if isinstance(source, str) else source
        digest.update(len(data).to_bytes(8, "big") + data)
    return cache_dir() / f"{name}-{digest.hexdigest()[:16]}.pickle"


def cached(name: str, sources: Iterable[bytes | str], build: Callable[[], T]) -> T:
    """The value read from the cache, or built and then written there (atomically: a reader never sees half a
    file). An unreadable or outdated file is built again."""
    path = cache_path(name, sources)
    try:
        with path.open("rb") as f, _no_collection():
            return pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-")
    except OSError:
        return value  # a read-only home: built in each process
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)
    except OSError:
        Path(partial).unlink(missing_ok=True)  # a full disk: built in each process
    return value


@contextmanager
def _no_collection():
    """The cyclic garbage collector paused: unpickling the gazetteer's 400,000 objects would otherwise set it
    off again and again, for nothing (0.44 s instead of 0.99 s to read it)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
