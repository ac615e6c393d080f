"""A remote SPARQL 1.1 server as the store, so the graph can live in Virtuoso, GraphDB, QLever, Neptune or an
Oxigraph server while ConflictKG keeps loading, validating and publishing it.

Reads go to the server's query endpoint (SPARQL 1.1 Protocol, form POST); writes go to its SPARQL Update
endpoint (one request per article: both of its graphs replaced and its places' and actors' descriptions updated
in one update) or, failing that, to its Graph Store HTTP Protocol endpoint (one PUT per article graph, one POST
per entity graph, which merges: a description made outdated by a new gazetteer is not removed that way).
Results stream: they are parsed as they arrive, so a caller that stops early (the row limit, a dump) never
holds the whole answer.

The server's default graph must be the union of its named graphs, as ConflictKG's own is (Oxigraph:
`--union-default-graph`; Virtuoso and GraphDB do this by default). The version stamp the publisher watches lives
in the store too, in its own small graph."""
from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

import pyoxigraph as ox
import requests
from rdflib import Graph
from requests.auth import HTTPBasicAuth, HTTPDigestAuth

from .formats import RdfSyntax
from .rdf import Quads, Triples
from .store import GraphStore, replace_graphs_update
from .versions import new_version
from .vocab import ONTOLOGY_IRI, Minter

# asked for by the query's form (a server may answer a CONSTRUCT in a results format if that is what is accepted)
ACCEPT_RESULTS = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
ACCEPT_GRAPH = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.8, text/plain;q=0.5"
OWL_VERSION_INFO = "http://www.w3.org/2002/07/owl#versionInfo"
DCTERMS_MODIFIED = "http://purl.org/dc/terms/modified"
XSD_DATETIME = "http://www.w3.org/2001/XMLSchema#dateTime"
BULK_QUADS = 50_000  # quads per update when a bulk load goes through SPARQL Update


_NOTHING = ox.Store()  # an empty in-memory dataset: parses queries, finds their form
# Virtuoso stores geo:wktLiteral values as its own geometry type and returns them typed so
VIRTUOSO_GEOMETRY = ox.NamedNode("http://www.openlinksw.com/schemas/virtrdf#Geometry")
WKT_LITERAL = ox.NamedNode("http://www.opengis.net/ont/geosparql#wktLiteral")


def _as_stored(term):
    """A term as ConflictKG wrote it: Virtuoso's geometry literals typed geo:wktLiteral again."""
    if isinstance(term, ox.Literal) and term.datatype == VIRTUOSO_GEOMETRY:
        return ox.Literal(term.value, datatype=WKT_LITERAL)
    return term


class _VirtuosoBlankNodes(io.RawIOBase):
    """JSON results with Virtuoso's blank nodes ("nodeID://b10001", not a valid blank node label) made valid.
    Virtuoso writes one solution per line, so lines are rewritten as they stream through."""

    BNODE = re.compile(rb'("type"\s*:\s*"bnode"\s*,\s*"value"\s*:\s*")nodeID://')

    def __init__(self, raw):
        self._lines = raw
        self._pending, self._offset = b"", 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while self._offset >= len(self._pending):
            line = self._lines.readline()
            if not line:
                return 0
            self._pending, self._offset = self.BNODE.sub(rb"\1", line), 0
        n = min(len(buffer), len(self._pending) - self._offset)
        buffer[:n] = self._pending[self._offset:self._offset + n]
        self._offset += n
        return n


class RemoteStoreError(Exception):
    """The remote server could not be reached, failed, or answered with something that is not SPARQL."""


@dataclass(frozen=True)
class RemoteEndpoints:
    """Where a remote store answers. Credentials, when given, go with every request (HTTP basic or digest)."""

    query: str
    update: str | None = None  # SPARQL 1.1 Update endpoint
    graph_store: str | None = None  # Graph Store HTTP Protocol endpoint (used when there is no update endpoint)
    user: str | None = None
    password: str | None = None
    digest: bool = False  # Virtuoso's /sparql-auth wants digest authentication
    timeout: float = 300.0  # seconds to wait for the server to start answering

    def __repr__(self) -> str:  # never print the password
        return f"RemoteEndpoints(query={self.query!r}, update={self.update!r}, graph_store={self.graph_store!r})"


def is_remote(location: str) -> bool:
    return location.startswith(("http://", "https://"))


class RemoteStore(GraphStore):
    def __init__(self, endpoints: RemoteEndpoints, minter: Minter | None = None, read_only: bool = False):
        self.endpoints = endpoints
        self.minter = minter or Minter()
        self.read_only = read_only
        if not read_only and not (endpoints.update or endpoints.graph_store):
            raise RemoteStoreError(f"the store at {endpoints.query} is read-only here: give its SPARQL Update "
                                   "endpoint or its Graph Store Protocol endpoint to write to it")
        self._session = requests.Session()
        if endpoints.user:
            auth = HTTPDigestAuth if endpoints.digest else HTTPBasicAuth
            self._session.auth = auth(endpoints.user, endpoints.password or "")
        self.version_graph = ox.NamedNode(str(self.minter.graph("version")))

    # --- reading -------------------------------------------------------------------------------------------------


    @property
    def identity(self) -> str:
        return self.endpoints.query
    def query(self, sparql: str, default_graph=None, named_graphs=None, prefixes: dict[str, str] | None = None,
              use_default_graph_as_union: bool = True, base_iri: str | None = None):
        """The query run by the server; the default graph is the server's (the union) unless default_graph names
        graphs. Results are parsed as they arrive."""
        declared = f"BASE <{base_iri}>\n" if base_iri else ""
        declared += "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in (prefixes or {}).items())
        text = declared + sparql
        # Parsed here first, by Oxigraph over an empty dataset (which evaluates nothing until iterated): a syntax
        # error is a SyntaxError with Oxigraph's message whichever server is behind, and the form says what to accept.
        graph_result = not isinstance(_NOTHING.query(text), (ox.QuerySolutions, ox.QueryBoolean))
        form = [("query", text)]
        form += [("default-graph-uri", g.value) for g in default_graph or ()]
        form += [("named-graph-uri", g.value) for g in named_graphs or ()]
        response = self._request("POST", self.endpoints.query, data=form, stream=True,
                                 headers={"Accept": ACCEPT_GRAPH if graph_result else ACCEPT_RESULTS})
        media_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        response.raw.decode_content = True
        results = ox.QueryResultsFormat.from_media_type(media_type) if media_type else None
        if results is not None and results != ox.QueryResultsFormat.CSV:  # Oxigraph reads every kind but CSV
            body = response.raw
            if results == ox.QueryResultsFormat.JSON and "virtuoso" in response.headers.get("Server", "").lower():
                body = _VirtuosoBlankNodes(body)
            return ox.parse_query_results(body, format=results)
        graph = ox.RdfFormat.from_media_type(media_type) if media_type else None
        if graph is not None:
            return ox.parse(response.raw, format=graph)
        response.close()
        raise RemoteStoreError(f"the store at {self.endpoints.query} answered a query with {media_type or 'no type'}"
                               ", which is neither SPARQL results nor RDF")

    def graph(self, name: ox.NamedNode) -> Graph:
        # name is a pyoxigraph NamedNode: a valid IRI, safe to write into the query
        return self.constructed(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {name} {{ ?s ?p ?o }} }}")

    as_stored = staticmethod(_as_stored)

    def _count(self, sparql: str) -> int:
        return int(next(iter(self.query(sparql)))["n"].value)

    def _own_graphs(self) -> str:
        """A FILTER keeping ConflictKG's graphs: a shared server has others (Virtuoso keeps its system graphs)."""
        return (f'FILTER(STRSTARTS(STR(?g), "{self.minter.graph("")}") || ?g = <{ONTOLOGY_IRI}>)')

    def named_graphs(self) -> Iterator[ox.NamedNode]:
        for row in self.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._own_graphs()} }}"):
            if isinstance(row["g"], ox.NamedNode):
                yield row["g"]

    def held_graphs(self, names: list[ox.NamedNode]) -> set[ox.NamedNode]:
        if not names:
            return set()
        values = " ".join(map(str, names))  # IRIs minted here: safe to write into the query
        return {row["g"] for row in self.query(
            f"SELECT DISTINCT ?g WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}")}

    def triple_count(self) -> int:
        return self._count(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._own_graphs()} }}")

    def dump(self, output: BinaryIO, syntax: RdfSyntax) -> None:
        """Streamed from the server and checked against its own count, so a server that caps result sizes
        (Virtuoso's ResultSetMaxRows) makes the dump fail instead of cutting it short."""
        written = 0

        def counted(items):
            nonlocal written
            for item in items:
                written += 1
                yield item

        own = f"GRAPH ?g {{ ?s ?p ?o }} {self._own_graphs()}"
        if syntax.datasets:
            rows = self.query(f"SELECT ?s ?p ?o ?g WHERE {{ {own} }}")
            quads = (ox.Quad(r["s"], r["p"], _as_stored(r["o"]), r["g"]) for r in rows)
            ox.serialize(counted(quads), output, format=syntax.oxigraph)
            expected = self.triple_count()
        else:
            distinct = f"SELECT DISTINCT ?s ?p ?o WHERE {{ {own} }}"
            triples = (ox.Triple(t.subject, t.predicate, _as_stored(t.object))
                       for t in self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {{ {distinct} }} }}"))
            ox.serialize(counted(triples), output, format=syntax.oxigraph)
            expected = self._count(f"SELECT (COUNT(*) AS ?n) WHERE {{ {distinct} }}")
        if written != expected:
            raise RemoteStoreError(f"the store at {self.endpoints.query} returned {written} of its {expected} "
                                   f"{'quads' if syntax.datasets else 'triples'} for the dump; raise its result "
                                   "size limit (Virtuoso: ResultSetMaxRows)")

    def version(self) -> dict:
        rows = list(self.query(
            f"SELECT ?v ?m WHERE {{ GRAPH {self.version_graph} {{ {self.version_graph} <{OWL_VERSION_INFO}> ?v . "
            f"OPTIONAL {{ {self.version_graph} <{DCTERMS_MODIFIED}> ?m }} }} }} LIMIT 1"))
        if not rows:
            return {"version": "unstamped", "modified": None}
        modified = rows[0]["m"]
        return {"version": rows[0]["v"].value, "modified": modified.value if modified is not None else None}

    def check_union_default_graph(self) -> None:
        """Refuse a server whose default graph is not the union of its named graphs: every query would miss
        the data."""
        named = bool(self.query("ASK { GRAPH ?g { ?s ?p ?o } }"))
        default = bool(self.query("ASK { ?s ?p ?o }"))
        if named and not default:
            raise RemoteStoreError(f"the default graph of the store at {self.endpoints.query} is not the union of "
                                   "its named graphs (Oxigraph: serve with --union-default-graph)")

    # --- writing -------------------------------------------------------------------------------------------------

    def put_ontology(self) -> None:
        super().put_ontology()
        self.check_union_default_graph()

    def _write(self, graphs: dict[ox.NamedNode, Triples], descriptions: dict[ox.NamedNode, Triples],
               additions: dict[ox.NamedNode, Triples]) -> None:
        if self.endpoints.update:
            update = replace_graphs_update(graphs, descriptions, additions)
            self._request("POST", self.endpoints.update, data=update.encode("utf-8"),
                          headers={"Content-Type": "application/sparql-update; charset=utf-8"}).close()
            return
        for method, items in (("PUT", graphs), ("POST", descriptions), ("POST", additions)):
            for name, triples in items.items():
                self._request(method, self.endpoints.graph_store, params={"graph": name.value},
                              data=triples.ntriples, headers={"Content-Type": "application/n-triples"}).close()

    @property
    def replaces_descriptions(self) -> bool:
        return bool(self.endpoints.update)  # the Graph Store Protocol can only add to a graph

    def bulk_add(self, quads: Quads) -> None:
        """As SPARQL updates of BULK_QUADS quads each where the store has an update endpoint; else in one POST of
        N-Quads to its Graph Store Protocol endpoint, which must take a dataset (Oxigraph's /store, Fuseki's
        dataset endpoint)."""
        if not self.endpoints.update and self.endpoints.graph_store:
            self._request("POST", self.endpoints.graph_store, data=quads.nquads,
                          headers={"Content-Type": "application/n-quads"}).close()
            return
        terms = quads.quads()
        for start in range(0, len(terms), BULK_QUADS):
            self._insert(terms[start:start + BULK_QUADS])

    def rewrite_graph(self, name: ox.NamedNode, triples: Iterable[ox.Triple]) -> None:
        """Dropped, then added as bulk_add adds (BULK_QUADS quads a request): not one request of every triple."""
        self.drop_graphs([name])
        self.bulk_add(Quads.of(ox.Quad(t.subject, t.predicate, t.object, name) for t in triples))

    def _insert(self, quads: list[ox.Quad]) -> None:
        graphs: dict[ox.NamedNode, list[ox.Triple]] = {}
        for q in quads:
            graphs.setdefault(q.graph_name, []).append(ox.Triple(q.subject, q.predicate, q.object))
        self._write({}, {}, {name: Triples.of(triples) for name, triples in graphs.items()})

    def mark_changed(self) -> None:
        stamp = new_version()
        g = self.version_graph
        self._replace({g: Triples.of([
            ox.Triple(g, ox.NamedNode(OWL_VERSION_INFO), ox.Literal(stamp["version"])),
            ox.Triple(g, ox.NamedNode(DCTERMS_MODIFIED), ox.Literal(stamp["modified"],
                                                                    datatype=ox.NamedNode(XSD_DATETIME)))])})

    # --- HTTP ----------------------------------------------------------------------------------------------------

    def _request(self, method: str, url: str, **kwargs) -> requests.Response:
        try:
            response = self._session.request(method, url, timeout=self.endpoints.timeout, **kwargs)
        except requests.RequestException as err:
            raise RemoteStoreError(f"cannot reach the store at {url}: {err}") from None
        if response.status_code >= 400:
            message = response.text.strip()[:1000]
            response.close()
            if 400 <= response.status_code < 500 and response.status_code not in (401, 403, 404, 405):
                raise ValueError(f"the store at {url} refused the request ({response.status_code}): {message}")
            raise RemoteStoreError(f"the store at {url} answered {response.status_code}: {message}")
        return response

    def close(self) -> None:
        self._session.close()
