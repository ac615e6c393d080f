"""The shapes in shapes/ compiled to SPARQL ASK queries, which Oxigraph answers over an article's graph in about
3 ms where pySHACL takes about 17: true when some node breaks some shape. They only say whether a graph
conforms; pySHACL stays the reference, which gives the report when they say a graph does not conform
(conflictkg.validation), and which tests/test_shape_check.py holds them equal to, on valid graphs and on
graphs broken every way the shapes forbid.

One query per few constraints: Oxigraph's parsing and planning of a union grows faster than its branches (all
71 constraints in one union took 12.8 ms on an empty store; one per query 3.3 ms in all; four per query 2.9).

The compiler knows the SHACL Core constraints the shapes use: targets by class and by subjects of a property
(a class's instances are what rdf:type says: a graph that states rdfs:subClassOf goes to pySHACL); property shapes with a predicate or a sequence path; sh:minCount and
sh:maxCount of 0 or 1 (sh:qualifiedMinCount and sh:qualifiedMaxCount too); sh:class, sh:datatype (the lexical
form valid for XSD types with a cast), sh:nodeKind, sh:in, sh:hasValue, sh:minLength, sh:minInclusive,
sh:lessThan, sh:lessThanOrEquals; sh:or of value shapes and sh:xone of property shapes. A shape that uses
anything else makes `compile_shapes` raise Unsupported, and validation falls back to pySHACL alone."""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD

from .rdf import to_oxigraph

# what sh:datatype checks beyond the datatype IRI: that the lexical form is valid, where SPARQL has a cast
CASTS = {XSD.string, XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.boolean, XSD.date, XSD.dateTime}
PER_QUERY = 4
SUBCLASS_OF = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
# what rdflib (and so pySHACL) reads as a date or a date-time: XSD 1.1 (and Oxigraph) also takes year 0,
# negative and longer years and 24:00, which Oxigraph stores as the next day: such a graph goes to pySHACL
PYTHON_FORMS = {ox.NamedNode(str(XSD.date)): re.compile(r"(?!0000)[0-9]{4}-[0-9]{2}-[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?"),
                ox.NamedNode(str(XSD.dateTime)): re.compile(r"(?!0000)[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):.*")}
# the triples of a shape that are not constraints
IGNORED = {RDF.type, SH.message, SH.targetClass, SH.targetSubjectsOf, SH.property, SH.path, SH.name,
           SH.description, SH.severity, SH.deactivated, URIRef("http://www.w3.org/2000/01/rdf-schema#comment"),
           SH.qualifiedMinCount, SH.qualifiedMaxCount}
NODE_KINDS = {SH.IRI: "isIRI({})", SH.Literal: "isLITERAL({})", SH.BlankNode: "isBLANK({})",
              SH.BlankNodeOrIRI: "(isBLANK({0}) || isIRI({0}))", SH.BlankNodeOrLiteral: "(isBLANK({0}) || isLITERAL({0}))",
              SH.IRIOrLiteral: "(isIRI({0}) || isLITERAL({0}))"}


class Unsupported(ValueError):
    """The shapes use a SHACL feature the compiler does not know."""


@lru_cache(maxsize=1)
def compiled() -> tuple[str, ...] | None:
    """The ASK queries for the project's shapes (None if they use what the compiler does not know)."""
    from .resources import shapes_graph
    try:
        return compile_shapes(shapes_graph())
    except Unsupported:
        return None


def breaks_shapes(triples: list[ox.Triple], queries: tuple[str, ...]) -> bool | None:
    """Whether some node of the triples breaks the shapes the queries were compiled from; None for a graph that
    states subclasses (rdfs:subClassOf), where a class's instances are more than its rdf:type says, and for
    triples that were more before they became pyoxigraph's (rdflib keeps "x" and "x"^^xsd:string apart), and
    dates rdflib cannot read (PYTHON_FORMS)."""
    if any(t.predicate == SUBCLASS_OF for t in triples) or len(set(triples)) < len(triples) or not all(
            PYTHON_FORMS[t.object.datatype].fullmatch(t.object.value) for t in triples
            if isinstance(t.object, ox.Literal) and t.object.datatype in PYTHON_FORMS):
        return None  # (two of rdflib's terms that are one in RDF 1.1: "x" and "x"^^xsd:string)
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    return any(bool(store.query(query)) for query in queries)


def compile_shapes(shapes: Graph) -> tuple[str, ...]:
    """ASK queries, one of which is true over a data graph where some focus node breaks some shape: unions of
    PER_QUERY constraints, each branch binding the shape's focus nodes itself (a filter sees only its own
    group's variables)."""
    branches = [f"{{ {target}\n  {violation} }}" for target, violation in checks(shapes)]
    return tuple("ASK {\n" + "\nUNION\n".join(branches[start:start + PER_QUERY]) + "\n}"
                 for start in range(0, len(branches), PER_QUERY))


def checks(shapes: Graph) -> list[tuple[str, str]]:
    """(a pattern binding ?focus to a shape's focus nodes, a pattern that matches when ?focus breaks one of
    its constraints), for every constraint of every shape."""
    names = itertools.count()
    out = []
    for shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str):
        if (shape, SH.deactivated, Literal(True)) not in shapes:
            target = _target(shapes, shape)
            out += [(target, violation) for violation in _node_violations(shapes, shape, names)]
    return out


def _term(node) -> str:
    if isinstance(node, BNode):
        raise Unsupported(f"a blank node where a constant is expected: {node}")
    return str(to_oxigraph(node))


def _list(shapes: Graph, head) -> list:
    return list(Collection(shapes, head))


def _target(shapes: Graph, shape) -> str:
    """A pattern binding ?focus to each of the shape's focus nodes."""
    parts = []
    classes = sorted(shapes.objects(shape, SH.targetClass), key=str)
    if classes:
        parts.append(f"{{ VALUES ?_class {{ {' '.join(map(_term, classes))} }} ?focus a ?_class }}")
    for prop in sorted(shapes.objects(shape, SH.targetSubjectsOf), key=str):
        parts.append(f"{{ ?focus {_term(prop)} [] }}")
    for other in (SH.targetNode, SH.targetObjectsOf):
        if (shape, other, None) in shapes:
            raise Unsupported(f"{other} in {shape}")
    if not parts:
        raise Unsupported(f"a node shape without targets: {shape}")
    return "{ " + " UNION ".join(parts) + " }"


def _node_violations(shapes: Graph, shape, names) -> list[str]:
    """Patterns (with ?focus bound) that match when the focus node breaks the node shape."""
    out = []
    for p, o in shapes.predicate_objects(shape):
        if p in IGNORED:
            continue
        if p == SH.xone:  # exactly one member conforms (as booleans: Oxigraph 0.5 summed IF(EXISTS ..) wrongly)
            members = [_conforms(shapes, member, "?focus", names) for member in _list(shapes, o)]
            one = [" && ".join(m if i == j else f"!{m}" for j, m in enumerate(members)) for i in range(len(members))]
            out.append("FILTER(!(" + " || ".join(f"({x})" for x in one) + "))")
        else:
            raise Unsupported(f"{p} on node shape {shape}")
    for prop in shapes.objects(shape, SH.property):
        out += [f"FILTER NOT EXISTS {{ {v.pattern} }}" if isinstance(v, Missing) else v
                for v in _property_violations(shapes, prop, "?focus", names)]
    return out


def _path(shapes: Graph, node) -> str:
    if isinstance(node, URIRef):
        return _term(node)
    if isinstance(node, BNode) and (node, RDF.first, None) in shapes:
        return "(" + "/".join(_path(shapes, step) for step in _list(shapes, node)) + ")"
    raise Unsupported(f"a path the compiler does not know: {node}")


@dataclass(frozen=True)
class Missing:
    """A constraint broken when this pattern does not match (sh:minCount, sh:hasValue): kept apart from those
    broken when a pattern matches, so that conformance is EXISTS rather than NOT EXISTS of a NOT EXISTS."""

    pattern: str


def _property_violations(shapes: Graph, prop, focus: str, names) -> list[str | Missing]:
    """Per constraint of the property shape, a pattern that matches when `focus` breaks it, or what must
    match for it not to (Missing)."""
    path = _path(shapes, shapes.value(prop, SH.path))
    out = []
    for p, o in shapes.predicate_objects(prop):
        v, w = f"?_v{next(names)}", f"?_w{next(names)}"
        if p in IGNORED:
            continue
        if p == SH.minCount:
            if int(o) > 1:
                raise Unsupported("sh:minCount over 1")
            if int(o) == 1:
                out.append(Missing(f"{focus} {path} {v}"))
        elif p == SH.maxCount:
            if int(o) > 1:
                raise Unsupported("sh:maxCount over 1")
            out.append(f"{focus} {path} {v} . " + (f"{focus} {path} {w} . FILTER(!sameTerm({v}, {w}))" if int(o) else ""))
        elif p == SH.hasValue:
            out.append(Missing(f"{focus} {path} {v} . FILTER(sameTerm({v}, {_term(o)}))"))
        elif p == SH.qualifiedValueShape:
            conforms = _conforms(shapes, o, v, names)
            low, high = shapes.value(prop, SH.qualifiedMinCount), shapes.value(prop, SH.qualifiedMaxCount)
            if (low is not None and int(low) > 1) or (high is not None and int(high) > 1):
                raise Unsupported("a qualified count over 1")
            if low is not None and int(low) == 1:
                out.append(Missing(f"{focus} {path} {v} . FILTER({conforms})"))
            if high is not None:
                other = _conforms(shapes, o, w, names)
                out.append(f"{focus} {path} {v} . FILTER({conforms}) " +
                           (f"{focus} {path} {w} . FILTER({other} && !sameTerm({v}, {w}))" if int(high) else ""))
        elif p in (SH.lessThan, SH.lessThanOrEquals):
            operator = "<" if p == SH.lessThan else "<="
            out.append(f"{focus} {path} {v} . {focus} {_term(o)} {w} . FILTER(!COALESCE({v} {operator} {w}, false))")
        else:
            out.append(f"{focus} {path} {v} . FILTER(!({_value_check(shapes, p, o, v, names)}))")
    return out


def _value_check(shapes: Graph, p, o, v: str, names) -> str:
    """An expression true when the value node `v` meets the one constraint (p, o)."""
    if p == SH.datatype:
        check = f"(isLITERAL({v}) && sameTerm(DATATYPE({v}), {_term(o)})"
        if o in CASTS:
            check += f" && COALESCE({_term(o)}(STR({v})) = {_term(o)}(STR({v})), false)"
        return check + ")"
    if p == SH.nodeKind:
        if o not in NODE_KINDS:
            raise Unsupported(f"sh:nodeKind {o}")
        return NODE_KINDS[o].format(v)
    if p == SH["class"]:
        return f"EXISTS {{ {v} a {_term(o)} }}"
    if p == SH["in"]:
        return "(" + " || ".join(f"sameTerm({v}, {_term(x)})" for x in _list(shapes, o)) + ")" \
            if _list(shapes, o) else "false"
    if p == SH.minLength:
        return f"(!isBLANK({v}) && STRLEN(STR({v})) >= {int(o)})"
    if p == SH.maxLength:
        return f"(!isBLANK({v}) && STRLEN(STR({v})) <= {int(o)})"
    if p == SH.minInclusive:
        return f"COALESCE({v} >= {_term(o)}, false)"
    if p == SH.maxInclusive:
        return f"COALESCE({v} <= {_term(o)}, false)"
    if p == SH["or"]:
        return "(" + " || ".join(_conforms(shapes, member, v, names) for member in _list(shapes, o)) + ")"
    raise Unsupported(f"{p} on a property shape")


def _conforms(shapes: Graph, shape, node: str, names) -> str:
    """An expression true when `node` conforms to `shape`: a shape of value constraints, or a property shape."""
    if (shape, SH.path, None) in shapes:
        violations = _property_violations(shapes, shape, node, names)
        return "(" + " && ".join(f"EXISTS {{ {v.pattern} }}" if isinstance(v, Missing) else f"NOT EXISTS {{ {v} }}"
                                 for v in violations) + ")" if violations else "true"
    checks = [_value_check(shapes, p, o, node, names) for p, o in shapes.predicate_objects(shape) if p not in IGNORED]
    return "(" + " && ".join(checks) + ")" if checks else "true"
