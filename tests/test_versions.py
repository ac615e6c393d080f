"""The version stamp and the checkpoints readers open (conflictkg.versions), on a real on-disk store."""
from __future__ import annotations

import os
import time

import pyoxigraph as ox
import pytest

from conflictkg import versions
from conflictkg.store import ConflictStore
from conflictkg.versions import (KEEP_SNAPSHOTS, SNAPSHOTS, VERSION_FILE, new_version, newest_snapshot, read_version,
                                 write_version)

GRAPH = ox.NamedNode("http://example.org/g")


def quad(n: int) -> ox.Quad:
    return ox.Quad(ox.NamedNode(f"http://example.org/s{n}"), ox.NamedNode("http://example.org/p"), ox.Literal(n),
                   GRAPH)


def stamped(store: ConflictStore, n: int) -> str:
    """A load of one more quad, stamped: its version."""
    store.store.extend([quad(n)])
    store.mark_changed()
    return store.version()["version"]


def test_a_folder_never_stamped_reads_as_unstamped_and_is_its_own_checkpoint(tmp_path):
    assert read_version(tmp_path) == {"version": "unstamped", "modified": None}
    assert newest_snapshot(tmp_path) == tmp_path
    (tmp_path / VERSION_FILE).write_text("{not json", encoding="utf-8")  # a torn or foreign file
    assert read_version(tmp_path)["version"] == "unstamped"


def test_a_stamp_is_written_whole_and_each_is_new(tmp_path):
    first, second = new_version(), new_version()
    assert first["version"] != second["version"] and first["modified"].endswith("+00:00")
    write_version(tmp_path, first)
    write_version(tmp_path, second)
    assert read_version(tmp_path) == second
    assert [p.name for p in tmp_path.iterdir()] == [VERSION_FILE]  # no temporary file left behind


def test_readers_open_the_checkpoint_of_the_stamped_version_not_later_writes(tmp_path):
    store = ConflictStore(tmp_path / "s")
    store.store.extend([quad(1)])
    store.mark_changed()
    stamped = store.version()
    store.store.extend([quad(2)])  # written after the stamp: not in the version readers see
    store.flush()
    reader = ConflictStore(tmp_path / "s", read_only=True)
    assert reader.opened == tmp_path / "s" / SNAPSHOTS / stamped["version"]
    assert reader.version() == stamped
    assert len(list(reader.store.quads_for_pattern(None, None, None, GRAPH))) == 1
    reader.close()
    store.close()


def test_the_checkpoint_just_taken_is_kept_whatever_the_file_times_say(tmp_path):
    """File times are coarse (two checkpoints a few ms apart may tie) and clocks move: the new one is never the one
    removed."""
    store = ConflictStore(tmp_path / "s")
    for n in range(KEEP_SNAPSHOTS):
        stamped(store, n)
    for old in (tmp_path / "s" / SNAPSHOTS).iterdir():
        os.utime(old, ns=(time.time_ns() + 10 ** 12, time.time_ns() + 10 ** 12))  # as if taken later than the next
    store.mark_changed()
    newest = store.version()["version"]
    store.close()
    assert (tmp_path / "s" / SNAPSHOTS / newest).is_dir()
    assert len(list((tmp_path / "s" / SNAPSHOTS).iterdir())) == KEEP_SNAPSHOTS
    reader = ConflictStore(tmp_path / "s", read_only=True)
    assert reader.opened.name == newest
    reader.close()


@pytest.mark.parametrize("keep", [1, 2, 4])
def test_as_many_checkpoints_as_kept_whatever_the_number(tmp_path, monkeypatch, keep):
    monkeypatch.setattr(versions, "KEEP_SNAPSHOTS", keep)
    store = ConflictStore(tmp_path / "s")
    stamps = []
    for n in range(keep + 2):
        stamps.append(stamped(store, n))
        held = sorted(p.name for p in (tmp_path / "s" / SNAPSHOTS).iterdir())
        assert held == sorted(stamps[-keep:])  # after each load: never fewer than there are, never more than kept
    store.close()
    assert newest_snapshot(tmp_path / "s").name == stamps[-1]


def test_only_stamped_folders_count_as_checkpoints(tmp_path):
    """A stray file does not push a reader's checkpoint out (and is left alone); a checkpoint half taken, which no
    reader opens, is removed."""
    store = ConflictStore(tmp_path / "s")
    before = stamped(store, 1)
    stray = tmp_path / "s" / SNAPSHOTS / "notes.txt"
    stray.write_text("not a checkpoint", encoding="utf-8")
    unfinished = tmp_path / "s" / SNAPSHOTS / ("f" * 32)
    unfinished.mkdir()
    after = stamped(store, 2)
    store.close()
    held = sorted(p.name for p in (tmp_path / "s" / SNAPSHOTS).iterdir())
    assert held == sorted([before, after, "notes.txt"])
