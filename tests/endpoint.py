"""Helpers of the tests that send requests to the app's SPARQL endpoint (/sparql) through Flask's test client, and a
listener that counts the connections a query makes."""
from __future__ import annotations

import socket
import threading

from rdflib import Dataset, Graph

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
JSON = {"Accept": "application/sparql-results+json"}


def ask(client, form, query, accept=None, **params):
    headers = {"Accept": accept} if accept else {}
    if form == "get":
        return client.get("/sparql", query_string={"query": query, **params}, headers=headers)
    if form == "form":
        return client.post("/sparql", data={"query": query, **params}, headers=headers)
    return client.post("/sparql", data=query, content_type="application/sparql-query", headers=headers,
                       query_string=params)


def triples(client) -> int:
    return int(client.get("/sparql", query_string={"query": COUNT}, headers=JSON).get_json()
               ["results"]["bindings"][0]["n"]["value"])


def triples_in(data: bytes, syntax) -> int:
    if syntax.datasets:
        return sum(len(g) for g in Dataset().parse(data=data, format=syntax.rdflib).graphs())
    return len(Graph().parse(data=data, format=syntax.rdflib))


class Listener:
    """A TCP listener on loopback that counts the connections it receives."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.connections = 0
        self._stop = False
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    @property
    def port(self) -> int:
        return self.sock.getsockname()[1]

    @property
    def url(self):
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/sparql"

    def _accept(self):
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
                self.connections += 1
                conn.close()
            except OSError:
                continue

    def close(self):
        self._stop = True
        self.thread.join()
        self.sock.close()
