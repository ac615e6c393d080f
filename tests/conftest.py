"""Shared fixtures: paths, the store backends, a store loaded with the sample articles, the Flask app and client, an
app of one's own settings or store, the ontology and a sample article's graph; and the constants several test
modules use.

Every test that takes `backend` (directly, or through sample_store, app or client) runs twice: on the embedded
Oxigraph store, and on a remote store: a real Oxigraph server started on loopback, written through SPARQL Update
and read through its query endpoint."""
from __future__ import annotations

import gc
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from conflictkg.backends import StoreLocation, open_store
from conflictkg.graph import article_graph
from conflictkg.loaders import read_articles
from conflictkg.pipeline import load
from conflictkg.publish import publish
from conflictkg.remote import RemoteEndpoints
from conflictkg.resources import ontology_graph, samples_dir
from conflictkg.vocab import Minter

FIXTURES = Path(__file__).parent / "fixtures"
BACKENDS = ("embedded", "remote")
BASE = "https://w3id.org/conflictkg/id/"
FUZZ_EXAMPLES = int(os.environ.get("CONFLICTKG_FUZZ_EXAMPLES", "40"))  # a manual run sets thousands
# For loads: three reports of an air strike in Idlib on one day: 26 and 29 killed are one incident; 300 killed
# is another, which the same-incident check renames; then the second again, with another count, which replaces it
SAME_DAY = ('{"id": "a1", "published": "2019-05-07", "text": "An air strike hit a market in Idlib on Monday, '
            'killing 26 people, medics said."}\n'
            '{"id": "a2", "published": "2019-05-07", "text": "An air strike on a crowded market in Idlib on Monday '
            'killed 29 people, according to the Syrian Observatory for Human Rights."}\n'
            '{"id": "a3", "published": "2019-05-07", "text": "An air strike on a school in Idlib on Monday killed '
            '300 people, local officials said."}\n')
AGAIN = ('{"id": "a2", "published": "2019-05-07", "text": "An air strike on a market in Idlib on Monday killed '
         '31 people, rescuers said."}\n')


def answers(endpoint: str, process: subprocess.Popen, seconds: float) -> bool:
    """Whether a SPARQL endpoint started by `process` answers an ASK within `seconds` (False if it exits)."""
    deadline = time.monotonic() + seconds
    while process.poll() is None and time.monotonic() < deadline:
        try:
            requests.get(endpoint, params={"query": "ASK {}"}, timeout=5).raise_for_status()
            return True
        except requests.RequestException:
            time.sleep(0.05)
    return False


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class OxigraphServer:
    """`oxigraph serve` (the registry's oxigraph package) on a free loopback port, over its own folder."""

    def __init__(self, folder: Path, timeout_s: int = 10, union_default_graph: bool = True):
        executable = shutil.which("oxigraph")
        assert executable, "the test extras install the oxigraph server; `pip install '.[test]'`"
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            [executable, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}", "--timeout-s",
             str(timeout_s), *(["--union-default-graph"] if union_default_graph else [])],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if not answers(self.url + "/query", self.process, 30):
            self.stop()
            raise RuntimeError(f"oxigraph serve did not start: {self.process.stderr.read().decode()}")

    def endpoints(self) -> RemoteEndpoints:
        return RemoteEndpoints(query=self.url + "/query", update=self.url + "/update")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


WIKIDATA = "https://query.wikidata.org/sparql"
# what a stand-in for Wikidata holds: the inception of an actor the samples name, and of one they do not
WIKIDATA_FACTS = """@prefix wd: <http://www.wikidata.org/entity/> . @prefix wdt: <http://www.wikidata.org/prop/direct/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
wd:Q2429253 wdt:P571 "2006-10-15T00:00:00Z"^^xsd:dateTime .
wd:Q42 wdt:P571 "1952-03-11T00:00:00Z"^^xsd:dateTime .
"""


@pytest.fixture(scope="session")
def wikidata_standin(tmp_path_factory):
    """A SPARQL endpoint on loopback standing in for Wikidata's (`oxigraph serve` over WIKIDATA_FACTS)."""
    server = OxigraphServer(tmp_path_factory.mktemp("wikidata"), union_default_graph=False)
    requests.post(server.url + "/store?default", data=WIKIDATA_FACTS.encode(),
                  headers={"Content-Type": "text/turtle"}, timeout=30).raise_for_status()
    yield server.url + "/query"
    server.stop()


def documented_block(path: Path, heading: str, language: str) -> str:
    """The first fenced block in `language` under `heading` of a Markdown file of the repository."""
    text = path.read_text(encoding="utf-8")
    section = text[text.index(heading):]
    start = section.index(f"```{language}\n") + len(language) + 4
    return section[start:section.index("```", start)]


class ServedByCli:
    """`conflictkg serve` (Granian) as a user starts it, on a free loopback port."""

    def __init__(self, store_args: list[str], dumps: Path, *extra: str, env: dict[str, str] | None = None):
        self.url = f"http://127.0.0.1:{free_port()}"
        self.log = dumps.parent / "serve.log"
        env = {**os.environ, "CONFLICTKG_DUMPS": str(dumps), **(env or {})}
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "conflictkg.cli", "serve", *store_args, "--port", self.url.rsplit(":", 1)[1],
                 *extra], stdout=log, stderr=subprocess.STDOUT, env=env)
        if not answers(self.url + "/sparql", self.process, 60):
            self.stop()
            raise RuntimeError(f"conflictkg serve did not start: {self.log.read_text()[-3000:]}")

    def processes(self) -> set[int]:
        """The server's process and all its descendants (Granian's workers, the query workers)."""
        found, stack = set(), [self.process.pid]
        while stack:
            pid = stack.pop()
            found.add(pid)
            for children in Path(f"/proc/{pid}/task").glob("*/children"):  # a child belongs to the thread that
                try:                                                         # started it
                    stack += [int(c) for c in children.read_text().split()]
                except OSError:
                    pass
        return found

    def stop(self) -> int | None:
        self.process.terminate()
        try:
            return self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return None


class Backend:
    """Makes empty stores of one kind, and names them to the app and the command line."""

    def __init__(self, name: str, folder: Path):
        self.name, self.folder, self.servers, self.made = name, folder, [], 0

    def new(self) -> StoreLocation:
        folder = Path(self._fresh_folder())
        if self.name == "embedded":
            return str(folder)
        server = OxigraphServer(folder)
        self.servers.append(server)
        return server.endpoints()

    def _fresh_folder(self) -> str:
        self.made += 1
        return str(self.folder / f"store{self.made}")

    def open(self, location: StoreLocation, minter: Minter | None = None, read_only: bool = False):
        return open_store(location, minter, read_only)

    def app_config(self, location: StoreLocation) -> dict:
        return {"STORE": location.query if isinstance(location, RemoteEndpoints) else str(location)}

    def cli_args(self, location: StoreLocation) -> list[str]:
        if isinstance(location, RemoteEndpoints):
            return ["--store", location.query, "--update-endpoint", location.update]
        return ["--store", str(location)]

    def cli_read_args(self, location: StoreLocation) -> list[str]:
        return self.cli_args(location)[:2]

    def close(self) -> None:
        for server in self.servers:
            server.stop()


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request, tmp_path_factory) -> Backend:
    made = Backend(request.param, tmp_path_factory.mktemp(request.param))
    yield made
    made.close()


@pytest.fixture(autouse=True)
def dumps_elsewhere(tmp_path_factory, monkeypatch):
    """Commands publish to $CONFLICTKG_DUMPS: a folder of the test's, never the checkout's ./data/dumps."""
    monkeypatch.setenv("CONFLICTKG_DUMPS", str(tmp_path_factory.mktemp("dumps") / "dumps"))


@pytest.fixture(scope="session")
def samples() -> Path:
    return samples_dir()


@pytest.fixture(scope="session")
def sample_store(backend, samples) -> StoreLocation:
    """A store holding the two sample articles (loaded once; tests only read it)."""
    location = backend.new()
    with backend.open(location) as store:
        report = load([samples], store, progress=False)
        publish(store, backend.folder / "sample-dumps")
    assert len(report.loaded) == 2 and not report.rejected
    gc.collect()  # release the store's lock for the app that opens it next
    return location


@pytest.fixture()
def app(backend, sample_store):
    from conflictkg.web import close_app, create_app

    app = create_app({**backend.app_config(sample_store), "DUMPS": str(backend.folder / "sample-dumps"),
                      "TESTING": True})
    yield app
    close_app(app)
    gc.collect()


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def make_client(backend, sample_store, tmp_path):
    """Test clients of apps over the sample store with settings of one's own: make(**config)."""
    from conflictkg.web import close_app, create_app
    apps = []

    def make(**config):
        app = create_app({**backend.app_config(sample_store), "DUMPS": str(tmp_path / "dumps"), "TESTING": True,
                          **config})
        apps.append(app)
        return app.test_client()

    yield make
    for app in apps:
        close_app(app)
    gc.collect()


@pytest.fixture()
def own_store(tmp_path, backend, monkeypatch):
    """A store of one's own: (open it for writing, make_app) for tests that load while the app serves."""
    from conflictkg.web import create_app
    monkeypatch.setattr("conflictkg.published.VERSION_CHECK_SECONDS", 0)  # a remote store's: see each load at once
    apps = []
    location = backend.new()

    def make_app(base=BASE):
        app = create_app({**backend.app_config(location), "DUMPS": str(tmp_path / "dumps"), "BASE_IRI": base,
                          "TESTING": True})
        apps.append(app)
        return app

    def writer(minter=None):
        return backend.open(location, minter)

    yield writer, make_app
    from conflictkg.web import close_app
    for app in apps:
        close_app(app)
    gc.collect()


def write_jsonl(path, records):
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def onto():
    """The ontology's graph (ontology/conflictkg.ttl)."""
    return ontology_graph()


@pytest.fixture(scope="module")
def sample(samples):
    """The graph of the first sample article."""
    [article] = read_articles(samples / "000_6e18918302ba0ed4.txt")
    return article_graph(article)
