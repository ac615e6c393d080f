"""conflictkg.cache: the cache of slow-to-build values (the gazetteer's index, the ontology's closed schema)."""
from __future__ import annotations

import gc

import pytest

from conflictkg.cache import cache_path, cached
from conflictkg.inference import _closed_schema, schema


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CONFLICTKG_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_a_value_is_built_once_then_read(cache):
    builds = []

    def build():
        builds.append(1)
        return {"places": [1, 2, 3]}

    assert cached("index", ["data v1"], build) == {"places": [1, 2, 3]}
    assert cached("index", ["data v1"], build) == {"places": [1, 2, 3]}
    assert len(builds) == 1
    assert [p.name for p in cache.iterdir()] == [cache_path("index", ["data v1"]).name]


def test_a_change_in_what_it_was_built_from_builds_it_again(cache):
    assert cached("index", ["data v1", b"code"], lambda: "old") == "old"
    assert cached("index", ["data v2", b"code"], lambda: "new") == "new"
    assert cached("index", ["data v1", b"code"], lambda: "unused") == "old"
    # the parts are kept apart: moving a character from one source to the next is a change
    assert cache_path("index", ["ab", "c"]) != cache_path("index", ["a", "bc"])


def test_a_damaged_file_is_built_again_and_replaced(cache):
    cached("index", ["v"], lambda: [1])
    cache_path("index", ["v"]).write_bytes(b"\x80\x05not a pickle")
    assert cached("index", ["v"], lambda: [2]) == [2]
    assert cached("index", ["v"], lambda: [3]) == [2]


def test_a_cache_that_cannot_be_written_is_not_an_error(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("CONFLICTKG_CACHE", str(blocker / "cache"))
    assert cached("index", ["v"], lambda: "built") == "built"


def test_reading_leaves_the_garbage_collector_as_it_was(cache):
    cached("index", ["v"], lambda: [1])
    assert gc.isenabled()
    assert cached("index", ["v"], lambda: [2]) == [1]
    assert gc.isenabled()
    gc.disable()
    try:
        cached("index", ["v"], lambda: [2])
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_schema_read_from_the_cache_is_the_one_owlrl_closes(cache):
    schema.cache_clear()
    try:
        first = schema()  # built and written
        schema.cache_clear()
        again = schema()  # read
    finally:
        schema.cache_clear()
    assert again == first == _closed_schema()
    assert again.superclasses and again.transitive
