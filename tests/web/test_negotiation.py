"""Content negotiation (conflictkg.web.negotiation): the `format` parameter, else Accept; what it keeps of clients'
values stays small whatever they send."""
from __future__ import annotations

from conflictkg.formats import GRAPH_FORMATS, RESULT_FORMATS
from conflictkg.web import negotiation
from conflictkg.web.negotiation import CACHED_LENGTH, choose, named


def test_format_names_media_types_and_subtypes_name_a_format():
    assert named(RESULT_FORMATS, " CSV ").name == "csv"
    assert named(RESULT_FORMATS, "application/sparql-results+json").name == "json"
    assert named(GRAPH_FORMATS, "rdf+xml").name == "rdfxml"
    assert named(RESULT_FORMATS, "turtle") is None and named(RESULT_FORMATS, "") is None


def test_accept_chooses_and_no_accept_gives_the_first():
    assert choose(RESULT_FORMATS, "", "text/csv;q=0.9, application/sparql-results+xml").name == "xml"
    assert choose(GRAPH_FORMATS, "", "").name == GRAPH_FORMATS[0].name
    assert choose(RESULT_FORMATS, "tsv", "text/csv").name == "tsv"  # format= wins over Accept


def test_values_longer_than_any_real_one_are_matched_without_being_kept():
    negotiation._named.cache_clear()
    negotiation._best.cache_clear()
    long_format = "json" + " " * CACHED_LENGTH + "x"
    long_accept = "text/csv, " + ", ".join(f"x-{i}/y;q=0.1" for i in range(CACHED_LENGTH // 10))
    assert named(RESULT_FORMATS, long_format) is None
    assert choose(RESULT_FORMATS, "", long_accept).name == "csv"
    assert negotiation._named.cache_info().currsize == 0 and negotiation._best.cache_info().currsize == 0
    assert named(RESULT_FORMATS, "csv").name == "csv" and choose(RESULT_FORMATS, "", "text/csv").name == "csv"
    assert negotiation._named.cache_info().currsize == 1 and negotiation._best.cache_info().currsize == 1
