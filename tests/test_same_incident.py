"""conflictkg.same_incident: one incident reported by two articles is one event with a mention from each; another
incident of the same type, place and day is not."""
from __future__ import annotations

from conflictkg.pipeline import load
from conflictkg.store import ConflictStore


def test_one_incident_reported_by_two_articles_is_one_event_with_two_mentions(tmp_path):
    corpus = tmp_path / "two.jsonl"
    corpus.write_text(
        '{"id": "a1", "published": "2019-05-07", "text": "An air strike hit a market in Idlib on Monday, '
        'killing 26 people, medics said."}\n'
        '{"id": "a2", "published": "2019-05-07", "text": "An air strike on a crowded market in Idlib on Monday '
        'killed 29 people, according to the Syrian Observatory for Human Rights."}\n'
        '{"id": "a3", "published": "2019-05-07", "text": "An air strike on a school in Idlib on Monday killed '
        '300 people, local officials said."}\n', encoding="utf-8")
    with ConflictStore(tmp_path / "store") as store:
        assert not load([corpus], store, progress=False).rejected
        rows = list(store.query(
            "PREFIX ckg: <https://w3id.org/conflictkg/ontology#> "
            "SELECT ?e (COUNT(DISTINCT ?m) AS ?mentions) (GROUP_CONCAT(DISTINCT STR(?n)) AS ?counts) "
            "WHERE { ?e a ckg:AirStrike ; ckg:mention ?m . ?m ckg:article ?a . "
            "?c ckg:mention ?m ; ckg:count ?n . } GROUP BY ?e"))
    shapes = sorted((int(r["mentions"].value), sorted(r["counts"].value.split())) for r in rows)
    # 26 and 29 overlap: one event, two mentions, each with its own figure; 300 does not: its own event
    assert shapes == [(1, ["300"]), (2, ["26", "29"])]
