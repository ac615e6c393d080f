"""Where the project's data files are: the ontology, the shapes, the example queries, the sample articles."""
from __future__ import annotations

import importlib
from pathlib import Path

from rdflib import Graph


def _dir(package: str) -> Path:
    """The folder of a data package (a namespace package: ontology, shapes, sparql, samples)."""
    return Path(list(importlib.import_module(package).__path__)[0])


def ontology_path() -> Path:
    return _dir("ontology") / "conflictkg.ttl"


def shape_paths() -> list[Path]:
    return sorted(_dir("shapes").glob("*.ttl"))


def query_paths() -> list[Path]:
    return sorted(_dir("sparql").glob("*.rq"))


def samples_dir() -> Path:
    return _dir("samples")


def ontology_graph() -> Graph:
    """The OWL ontology as an rdflib graph."""
    return Graph().parse(ontology_path(), format="turtle")


def shapes_graph() -> Graph:
    """All SHACL shapes, one file per class, as one graph."""
    g = Graph()
    for path in shape_paths():
        g.parse(path, format="turtle")
    return g
