"""The version stamp of a store's content: a file in the embedded store's folder (a remote store keeps its own in a
graph, conflictkg.remote), which every command that changes the store writes anew, so that a server reading the
store knows when to reopen it and publish again; and the checkpoints readers open."""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
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


def prune_snapshots(newest: Path) -> None:
    """Remove the checkpoints beside `newest` (the one just taken) but the KEEP_SNAPSHOTS - 1 taken last before it.
    Only folders that hold a stamp are checkpoints; one half taken (no stamp: no reader opens it) goes too, and
    anything else is left alone. `newest` is never removed, whatever the file times say (they are coarse: two
    checkpoints a few milliseconds apart can tie)."""
    stamped, unfinished = [], []
    for path in newest.parent.iterdir():
        if path != newest and path.is_dir():
            (stamped if (path / VERSION_FILE).is_file() else unfinished).append(path)
    stamped.sort(key=lambda path: path.stat().st_mtime_ns)
    for old in unfinished + stamped[:max(0, len(stamped) - (KEEP_SNAPSHOTS - 1))]:
        shutil.rmtree(old, ignore_errors=True)
