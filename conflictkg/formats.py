"""One table of formats: RDF serialisations (negotiation, dumps, CONSTRUCT results) and SPARQL result formats."""
from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import QueryResultsFormat, RdfFormat


W3C = "http://www.w3.org/ns/formats/"


@dataclass(frozen=True)
class RdfSyntax:
    name: str
    media_type: str
    extension: str
    oxigraph: RdfFormat
    rdflib: str
    datasets: bool  # can carry named graphs
    w3c: str  # its IRI under http://www.w3.org/ns/formats/ (service descriptions, VoID)


@dataclass(frozen=True)
class ResultSyntax:
    name: str
    media_type: str
    extension: str
    oxigraph: QueryResultsFormat
    w3c: str


RDF_FORMATS = (
    RdfSyntax("turtle", "text/turtle", "ttl", RdfFormat.TURTLE, "turtle", False, W3C + "Turtle"),
    RdfSyntax("ntriples", "application/n-triples", "nt", RdfFormat.N_TRIPLES, "nt", False, W3C + "N-Triples"),
    RdfSyntax("jsonld", "application/ld+json", "jsonld", RdfFormat.JSON_LD, "json-ld", False, W3C + "JSON-LD"),
    RdfSyntax("rdfxml", "application/rdf+xml", "rdf", RdfFormat.RDF_XML, "xml", False, W3C + "RDF_XML"),
    RdfSyntax("trig", "application/trig", "trig", RdfFormat.TRIG, "trig", True, W3C + "TriG"),
    RdfSyntax("nquads", "application/n-quads", "nq", RdfFormat.N_QUADS, "nquads", True, W3C + "N-Quads"),
)
RESULT_FORMATS = (
    ResultSyntax("json", "application/sparql-results+json", "srj", QueryResultsFormat.JSON, W3C + "SPARQL_Results_JSON"),
    ResultSyntax("xml", "application/sparql-results+xml", "srx", QueryResultsFormat.XML, W3C + "SPARQL_Results_XML"),
    ResultSyntax("csv", "text/csv", "csv", QueryResultsFormat.CSV, W3C + "SPARQL_Results_CSV"),
    ResultSyntax("tsv", "text/tab-separated-values", "tsv", QueryResultsFormat.TSV, W3C + "SPARQL_Results_TSV"),
)
# what CONSTRUCT and DESCRIBE results and resource descriptions are served in (no N-Quads: one graph)
GRAPH_FORMATS = tuple(f for f in RDF_FORMATS if f.name != "nquads")


def rdf_format(name: str) -> RdfSyntax:
    """The RDF format of that name; ValueError listing the known names otherwise."""
    for f in RDF_FORMATS:
        if f.name == name:
            return f
    raise ValueError(f"unknown RDF format {name!r}; known: {', '.join(f.name for f in RDF_FORMATS)}")
