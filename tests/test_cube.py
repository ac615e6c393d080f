"""conflictkg.cube: the statistics every load writes answer the example queries of sparql/ exactly as their twins
in sparql/raw/ answer them from the events themselves, on a store of varied articles and after incremental loads
and re-loads; each incident counts once, by its lowest reported figure; the cube keeps the W3C Data Cube's
integrity constraints; and the VoID description lists its data sets."""
from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from click.testing import CliRunner

from conflictkg import cube
from conflictkg.cli import main
from conflictkg.formats import RDF_FORMATS
from conflictkg.pipeline import load
from conflictkg.publish import publish
from conflictkg.resources import query_paths
from conflictkg.store import ConflictStore
from conflictkg.vocab import Minter

from .conftest import AGAIN, FIXTURES, SAME_DAY

PREFIXES = ("PREFIX ckg: <https://w3id.org/conflictkg/ontology#> PREFIX qb: <http://purl.org/linked-data/cube#> "
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> ")
# what the statistics must get right beyond the fixtures: two perpetrators, children and women among the civilians,
# a figure with no number, no date, no place, no publisher, and one incident reported with two figures
VARIED = [
    {"id": "v1", "published": "2020-02-03", "publisher": "Example News",
     "text": "Russian warplanes and Syrian government forces shelled Idlib on Monday, killing 12 civilians, "
             "including five children and four women, the Syrian Observatory for Human Rights said."},
    {"id": "v2", "published": "2020-02-03", "publisher": "Other Wire",
     "text": "An air strike by Syrian government forces killed 9 civilians in Idlib on Monday, medics said."},
    {"id": "v3", "published": "2020-03-10",
     "text": "Dozens of people were killed when a car bomb exploded in Mogadishu on Sunday, police said."},
    {"id": "v4", "text": "Gunmen abducted 30 villagers, officials said."},
    {"id": "v5", "published": "2021-07-01", "publisher": "Example News",
     "text": "Houthi rebels fired rockets at Marib on Tuesday, wounding seven people and killing two soldiers."},
]
INTEGER = "^^<http://www.w3.org/2001/XMLSchema#integer>"
RELOADED = ('{"id": "a2", "published": "2019-05-07", "text": "An air strike on a market in Idlib on Monday killed '
            '20 people, rescuers said."}\n')


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def inputs(tmp_path, samples) -> list[Path]:
    return [write(tmp_path / "same_day.jsonl", SAME_DAY), FIXTURES / "reports.jsonl",
            FIXTURES / "two_articles.factiva.txt", samples,
            write(tmp_path / "varied.jsonl", "".join(json.dumps(r) + "\n" for r in VARIED)),
            write(tmp_path / "again.jsonl", AGAIN)]


def twins() -> list[tuple[Path, Path]]:
    """Each example query that reads the statistics, with its twin over the raw events."""
    found = [(path, path.parent / "raw" / path.name) for path in query_paths()]
    return [(path, raw) for path, raw in found if raw.exists()]


def rows(store, path: Path) -> list[tuple[str, ...]]:
    return [tuple(str(value) for value in row) for row in store.query(path.read_text(encoding="utf-8"))]


def assert_statistics_match_the_events(store) -> None:
    for path, raw in twins():
        from_cube, from_events = rows(store, path), rows(store, raw)
        assert from_cube, f"{path.name} answers nothing on the fixture store"
        assert sorted(from_cube) == sorted(from_events), path.name


def test_four_example_queries_read_the_statistics_and_have_raw_twins():
    names = {path.stem for path, _ in twins()}
    assert names == {"articles_per_publisher", "civilian_deaths_per_perpetrator_per_month",
                     "events_per_country_per_month", "fatalities_by_event_type"}
    for path, _ in twins():
        assert "qb:sliceStructure" in path.read_text() or "ckg:ReportStatistics" in path.read_text(), path.name


def test_the_statistics_answer_as_the_events_do(tmp_path, inputs):
    with ConflictStore(tmp_path / "store") as store:
        load(inputs, store, progress=False)
        assert_statistics_match_the_events(store)
        deaths = rows(store, query("civilian_deaths_per_perpetrator_per_month"))
        # v1 and v2 are one incident (an air strike, Idlib, 3 February) of two perpetrators, reported with 12
        # civilians (5 children, 4 women) and 9: the lowest, 9, counts once for each perpetrator
        feb = {perpetrator: n for perpetrator, month, n in deaths if month.startswith('"2020-02')}
        assert feb == {'"Syrian government"': f'"9"{INTEGER}', '"Russian Armed Forces"': f'"9"{INTEGER}'}


def query(name: str) -> Path:
    return next(path for path in query_paths() if path.stem == name)


def test_each_incident_counts_once_by_its_lowest_figure(tmp_path):
    """a1 and a2 are one air strike (26 and 29 killed); a3's 300 is another: 326 killed in two air strikes."""
    with ConflictStore(tmp_path / "store") as store:
        load([write(tmp_path / "same_day.jsonl", SAME_DAY)], store, progress=False)
        by_type = {row[0]: row[1:] for row in rows(store, query("fatalities_by_event_type"))}
    assert by_type['"air strike"@en'] == (f'"2"{INTEGER}', f'"326"{INTEGER}')


def test_the_statistics_stay_exact_across_incremental_loads_and_reloads(tmp_path, inputs):
    with ConflictStore(tmp_path / "store") as store:
        load(inputs[:2], store, progress=False)
        assert_statistics_match_the_events(store)
        load(inputs[2:], store, progress=False)
        assert_statistics_match_the_events(store)
        before = rows(store, query("fatalities_by_event_type"))
        load([write(tmp_path / "reloaded.jsonl", RELOADED)], store, progress=False)  # a2 again: 20 killed
        assert_statistics_match_the_events(store)
        after = rows(store, query("fatalities_by_event_type"))
    assert before != after  # its lowest figure fell from 26 to 20
    with ConflictStore(tmp_path / "at once") as store:  # the same articles in one load
        load([*inputs, tmp_path / "reloaded.jsonl"], store, progress=False)
        assert rows(store, query("fatalities_by_event_type")) == after


def test_refreshing_an_unchanged_store_leaves_the_cube_as_it_was(tmp_path, inputs):
    with ConflictStore(tmp_path / "store") as store:
        load(inputs, store, progress=False)
        graph = cube.cube_graph(store.minter)
        first = set(store.store.quads_for_pattern(None, None, None, graph))
        cube.refresh(store)
        assert set(store.store.quads_for_pattern(None, None, None, graph)) == first and len(first) > 100


# The integrity constraints of the W3C Data Cube recommendation (section 11.1) the cube could break, as ASK
# queries that find a breach: IC-1, IC-2, IC-4, IC-5, IC-11, IC-12 (the dimensions of one data set), IC-14, IC-19;
# `qb:component/qb:dimension` stands for the recommendation's normalised `qb:componentProperty`.
BREACHES = {
    "IC-4 every dimension has a range": "ASK { ?dim a qb:DimensionProperty FILTER NOT EXISTS { ?dim rdfs:range [] } }",
    "IC-5 a concept-valued dimension has a code list": "ASK { ?dim a qb:DimensionProperty ; "
        "rdfs:range skos:Concept FILTER NOT EXISTS { ?dim qb:codeList [] } }",
    "IC-19 a coded value is in its code list": "ASK { ?obs qb:dataSet/qb:structure/qb:component/qb:dimension ?dim . "
        "?dim qb:codeList ?list . ?list a skos:Collection . ?obs ?dim ?v "
        "FILTER NOT EXISTS { ?v a skos:Concept . ?list skos:member+ ?v } }",
    "IC-1 an observation in one data set": "ASK { ?obs a qb:Observation "
        "FILTER NOT EXISTS { ?obs qb:dataSet ?ds1 . ?obs qb:dataSet ?ds2 FILTER (?ds1 != ?ds2) } "
        "FILTER NOT EXISTS { ?obs qb:dataSet ?ds } }",
    "IC-2 a data set has one structure": "ASK { ?ds a qb:DataSet "
        "FILTER NOT EXISTS { ?ds qb:structure ?dsd . ?dsd a qb:DataStructureDefinition } }",
    "IC-11 every dimension given": "ASK { ?obs qb:dataSet/qb:structure/qb:component/qb:dimension ?dim "
        "FILTER NOT EXISTS { ?obs ?dim [] } }",
    "IC-12 no two observations of one cell": "ASK { ?obs1 qb:dataSet ?ds . ?obs2 qb:dataSet ?ds "
        "FILTER (?obs1 != ?obs2) "
        "FILTER NOT EXISTS { ?ds qb:structure/qb:component/qb:dimension ?dim . ?obs1 ?dim ?v1 . ?obs2 ?dim ?v2 "
        "FILTER (?v1 != ?v2) } }",
    "IC-14 every measure given": "ASK { ?obs qb:dataSet/qb:structure/qb:component/qb:measure ?measure "
        "FILTER NOT EXISTS { ?obs ?measure [] } }",
    "a slice's observations share its fixed values": "ASK { ?slice qb:sliceStructure/qb:componentProperty ?dim ; "
        "?dim ?value ; qb:observation ?obs . ?obs ?dim ?other FILTER (?other != ?value) }",
}


def test_the_cube_keeps_the_data_cube_integrity_constraints(tmp_path, inputs):
    with ConflictStore(tmp_path / "store") as store:
        load(inputs, store, progress=False)
        assert store.query(PREFIXES + "ASK { ?obs a qb:Observation ; qb:dataSet ?ds }")
        for name, breach in BREACHES.items():
            assert not store.query(PREFIXES + breach), name
        # a breach is found where there is one: an observation stripped of a dimension
        [obs] = list(store.query(PREFIXES + "SELECT ?obs WHERE { ?obs ckg:refArea [] } LIMIT 1"))
        store.store.remove(next(iter(store.store.quads_for_pattern(
            obs["obs"], ox.NamedNode("https://w3id.org/conflictkg/ontology#refArea"), None, None))))
        assert store.query(PREFIXES + BREACHES["IC-11 every dimension given"])


def test_the_void_description_lists_the_statistics(tmp_path, inputs):
    from conflictkg.description import Site, void_description
    with ConflictStore(tmp_path / "store") as store:
        load(inputs, store, progress=False)
        published = publish(store, tmp_path / "dumps")
        observations = int(next(iter(store.query(PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { "
                                                 "?obs qb:dataSet ?ds }")))["n"].value)
    site = Site("https://example.org/dataset", "https://example.org/sparql", "https://example.org/void",
                "https://example.org/dumps/", "ConflictKG", "https://creativecommons.org/licenses/by/4.0/",
                "Example", Minter().base)
    void = void_description(published.statistics, site, published.files, None)
    found = {str(row.ds): int(row.n) for row in void.query(
        "PREFIX void: <http://rdfs.org/ns/void#> PREFIX qb: <http://purl.org/linked-data/cube#> "
        "SELECT ?ds ?n WHERE { <https://example.org/dataset> void:subset ?ds . ?ds a qb:DataSet ; void:entities ?n }")}
    assert set(found) == {str(d.value) for d in cube.datasets(Minter())}
    assert sum(found.values()) == observations


def test_observations_and_slices_are_dereferenceable(client):
    found = client.post("/sparql", data={"query": PREFIXES + "SELECT ?obs ?slice WHERE { ?slice qb:observation ?obs "
                                                   "} LIMIT 1"}, headers={"Accept": "application/sparql-results+json"})
    [row] = found.get_json()["results"]["bindings"]
    for iri in (row["obs"]["value"], row["slice"]["value"]):
        path = "/id/" + iri[len(Minter().base):]  # the app serves the IRIs under its base at /id/
        turtle = client.get(path, headers={"Accept": "text/turtle"})
        assert turtle.status_code == 200 and b"qb:" in turtle.data and b"ckg:" in turtle.data, path
        page = client.get(path, headers={"Accept": "text/html"})
        assert page.status_code == 200, path


def test_a_triples_dump_imported_leaves_no_second_cube(tmp_path, inputs):
    """A dump of triples (Turtle) has no named graphs: imported, its cube lands in the default graph, where the
    next load removes it rather than leave two answers to each question."""
    with ConflictStore(tmp_path / "first") as store:
        load(inputs[:1], store, progress=False)
        with (tmp_path / "dump.ttl").open("wb") as out:
            store.dump(out, next(f for f in RDF_FORMATS if f.extension == "ttl"))
    done = CliRunner().invoke(main, ["import", "--store", str(tmp_path / "second"), "--dumps",
                                     str(tmp_path / "dumps"), str(tmp_path / "dump.ttl")])
    assert done.exit_code == 0, done.output
    with ConflictStore(tmp_path / "second") as store:
        load(inputs[1:2], store, progress=False)
        assert_statistics_match_the_events(store)


def test_a_load_whose_statistics_fail_is_stamped_without_them(tmp_path, inputs, monkeypatch, capsys):
    with ConflictStore(tmp_path / "store") as store:
        load(inputs[:1], store, progress=False)
        version = store.version()["version"]

        def fail(store):
            raise MemoryError("as a store too large for this machine's memory would")

        monkeypatch.setattr(cube, "stored_events", fail)
        load(inputs[1:2], store, progress=False)
        assert store.version()["version"] != version  # what was stored is the new version
        assert not store.held_graphs([cube.cube_graph(store.minter)])  # and no stale statistics answer
    assert "the statistics (conflictkg.cube) were not computed: MemoryError" in capsys.readouterr().err
