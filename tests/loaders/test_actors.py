"""conflictkg.loaders.actors: the actor table (loaders/data/actors.csv): every row's names find it, no name finds two
actors, and the kinds and countries are the ones the extractor knows."""
from __future__ import annotations

import csv
from importlib import resources

import pytest

from conflictkg.loaders.actors import STATE, REBEL, actor_mentions, lexicon

ROWS = list(csv.DictReader(resources.files("conflictkg.loaders").joinpath("data/actors.csv").read_text(encoding="utf-8")
                           .splitlines()))
KINDS = {"Country", "ArmedForces", "StateForce", "ArmedGroup", "Coalition", "UNBody", "NGO", "Monitor",
         "NewsOrganization", "Government", "PoliticalParty", "Generic"}


def test_the_table_is_not_empty_and_covers_many_wars():
    assert len(ROWS) >= 300
    assert len({r["country"] for r in ROWS if r["kind"] in ("ArmedGroup", "ArmedForces")}) >= 30


@pytest.mark.parametrize("row", ROWS, ids=[r["label"] for r in ROWS])
def test_every_name_of_a_row_finds_that_row(row):
    for alias in [row["label"], *row["aliases"].split("|")]:
        sentence = f"On Monday {alias} said so."
        found = [m.actor.label for m in actor_mentions(sentence)
                 if m.start == sentence.index(alias) and m.end == m.start + len(alias)]
        assert found == [row["label"]], alias


def test_no_name_belongs_to_two_actors():
    owners: dict[str, set[str]] = {}
    for row in ROWS:
        for alias in {row["label"], *row["aliases"].split("|")}:
            key = alias if alias != alias.lower() else alias.lower()
            owners.setdefault(key, set()).add(row["label"])
    shared = {alias: labels for alias, labels in owners.items() if len(labels) > 1}
    assert shared == {}


def test_kinds_and_countries_are_known():
    assert {r["kind"] for r in ROWS} <= KINDS
    assert all(len(r["country"]) in (0, 2) and r["country"].upper() == r["country"] for r in ROWS)
    assert all(not r["qid"] or (r["qid"].startswith("Q") and r["qid"][1:].isdigit()) for r in ROWS)


def test_the_sides_are_no_rows_of_their_own():
    table = lexicon()
    assert table.actor("government forces") is STATE and table.actor("rebels") is REBEL
    assert STATE.label not in table.actors and REBEL.label not in table.actors
