"""Where the project's data files are: the ontology, the shapes, the example queries, the sample articles."""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph


def _dir(package: str) -> Path:
    """The folder of a data package (a namespace package: conflictkg.ontology, .shapes, .sparql, .samples)."""
    return Path(list(importlib.import_module(package).__path__)[0])


def ontology_path() -> Path:
    return _dir("conflictkg.ontology") / "conflictkg.ttl"


def shape_paths() -> list[Path]:
    return sorted(_dir("conflictkg.shapes").glob("*.ttl"))


def query_paths() -> list[Path]:
    return sorted(_dir("conflictkg.sparql").glob("*.rq"))


def samples_dir() -> Path:
    return _dir("conflictkg.samples")


def ontology_graph() -> Graph:
    """The OWL ontology as an rdflib graph."""
    return Graph().parse(ontology_path(), format="turtle")


def shapes_graph() -> Graph:
    """All SHACL shapes, one file per class, as one graph."""
    g = Graph()
    for path in shape_paths():
        g.parse(path, format="turtle")
    return g


def web_dir() -> Path:
    """The server's templates and static files (conflictkg/templates, conflictkg/static)."""
    return Path(__file__).parent


@dataclass(frozen=True)
class ExampleQuery:
    path: Path
    name: str  # the file's stem: articles_per_publisher
    comment: str  # the leading '#' lines, joined
    text: str


def example_queries() -> list[ExampleQuery]:
    """The named example queries of sparql/, each with the comment that opens it."""
    out = []
    for path in query_paths():
        text = path.read_text(encoding="utf-8")
        comment = []
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            comment.append(line.lstrip("# ").strip())
        out.append(ExampleQuery(path, path.stem, " ".join(comment), text))
    return out
