"""SHACL validation of article graphs against the shapes in shapes/, with reports in plain words."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pyshacl
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from .resources import shapes_graph


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


def violations(graph: Graph) -> list[Violation]:
    """Every way the graph breaks the shapes (empty when it conforms)."""
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
