"""End-to-end: real clients against the real server on loopback (`conflictkg serve`): SPARQLWrapper, rdflib's SPARQLStore,
curl, and a headless Chromium running the query page."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph

from .conftest import WIKIDATA, ServedByCli, documented_block

PUBLISHING = Path(__file__).resolve().parent.parent / "docs" / "publishing.md"

COUNT_ARTICLES = "PREFIX ckg: <https://w3id.org/conflictkg/ontology#> SELECT (COUNT(?a) AS ?n) WHERE { ?a a ckg:Article }"


@pytest.fixture(scope="module")
def live_url(tmp_path_factory, backend, sample_store):
    """`conflictkg serve`, as users run it, over the sample store."""
    server = ServedByCli(backend.cli_read_args(sample_store), tmp_path_factory.mktemp("live") / "dumps")
    yield server.url
    server.stop()


@pytest.mark.parametrize("method", ["GET", "POST", "POSTDIRECTLY"])
def test_sparqlwrapper(live_url, method):
    from SPARQLWrapper import JSON, POST, POSTDIRECTLY, SPARQLWrapper, TURTLE, URLENCODED
    client = SPARQLWrapper(live_url + "/sparql")
    client.setQuery(COUNT_ARTICLES)
    client.setReturnFormat(JSON)
    if method != "GET":
        client.setMethod(POST)
        client.setRequestMethod(POSTDIRECTLY if method == "POSTDIRECTLY" else URLENCODED)
    result = client.query().convert()
    assert int(result["results"]["bindings"][0]["n"]["value"]) == 2
    client.setQuery("PREFIX ckg: <https://w3id.org/conflictkg/ontology#> CONSTRUCT { ?a a ckg:Article } "
                    "WHERE { ?a a ckg:Article }")
    client.setReturnFormat(TURTLE)
    graph = client.queryAndConvert()
    assert len(Graph().parse(data=graph, format="turtle")) == 2


def test_sparqlwrapper_s_defaults_work_for_every_query_form(live_url):
    """Issue 22: SPARQLWrapper as it comes (GET, its default return format: XML, with format=xml sent beside
    an Accept for RDF/XML on CONSTRUCT and DESCRIBE)."""
    from SPARQLWrapper import SPARQLWrapper
    prefix = "PREFIX ckg: <https://w3id.org/conflictkg/ontology#> "
    client = SPARQLWrapper(live_url + "/sparql")
    client.setQuery(prefix + "SELECT ?a WHERE { ?a a ckg:Article }")
    assert len(client.query().convert().getElementsByTagName("result")) == 2
    client.setQuery(prefix + "ASK { ?a a ckg:Article }")
    assert client.query().convert().getElementsByTagName("boolean")[0].firstChild.data == "true"
    client.setQuery(prefix + "CONSTRUCT { ?a a ckg:Article } WHERE { ?a a ckg:Article }")
    assert len(client.query().convert()) == 2
    client.setQuery("DESCRIBE <https://w3id.org/conflictkg/id/article/002_6bd9ab7bde165c5e>")
    assert len(client.query().convert()) > 3  # the article's own triples (Oxigraph's DESCRIBE)


def test_the_documented_client_side_join_with_wikidata_runs(live_url, wikidata_standin):
    """The docs' recipe for joining with Wikidata while SERVICE is closed, against a stand-in for Wikidata."""
    recipe = documented_block(PUBLISHING, "## Joining with Wikidata", "python")
    recipe = recipe.replace("http://127.0.0.1:8000/sparql", live_url + "/sparql").replace(WIKIDATA, wikidata_standin)
    namespace: dict = {}
    exec(compile(recipe, "docs/publishing.md", "exec"), namespace)  # noqa: S102 - the repository's own docs
    assert [(j["name"], j["inception"]) for j in namespace["joined"]] == [("Islamic State", "2006-10-15T00:00:00Z")]


def test_rdflib_sparqlstore(live_url):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore
    store = SPARQLStore(live_url + "/sparql", returnFormat="json")
    graph = Graph(store=store)
    rows = list(graph.query(COUNT_ARTICLES))
    assert int(rows[0][0]) == 2
    assert any(True for _ in graph.triples((None, None, None)))  # a plain triple pattern through the store
    store.close()


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl_as_in_the_readme(live_url):
    def curl(*args):
        return subprocess.run(["curl", "-sS", "--fail", *args], capture_output=True, text=True, timeout=60,
                              check=True).stdout
    csv = curl("-H", "Accept: text/csv", "--data-urlencode", f"query={COUNT_ARTICLES}", live_url + "/sparql")
    assert csv.splitlines() == ["n", "2"]
    description = curl("-H", "Accept: text/turtle", live_url + "/sparql")
    assert "sd:Service" in description or "sparql-service-description#Service" in description
    article = curl("-H", "Accept: text/turtle", live_url + "/id/article/002_6bd9ab7bde165c5e")
    assert "002_6bd9ab7bde165c5e" in article and len(Graph().parse(data=article, format="turtle")) > 10
    void = curl(live_url + "/.well-known/void")
    assert "void:triples" in void
    headers = curl("-sI", live_url + "/dumps/conflictkg.ttl")
    assert "200 OK" in headers and "etag:" in headers.lower()  # header names are case-insensitive


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


@pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER), reason="needs Debian's chromium and chromium-driver")
def test_query_page_in_a_headless_browser(live_url):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        driver.get(live_url + "/")
        WebDriverWait(driver, 30).until(  # the vendored editor loaded and took over the text area
            lambda d: d.execute_script("return typeof CodeMirror === 'function' && !!document.querySelector('.CodeMirror')"),
            message=f"CodeMirror did not load: {driver.get_log('browser')}")
        driver.find_element(By.CSS_SELECTOR, 'button.example[data-name="articles_per_publisher"]').click()
        WebDriverWait(driver, 30).until(ec.presence_of_element_located((By.CSS_SELECTOR, "table.results tbody tr")))
        rows = driver.find_elements(By.CSS_SELECTOR, "table.results tbody tr")
        assert len(rows) == 2
        assert "The Wall Street Journal Online" in driver.find_element(By.CSS_SELECTOR, "table.results").text
        assert "2 rows" in driver.find_element(By.ID, "status").text
        # a query typed by hand, results with links to the graph's pages
        driver.execute_script("document.querySelector('.CodeMirror').CodeMirror.setValue(arguments[0])",
                              "SELECT ?a WHERE { ?a a <https://w3id.org/conflictkg/ontology#Article> }")
        driver.find_element(By.ID, "run").click()
        WebDriverWait(driver, 30).until(lambda d: "2 rows" in d.find_element(By.ID, "status").text)
        links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "table.results a")]
        assert links and all(link.startswith(live_url + "/id/article/") for link in links)
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert not errors, errors
    finally:
        driver.quit()
