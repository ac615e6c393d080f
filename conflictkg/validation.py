"""SHACL validation of article graphs against the shapes in shapes/, with reports in plain words. Whether a
graph conforms is first asked of the shapes compiled to SPARQL (conflictkg.shape_check, a fifth of pySHACL's
time); pySHACL, the reference, runs on the graphs they find broken, and on any they cannot judge."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox
import pyshacl
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from .rdf import oxigraph_triples
from .resources import shapes_graph
from .shape_check import breaks_shapes, compiled


@dataclass(frozen=True)
class Violation:
    """One SHACL result: the node that fails, the property, and what is wrong."""

    focus_node: str
    path: str | None
    message: str

    def __str__(self) -> str:
        where = f" ({self.path})" if self.path else ""
        return f"{self.focus_node}{where}: {self.message}"


@lru_cache(maxsize=1)
def _shapes() -> Graph:
    return shapes_graph()


def violations(graph: Graph, triples: list[ox.Triple] | None = None) -> list[Violation]:
    """Every way the graph breaks the shapes (empty when it conforms); `triples`: the graph's as pyoxigraph's,
    where the caller has them."""
    queries = compiled()
    if queries is not None and breaks_shapes(oxigraph_triples(graph) if triples is None else triples,
                                             queries) is False:
        return []
    return reference_violations(graph)


def reference_violations(graph: Graph) -> list[Violation]:
    """What pySHACL finds (the reference the compiled check is held to)."""
    # The shapes name the event classes themselves, so the ontology need not be mixed into every data graph;
    # with no inference pyshacl adds nothing to the graph, so it may read it in place instead of copying it.
    conforms, report, _ = pyshacl.validate(graph, shacl_graph=_shapes(), inference="none",
                                           allow_warnings=False, advanced=False, inplace=True)
    if conforms:
        return []
    out = []
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        message = report.value(result, SH.resultMessage)
        path = report.value(result, SH.resultPath)
        out.append(Violation(str(report.value(result, SH.focusNode)),
                             str(path) if isinstance(path, URIRef) else None,
                             str(message) if message else "violates " + str(report.value(result, SH.sourceShape))))
    return sorted(out, key=lambda v: (v.focus_node, v.message))
