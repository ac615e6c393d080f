"""The W3C SPARQL 1.1 query syntax tests (tests/w3c/syntax-query), each sent to the endpoint: a positive test is
answered (not refused as a syntax error), a negative one is a 400, exactly as the engine itself judges them
(Oxigraph, whose server gets them all right), with SERVICE refused by design aside."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace
from rdflib.namespace import RDF

SUITE = Path(__file__).resolve().parent / "w3c" / "syntax-query"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")


def _tests() -> list[tuple[str, bool]]:
    manifest = Graph().parse(SUITE / "manifest.ttl", publicID=SUITE.as_uri() + "/")
    found = []
    for kind, positive in ((MF.PositiveSyntaxTest11, True), (MF.NegativeSyntaxTest11, False)):
        for test in manifest.subjects(RDF.type, kind):
            found.append((Path(str(manifest.value(test, MF.action)).removeprefix("file://")).name, positive))
    return sorted(found)


TESTS = _tests()


BASE = "http://127.0.0.1/sparql"  # the endpoint resolves relative IRIs against its URL; so does this baseline


def engine_accepts(query: str) -> bool:
    """Whether Oxigraph parses the query (over an empty store: nothing is evaluated). A query it parses but
    cannot run (a custom function it does not know) is well-formed all the same."""
    try:
        ox.Store().query(query, base_iri=BASE)
        return True
    except SyntaxError:
        return False
    except RuntimeError:
        return True


def test_the_suite_is_all_there():
    assert len(TESTS) >= 90 and all((SUITE / name).is_file() for name, _ in TESTS)
    assert sum(positive for _, positive in TESTS) > 30 and sum(not positive for _, positive in TESTS) > 30


@pytest.mark.parametrize("name, positive", TESTS)
def test_the_endpoint_judges_each_syntax_test_as_the_engine_and_the_suite_do(make_client, name, positive):
    query = (SUITE / name).read_text(encoding="utf-8")
    assert engine_accepts(query) == positive  # the engine passes the suite: the baseline
    resp = make_client().post("/sparql", data=query.encode("utf-8"), content_type="application/sparql-query",
                              headers={"Accept": "application/sparql-results+json, text/turtle;q=0.9"})
    said = resp.get_data(as_text=True)
    if positive:  # answered, or (a function the engine lacks) refused as such, never as a syntax error
        assert resp.status_code == 200 or (resp.status_code == 400 and "syntax error" not in said.lower()), said
    else:
        assert resp.status_code == 400 and "syntax error" in said.lower(), said
