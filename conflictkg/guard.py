"""What the public endpoint refuses before running anything: updates, and queries that would make the server
fetch a URL (SERVICE). The check reads the parsed query, not its text, so a string or a comment that says
SERVICE is no reason to refuse, and an escaped keyword (\\u0053ERVICE) is no way around it. A query this parser
cannot read is refused if the word appears anywhere in it, in any token. The check runs in the query worker,
so its parse counts against the time limit; and that worker has no network (conflictkg.sandbox) unless a
SERVICE is allowed, so the guard is not the only wall."""
from __future__ import annotations

import re
from functools import lru_cache

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
COMMENT = re.compile(r"#[^\n]*")  # (also cuts an IRI's fragment, which only matters to an empty query's check)
# Oxigraph's parser recurses once per level and per operator of a chain: 2,000 levels and chains of 6,000 operators
# parse, 5,000 levels and 10,000 operators overflow its stack and end the process
MAX_NESTING = 500
MAX_OPERATORS = 5000
# what holds no operator or bracket of the query's structure: strings, IRIs, comments
LITERALS = re.compile(r'"""(?:.|\n)*?"""|\'\'\'(?:.|\n)*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>|#[^\n]*')
OPERATOR = re.compile(r"\|\||&&|[-+*/=<>!]")


class Refused(Exception):
    """A request the endpoint will not run: `status` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def unescape(query: str) -> str:
    """The query with SPARQL's codepoint escapes (\\uXXXX, \\UXXXXXXXX) expanded, as the grammar reads it."""
    return ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), query)


GRAPH_FORMS = ("ConstructQuery", "DescribeQuery")


def check_query(query: str, allowed_services: frozenset[str] = frozenset()) -> bool | None:
    """Raise Refused for an update, or for SERVICE to a URL not in `allowed_services` (empty by default).
    Else whether the query's results are a graph (CONSTRUCT, DESCRIBE) or solutions (SELECT, ASK); None if
    this parser could not tell."""
    verdict = _verdict(query, allowed_services)
    if isinstance(verdict, tuple):
        raise Refused(*verdict)
    return verdict


@lru_cache(maxsize=1024)  # dashboards send the same queries again and again; parsing one takes milliseconds
def _verdict(query: str, allowed_services: frozenset[str]) -> tuple[int, str] | bool | None:
    try:
        return _check(query, allowed_services)
    except Refused as refused:
        return refused.status, refused.message


def _check(query: str, allowed_services: frozenset[str]) -> bool | None:
    if not COMMENT.sub("", query).strip():
        raise Refused(400, "the query is empty: it holds only white space and comments")
    structure = LITERALS.sub(" ", query)
    if _nesting(structure) > MAX_NESTING:
        raise Refused(400, f"the query nests groups or expressions more than {MAX_NESTING} deep, which the engine "
                           "cannot parse; write it flatter")
    if len(OPERATOR.findall(structure)) > MAX_OPERATORS:
        raise Refused(400, f"the query has more than {MAX_OPERATORS} operators, which the engine cannot parse in "
                           "one expression; use VALUES or IN for long lists")
    try:
        tree = parseQuery(query)
    except (ParseException, ValueError, TypeError, RecursionError):
        tree = None
    if tree is None:
        if _is_update(query):
            raise Refused(403, "this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP, "
                               "CREATE, ADD, MOVE, COPY) is not accepted; data changes only through the command line")
        # not parsed here (the engine will say why, or run a form this parser lacks): stricter, not weaker, than
        # the parsed check: the word anywhere, in any token, refuses it
        if "service" in unescape(query).lower():
            raise Refused(400, "SERVICE (federated query) is not allowed on this endpoint in a query its guard "
                               "cannot parse: it would make the server fetch other hosts")
        return None
    for iri in _services(tree):
        if iri is None or iri not in allowed_services:
            raise Refused(400, f"SERVICE (federated query) to {iri or 'a variable endpoint'} is not allowed on "
                               "this endpoint: it would make the server fetch other hosts")
    return tree[1].name in GRAPH_FORMS


def _nesting(structure: str) -> int:
    """How deep brackets of any kind nest (a closing bracket too many never makes it less deep)."""
    depth = deepest = 0
    for char in structure:
        if char in "({[":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")}]":
            depth = max(depth - 1, 0)
    return deepest


def _is_update(query: str) -> bool:
    try:
        parseUpdate(query)
        return True
    except (ParseException, ValueError, TypeError, RecursionError):
        return False


def _services(node) -> list[str | None]:
    """The endpoint of every SERVICE in the parse tree (None when it is a variable)."""
    found: list[str | None] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            if item.name == "ServiceGraphPattern":
                term = item.get("term")
                found.append(str(term) if term is not None and not str(term).startswith("?")
                             and type(term).__name__ == "URIRef" else None)
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, ParseResults)):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
    return found
