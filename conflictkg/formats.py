"""One table of formats: RDF serialisations (negotiation, dumps, CONSTRUCT results) and SPARQL result formats.
Media type, file extension and W3C format IRI are pyoxigraph's (`RdfFormat`, `QueryResultsFormat`); the table
adds only what is ConflictKG's: the short name clients pass as `format=`, rdflib's name for the syntax, and
whether named graphs are served in it."""
from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import QueryResultsFormat, RdfFormat

# the W3C format registry's IRI where pyoxigraph names another (a service description lists these)
W3C_IRI = {"jsonld": "http://www.w3.org/ns/formats/JSON-LD"}
# generic media types clients send for these formats, each read as pyoxigraph (and so Oxigraph's server) reads it:
# application/json is SPARQL JSON for results and JSON-LD for graphs, the XML ones SPARQL XML and RDF/XML,
# text/plain CSV and N-Triples
ALIASES = ("application/json", "application/xml", "text/xml", "text/plain", "application/x-turtle")


class _Syntax:
    """What pyoxigraph's format says about itself."""

    name: str
    oxigraph: RdfFormat | QueryResultsFormat

    @property
    def media_type(self) -> str:
        return self.oxigraph.media_type.split(";", 1)[0]  # "text/csv; charset=utf-8": the charset is the response's

    @property
    def media_types(self) -> tuple[str, ...]:
        """Its media type, then the generic ones that also ask for it."""
        kind = type(self.oxigraph)
        return (self.media_type, *(a for a in ALIASES if kind.from_media_type(a) == self.oxigraph))

    @property
    def extension(self) -> str:
        return self.oxigraph.file_extension

    @property
    def w3c(self) -> str:
        return W3C_IRI.get(self.name, self.oxigraph.iri)


@dataclass(frozen=True)
class RdfSyntax(_Syntax):
    name: str
    oxigraph: RdfFormat
    rdflib: str
    datasets: bool  # served with its named graphs (JSON-LD could carry them; it is served as one graph)


@dataclass(frozen=True)
class ResultSyntax(_Syntax):
    name: str
    oxigraph: QueryResultsFormat


RDF_FORMATS = (
    RdfSyntax("turtle", RdfFormat.TURTLE, "turtle", False),
    RdfSyntax("ntriples", RdfFormat.N_TRIPLES, "nt", False),
    RdfSyntax("jsonld", RdfFormat.JSON_LD, "json-ld", False),
    RdfSyntax("rdfxml", RdfFormat.RDF_XML, "xml", False),
    RdfSyntax("trig", RdfFormat.TRIG, "trig", True),
    RdfSyntax("nquads", RdfFormat.N_QUADS, "nquads", True),
)
RESULT_FORMATS = (
    ResultSyntax("json", QueryResultsFormat.JSON),
    ResultSyntax("xml", QueryResultsFormat.XML),
    ResultSyntax("csv", QueryResultsFormat.CSV),
    ResultSyntax("tsv", QueryResultsFormat.TSV),
)
# what CONSTRUCT and DESCRIBE results and resource descriptions are served in (no N-Quads: one graph)
GRAPH_FORMATS = tuple(f for f in RDF_FORMATS if f.name != "nquads")


def rdf_format(name: str) -> RdfSyntax:
    """The RDF format of that name; ValueError listing the known names otherwise."""
    for f in RDF_FORMATS:
        if f.name == name:
            return f
    raise ValueError(f"unknown RDF format {name!r}; known: {', '.join(f.name for f in RDF_FORMATS)}")
