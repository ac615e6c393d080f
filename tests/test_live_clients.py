"""End-to-end: real clients against the real server on loopback (`conflictkg serve`): SPARQLWrapper, rdflib's SPARQLStore,
Comunica, curl, and a headless Chromium running the query page."""
from __future__ import annotations

import json
import shlex
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


COMUNICA = Path(__file__).resolve().parent / "clients" / "node_modules" / ".bin" / "comunica-sparql"
needs_comunica = pytest.mark.skipif(not COMUNICA.is_file(), reason="needs Comunica: npm ci --prefix tests/clients")


def comunica(*args: str) -> str:
    return subprocess.run([str(COMUNICA), *args], capture_output=True, text=True, timeout=120, check=True).stdout


@needs_comunica
def test_comunica(live_url):
    source = f"sparql@{live_url}/sparql"
    table = json.loads(comunica(source, "-t", "application/sparql-results+json", COUNT_ARTICLES))
    assert table["results"]["bindings"][0]["n"]["value"] == "2"
    triples = comunica(source, "-t", "application/n-triples", "PREFIX ckg: <https://w3id.org/conflictkg/ontology#> "
                       "CONSTRUCT { ?a a ckg:Article } WHERE { ?a a ckg:Article }")
    assert len(Graph().parse(data=triples, format="nt")) == 2


@needs_comunica
def test_the_documented_comunica_join_with_wikidata_runs(live_url, wikidata_standin):
    """The docs' Comunica recipe: Comunica federating this endpoint and a stand-in for Wikidata in the client."""
    command = documented_block(PUBLISHING, "Or let [Comunica]", "sh")
    command = command.replace("http://127.0.0.1:8000/sparql", live_url + "/sparql").replace(WIKIDATA, wikidata_standin)
    name, *args = shlex.split(command)
    assert name == "comunica-sparql"
    table = json.loads(comunica(*args, "-t", "application/sparql-results+json"))
    assert [(row["name"]["value"], row["inception"]["value"]) for row in table["results"]["bindings"]] == [
        ("Islamic State", "2006-10-15T00:00:00Z")]


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


needs_chromium = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER), reason="needs Debian's chromium and chromium-driver")


@pytest.fixture(scope="module")
def downloads(tmp_path_factory):
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads):
    """A headless Chromium, as a researcher's browser, downloading into `downloads`."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


def _no_errors(driver):
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors


@needs_chromium
def test_query_page_in_a_headless_browser(live_url, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser
    driver.get(live_url + "/query")
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
    _no_errors(driver)


@needs_chromium
def test_a_shared_link_runs_its_query_and_the_results_download(live_url, browser, downloads):
    from urllib.parse import quote
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(live_url + "/?query=" + quote(COUNT_ARTICLES))
    WebDriverWait(browser, 30).until(lambda d: "1 row" in d.find_element(By.ID, "status").text)
    assert browser.find_element(By.CSS_SELECTOR, "table.results td").text == "2"
    share = browser.find_element(By.ID, "share").get_attribute("href")
    assert share.startswith(live_url + "/?query=") and "COUNT" in share
    browser.find_element(By.CSS_SELECTOR, '#downloads button[data-format="csv"]').click()
    WebDriverWait(browser, 30).until(lambda d: (downloads / "conflictkg-results.csv").exists())
    assert (downloads / "conflictkg-results.csv").read_text().splitlines() == ["n", "2"]
    # Ctrl-Enter runs what the editor holds
    browser.execute_script("document.querySelector('.CodeMirror').CodeMirror.setValue(arguments[0])", "ASK {}")
    browser.find_element(By.CSS_SELECTOR, ".CodeMirror textarea").send_keys(Keys.CONTROL, Keys.ENTER)
    WebDriverWait(browser, 30).until(lambda d: "yes (true)" in d.find_element(By.ID, "results").text)
    _no_errors(browser)


@needs_chromium
def test_browsing_with_a_filter_draws_the_map_and_the_timeline(live_url, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    browser.get(live_url + "/events/")
    Select(browser.find_element(By.NAME, "type")).select_by_visible_text("Air strike")
    browser.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]").click()
    WebDriverWait(browser, 30).until(lambda d: "type=AirStrike" in d.current_url)
    rows = browser.find_elements(By.CSS_SELECTOR, "table.events tbody tr")
    assert rows and all("Air strike" in row.text for row in rows)
    assert browser.find_elements(By.CSS_SELECTOR, "figure.map circle")
    assert browser.find_elements(By.CSS_SELECTOR, "figure.timeline rect")
    # the basemap, a file of this server's, drawn under the marks
    WebDriverWait(browser, 30).until(lambda d: d.execute_script(
        "return document.querySelector('figure.map use').getBBox().width > 0"))
    browser.get(live_url + "/")
    assert browser.find_elements(By.CSS_SELECTOR, "figure.map circle") and "events" in browser.find_element(
        By.CSS_SELECTOR, "ul.glance").text
    _no_errors(browser)


@needs_chromium
def test_the_query_page_warns_when_the_row_limit_cut_the_results(tmp_path, backend, sample_store, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    server = ServedByCli(backend.cli_read_args(sample_store), tmp_path / "dumps", env={"CONFLICTKG_ROW_LIMIT": "3"})
    try:
        browser.get(server.url + "/query")
        browser.execute_script("document.querySelector('.CodeMirror').CodeMirror.setValue(arguments[0])",
                               "SELECT * WHERE { ?s ?p ?o }")
        browser.find_element(By.ID, "run").click()
        WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.ID, "truncated"))
        assert "cut at 3 rows" in browser.find_element(By.ID, "truncated").text
        assert len(browser.find_elements(By.CSS_SELECTOR, "table.results tbody tr")) == 3
    finally:
        server.stop()


@needs_chromium
def test_yasgui_runs_an_example_against_this_endpoint_loading_nothing_from_elsewhere(live_url, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(live_url + "/yasgui")
    WebDriverWait(browser, 30).until(lambda d: d.execute_script("return !!document.querySelector('.yasgui .yasqe')"),
                                     message=f"YASGUI did not load: {browser.get_log('browser')}")
    browser.find_element(By.CSS_SELECTOR, 'button.example[data-name="articles_per_publisher"]').click()
    WebDriverWait(browser, 30).until(lambda d: "The Wall Street Journal Online" in d.execute_script(
        "return (document.querySelector('.yasr') || {}).innerText || ''"))
    loaded = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert loaded and all(url.startswith(live_url) for url in loaded), loaded
    _no_errors(browser)
