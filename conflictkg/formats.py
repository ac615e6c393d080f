"""One table of formats: RDF serialisations (negotiation, dumps, CONSTRUCT results) and SPARQL result formats."""
from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import QueryResultsFormat, RdfFormat


@dataclass(frozen=True)
class RdfSyntax:
    name: str
    media_type: str
    extension: str
    oxigraph: RdfFormat
    rdflib: str
    datasets: bool  # can carry named graphs


@dataclass(frozen=True)
class ResultSyntax:
    name: str
    media_type: str
    extension: str
    oxigraph: QueryResultsFormat


RDF_FORMATS = (
    RdfSyntax("turtle", "text/turtle", "ttl", RdfFormat.TURTLE, "turtle", False),
    RdfSyntax("ntriples", "application/n-triples", "nt", RdfFormat.N_TRIPLES, "nt", False),
    RdfSyntax("jsonld", "application/ld+json", "jsonld", RdfFormat.JSON_LD, "json-ld", False),
    RdfSyntax("rdfxml", "application/rdf+xml", "rdf", RdfFormat.RDF_XML, "xml", False),
    RdfSyntax("trig", "application/trig", "trig", RdfFormat.TRIG, "trig", True),
    RdfSyntax("nquads", "application/n-quads", "nq", RdfFormat.N_QUADS, "nquads", True),
)
RESULT_FORMATS = (
    ResultSyntax("json", "application/sparql-results+json", "srj", QueryResultsFormat.JSON),
    ResultSyntax("xml", "application/sparql-results+xml", "srx", QueryResultsFormat.XML),
    ResultSyntax("csv", "text/csv", "csv", QueryResultsFormat.CSV),
    ResultSyntax("tsv", "text/tab-separated-values", "tsv", QueryResultsFormat.TSV),
)


def rdf_format(name: str) -> RdfSyntax:
    """The RDF format of that name; ValueError listing the known names otherwise."""
    for f in RDF_FORMATS:
        if f.name == name:
            return f
    raise ValueError(f"unknown RDF format {name!r}; known: {', '.join(f.name for f in RDF_FORMATS)}")
