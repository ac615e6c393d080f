"""The version stamp of a store's content: a file in the embedded store's folder (a remote store keeps its own in a
graph, conflictkg.remote), which every command that changes the store writes anew, so that a server reading the
store knows when to reopen it and publish again; and the checkpoints readers open."""
from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from pathlib import Path

VERSION_FILE = "conflictkg-version.json"  # in the store's folder and in each checkpoint
# Readers never open the folder a load writes (pyoxigraph: "Opening as read-only while having another process
# writing the database is undefined behavior"): each version is also a checkpoint in this subfolder (Store.backup:
# hard links, taken in well under a second), which readers open; the newest KEEP_SNAPSHOTS are kept, so a reader
# of the version before has a whole load's time to move to the new one.
SNAPSHOTS = "snapshots"
KEEP_SNAPSHOTS = 2


def new_version() -> dict:
    """A new stamp: an id no other version has, and when it was made."""
    return {"version": uuid.uuid4().hex,
            "modified": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()}


def newest_snapshot(folder: Path) -> Path:
    """The checkpoint of the store's current version; the folder itself for a store no load has stamped since
    checkpoints were taken."""
    snapshot = folder / SNAPSHOTS / str(read_version(folder)["version"])
    return snapshot if (snapshot / VERSION_FILE).is_file() else folder


def read_version(folder: Path) -> dict:
    """The stamp in the folder; "unstamped" if there is none."""
    try:
        return json.loads((folder / VERSION_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"version": "unstamped", "modified": None}


def write_version(folder: Path, stamp: dict) -> None:
    """Replace the folder's stamp at once (readers see the old one or the new one, never a part)."""
    tmp = folder / (VERSION_FILE + ".tmp")
    tmp.write_text(json.dumps(stamp), encoding="utf-8")
    os.replace(tmp, folder / VERSION_FILE)
