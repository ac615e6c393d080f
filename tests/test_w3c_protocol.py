"""The W3C SPARQL 1.1 protocol tests (tests/w3c/protocol/manifest.ttl), read from their manifest and sent as
written to `conflictkg serve` on loopback, on both store backends, and to Oxigraph's own read-only server over
the same data, the peer that gets them right.

Each test's requests carry their method, path, headers and body; each response is judged as the manifest says
(its status class, and for a query its result: the boolean of an ASK, a table, or RDF). The endpoint is
read-only by design: an update the suite expects to succeed must be refused as such (403), and the requests
after it, which check what the update did, are not sent."""
from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import pyoxigraph as ox
import pytest
import requests
from rdflib import Graph, Namespace
from rdflib.collection import Collection
from rdflib.namespace import RDF

from .conftest import BACKENDS, OxigraphServer, ServedByCli, answers, free_port

SUITE = Path(__file__).resolve().parent / "w3c" / "protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
RDFS_LABEL = Namespace("http://www.w3.org/2000/01/rdf-schema#").label

TABULAR = {"application/sparql-results+xml", "application/sparql-results+json", "text/csv",
           "text/tab-separated-values"}
BOOLEAN = {"application/sparql-results+xml", "application/sparql-results+json"}


@dataclass
class Request:
    method: str
    query_string: str  # what follows the manifest's "/sparql/"
    headers: dict[str, str]
    body: bytes | None
    success: bool  # the manifest expects a 2xx or 3xx (otherwise a 4xx)
    result: str | None  # "boolean", "tabular", "RDF" or None
    boolean: bool | None

    @property
    def is_update(self) -> bool:
        """Whether the request carries an update (Oxigraph's server takes those at /update, not /query)."""
        content_type = self.headers.get("content-type", "")
        text = (self.body or b"").decode("latin-1")
        return ("update=" in self.query_string or content_type.startswith("application/sparql-update")
                or (content_type.startswith("application/x-www-form-urlencoded") and "update=" in text))


@dataclass
class ProtocolTest:
    name: str
    requests: list[Request]
    graphs: dict[str, Path] = field(default_factory=dict)  # graph name -> data file


def _read_suite() -> list[ProtocolTest]:
    manifest = Graph().parse(SUITE / "manifest.ttl", publicID=SUITE.as_uri() + "/")
    tests = []
    entries = manifest.value(manifest.value(predicate=RDF.type, object=MF.Manifest, any=False), MF.entries)
    for test in Collection(manifest, entries):
        action = manifest.value(test, MF.action)
        found = []
        for request in Collection(manifest, manifest.value(action, HT.requests)):
            headers = {}
            if (listed := manifest.value(request, HT.headers)) is not None:
                headers = {str(manifest.value(h, HT.fieldName)).lower(): str(manifest.value(h, HT.fieldValue))
                           for h in Collection(manifest, listed)}
            body = manifest.value(request, HT.body)
            response = manifest.value(request, HT.resp)
            statuses = set(manifest.objects(response, MF.expectedStatus))
            boolean = manifest.value(response, MF.expectedBoolean)
            found.append(Request(
                method=str(manifest.value(request, HT.methodName)),
                query_string=str(manifest.value(request, HT.absolutePath)).removeprefix("/sparql/"),
                headers=headers,
                body=None if body is None else str(manifest.value(body, CNT.chars)).encode(
                    str(manifest.value(body, CNT.characterEncoding) or "UTF-8")),
                success=HTS.StatusCode2xx in statuses,
                result=None if (form := manifest.value(response, MF.expectedFormat)) is None else str(form),
                boolean=None if boolean is None else boolean.toPython()))
        graphs = {str(manifest.value(data, RDFS_LABEL)): Path(str(manifest.value(data, UT.graph))
                                                             .removeprefix("file://"))
                  for data in manifest.objects(test, UT.graphData)}
        tests.append(ProtocolTest(str(test).rsplit("#", 1)[1], found, graphs))
    return tests


SUITE_TESTS = _read_suite()
DATA = {name: path for test in SUITE_TESTS for name, path in test.graphs.items()}


def _judge(request: Request, response: requests.Response) -> str | None:
    """What is wrong with `response` to `request`, by the manifest; None if nothing."""
    said = f"{response.status_code} {response.headers.get('Content-Type')}: {response.text[:200]!r}"
    if not request.success:
        return None if 400 <= response.status_code < 500 else f"expected a 4xx, got {said}"
    if not 200 <= response.status_code < 400:
        return f"expected a 2xx or 3xx, got {said}"
    media_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if request.result == "boolean":
        if media_type not in BOOLEAN:
            return f"expected boolean results, got {said}"
        if media_type.endswith("json"):
            value = json.loads(response.content)["boolean"]
        else:
            value = ElementTree.fromstring(response.content).find(
                "{http://www.w3.org/2005/sparql-results#}boolean").text == "true"
        return None if request.boolean in (None, value) else f"expected {request.boolean}, got {said}"
    if request.result == "tabular":
        return None if media_type in TABULAR else f"expected a table, got {said}"
    if request.result == "RDF":
        try:
            ox.parse(response.content, ox.RdfFormat.from_media_type(media_type))
        except (ValueError, SyntaxError) as err:
            return f"expected RDF, got {said} ({err})"
    return None


def run(test: ProtocolTest, query_url: str, update_url: str, read_only: bool) -> list[str]:
    """The test's requests sent in order; what went wrong with each (empty if it passed). A read-only server
    refuses an update that should succeed with a 403, and the requests checking the update's effect are not sent."""
    wrong = []
    for request in test.requests:
        url = (update_url if request.is_update else query_url) + (
            "?" + request.query_string.removeprefix("?") if request.query_string else "")
        response = requests.request(request.method, url, data=request.body, headers=request.headers, timeout=30)
        if read_only and request.is_update and request.success:
            if response.status_code != 403:
                wrong.append(f"an update refused by design must be a 403, got {response.status_code}")
            break
        if (problem := _judge(request, response)) is not None:
            wrong.append(problem)
    return wrong


def _store_folder(folder: Path) -> Path:
    """An Oxigraph store holding each data file of the suite in the named graph the manifest gives it."""
    store = ox.Store(str(folder))
    for name, path in DATA.items():
        store.load(path=str(SUITE / path.name), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))
    store.flush()
    del store
    return folder


@pytest.fixture(scope="module")
def oxigraph_read_only(tmp_path_factory):
    """Oxigraph's read-only server (union default graph, as this project's store) over the suite's data."""
    import subprocess
    folder = _store_folder(tmp_path_factory.mktemp("w3c-protocol-oxigraph") / "store")
    port = free_port()
    process = subprocess.Popen([shutil.which("oxigraph"), "serve-read-only", "--location", str(folder), "--bind",
                                f"127.0.0.1:{port}", "--union-default-graph"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    assert answers(url + "/query", process, 30), "oxigraph serve-read-only did not start"
    yield url
    process.terminate()
    process.wait(10)


@pytest.fixture(scope="module", params=BACKENDS)
def conflictkg_serve(request, tmp_path_factory):
    """`conflictkg serve` over the suite's data: an embedded store, or Oxigraph's server as the remote store."""
    folder = tmp_path_factory.mktemp(f"w3c-protocol-{request.param}")
    store = _store_folder(folder / "store")
    remote = None
    if request.param == "remote":
        remote = OxigraphServer(store)
        served = ServedByCli(["--store", remote.url + "/query"], folder / "dumps")
    else:
        served = ServedByCli(["--store", str(store)], folder / "dumps")
    yield served.url + "/sparql"
    served.stop()
    if remote is not None:
        remote.stop()


def test_the_suite_is_all_there():
    assert len(SUITE_TESTS) == 34 and all(test.requests for test in SUITE_TESTS)
    assert {path.name for path in DATA.values()} == {"data1.nt", "data2.nt", "data3.nt"}
    assert sum(not r.success for t in SUITE_TESTS for r in t.requests) == 14  # one request to each bad_* test


@pytest.mark.parametrize("test", SUITE_TESTS, ids=lambda test: test.name)
def test_oxigraph_s_read_only_server_passes_it(oxigraph_read_only, test):
    """The baseline: the peer on the same engine passes every test (updates refused, as read-only)."""
    assert run(test, oxigraph_read_only + "/query", oxigraph_read_only + "/update", read_only=True) == []


@pytest.mark.parametrize("test", SUITE_TESTS, ids=lambda test: test.name)
def test_the_endpoint_passes_it(conflictkg_serve, test):
    assert run(test, conflictkg_serve, conflictkg_serve, read_only=True) == []
