"""Helpers of the tests that send requests to the app's SPARQL endpoint (/sparql) through Flask's test client."""
from __future__ import annotations

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
