"""What the public endpoint refuses before running anything, and what it needs to know of a query before the
engine runs it. The query is read as the grammar's tokens (escapes expanded first, as the grammar says): a
string or a comment that says SERVICE is no reason to refuse, an escaped keyword (\\u0053ERVICE) is no way
around it, and a query no full parser reads (rdflib's fails on some the engine runs) is read all the same.
From the tokens: every SERVICE endpoint (refused unless allowed), the query's form (its results a graph or
solutions), its FROM and FROM NAMED, and whether it is an update (refused; a malformed one is a syntax error
first). Reading tokens costs a new query what a repeated one costs (rdflib's full parse took milliseconds).
The check runs in the query worker, within the time limit; and that worker has no network
(conflictkg.sandbox) unless a SERVICE is allowed, so the guard is not the only wall."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import urljoin

import pyoxigraph as ox
from pyparsing import ParseException, ParseResults
from rdflib import URIRef
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
# SPARQL's tokens as far as finding SERVICE needs: what to skip (strings, comments), IRIs, variables, prefixed names
# (and blank node labels), words
_ESCAPED = r"\\[_~.!$&'()*+,;=/?#@%-]|%[0-9A-Fa-f]{2}"  # what a prefixed name's local part may escape
TOKEN = re.compile("|".join((
    # strings and comments (a comment ends at a line feed or a carriage return, as in the engine)
    r'(?P<skip>"""(?:[^"\\]|\\.|"(?!""))*"""|' r"'''(?:[^'\\]|\\.|'(?!''))*'''|"
    r'"(?:[^"\\\n\r]|\\.)*"|' r"'(?:[^'\\\n\r]|\\.)*'|#[^\n\r]*)",
    r'(?P<iri><[^\x00-\x20<>"{}|^`\\]*>)',
    r"(?P<var>[?$][\w\u00B7\u0300-\u036F\u203F\u2040]*)",
    # a prefix and a local name neither begin nor end with "." (so "t:.SERVICE" is t: then SERVICE); a local name
    # may hold escapes (ex:a\#b) and %-encoded bytes
    r"(?P<pname>(?:[^\W\d_](?:[\w.\u00B7-]*[\w\u00B7-])?)?:"
    rf"(?:(?:[\w:]|{_ESCAPED})(?:(?:[\w.:\u00B7-]|{_ESCAPED})*(?:[\w:\u00B7-]|{_ESCAPED}))?)?)",
    r"(?P<word>[A-Za-z_]\w*)",
    r"(?P<other>\S)")))
SERVICE_WORD = re.compile("service", re.IGNORECASE)


class Refused(Exception):
    """A request the endpoint will not run: `status` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def unescape(query: str) -> str:
    """The query with SPARQL's codepoint escapes (\\uXXXX, \\UXXXXXXXX) expanded, as the grammar reads it (one
    past Unicode's last code point is left as it is: the engine will call it an error)."""
    def expanded(m: re.Match) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF else m.group(0)
    return ESCAPE.sub(expanded, query)


GRAPH_FORMS = ("CONSTRUCT", "DESCRIBE")
SOLUTION_FORMS = ("SELECT", "ASK")
UPDATE_FORMS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")


class QueryShape(NamedTuple):
    """What the guard's parse tells of a query that it lets through."""

    graph: bool | None  # its results are a graph (CONSTRUCT, DESCRIBE), or solutions; None: no form the guard knows
    dataset: bool  # it names its own dataset (FROM, FROM NAMED)
    # the IRIs of its FROM and of its FROM NAMED, where each is one (None: the engine resolves them)
    graphs: tuple[tuple[str, ...], tuple[str, ...]] | None = None
    # its answer is the same each time it runs on the same data (up to blank nodes' labels): it calls no function
    # whose value changes from one run to the next, and no other endpoint
    repeatable: bool = True


# a call of a function whose value changes from one call to the next (SPARQL 1.1, 17.4), read loosely: glued to
# what comes before it (the engine reads ORDER BYRAND()), in what looks like an IRI (0<RAND()&&RAND()>1), before a
# comment; and SERVICE anywhere. A string or a name that only looks like one costs the answer its place in the
# server's cache (conflictkg.web.answer_cache), nothing more
CHANGING = re.compile(r"(?:RAND|NOW|UUID|BNODE)\s*(?:#[^\n\r]*[\n\r]\s*)*\(|SERVICE", re.IGNORECASE)


def check_query(query: str, allowed_services: frozenset[str] = frozenset(), base_iri: str = "") -> QueryShape:
    """Raise Refused for an update, or for SERVICE to a URL not in `allowed_services` (empty by default).
    Else the query's shape (relative IRIs in its FROM resolved against `base_iri`, the endpoint's URL)."""
    verdict = _verdict(query, allowed_services, base_iri)
    if not isinstance(verdict, QueryShape):  # (status, message): a QueryShape is a tuple too
        raise Refused(*verdict)
    return verdict


def check_update(update: str) -> None:
    """Raise Refused (400) for an update that is not well-formed SPARQL Update."""
    try:
        parseUpdate(update)
    except (ParseException, ValueError, TypeError, RecursionError) as err:
        raise Refused(400, f"SPARQL Update syntax error: {err}") from None


@lru_cache(maxsize=1024)  # dashboards send the same queries again and again
def _verdict(query: str, allowed_services: frozenset[str], base_iri: str) -> tuple[int, str] | QueryShape:
    try:
        return _check(query, allowed_services, base_iri)
    except Refused as refused:  # kept as its status and message: the exception itself, raised again and again,
        return refused.status, refused.message  # would keep every traceback it was raised with


def _check(query: str, allowed_services: frozenset[str], base_iri: str = "") -> QueryShape:
    if not COMMENT.sub("", query).strip():
        raise Refused(400, "the query is empty: it holds only white space and comments")
    structure = LITERALS.sub(" ", query)
    if _nesting(structure) > MAX_NESTING:
        raise Refused(400, f"the query nests groups or expressions more than {MAX_NESTING} deep, which the engine "
                           "cannot parse; write it flatter")
    if len(OPERATOR.findall(structure)) > MAX_OPERATORS:
        raise Refused(400, f"the query has more than {MAX_OPERATORS} operators, which the engine cannot parse in "
                           "one expression; use VALUES or IN for long lists")
    _check_services(query, allowed_services)
    tokens = _tokens(query)
    prefixes, base, start = _prologue(tokens)
    form = tokens[start][1].upper() if start < len(tokens) and tokens[start][0] == "word" else ""
    if form in UPDATE_FORMS:
        check_update(query)  # a malformed update is a syntax error before it is a refused one
        raise Refused(403, "this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP, "
                           "CREATE, ADD, MOVE, COPY) is not accepted; data changes only through the command line")
    froms = _froms(tokens, prefixes, urljoin(base_iri, base))  # relative IRIs: against the endpoint's URL
    graphs = None if any(iri is None for _, iri in froms) else (
        tuple(iri for named, iri in froms if not named), tuple(iri for named, iri in froms if named))
    return QueryShape(True if form in GRAPH_FORMS else False if form in SOLUTION_FORMS else None, bool(froms),
                      graphs, _repeatable(query))


def _repeatable(query: str) -> bool:
    """Nothing in the query, as written or with its escapes expanded, may call a function whose value changes
    (STRUUID ends in UUID), or SERVICE."""
    return not (CHANGING.search(query) or CHANGING.search(unescape(query)))


def _check_services(query: str, allowed_services: frozenset[str]) -> None:
    """Refused unless every SERVICE the query could hold calls an allowed endpoint. The query is read both as
    written and with its escapes expanded (the grammar expands them first; Oxigraph only inside strings and IRIs).
    Where the word appears other than as a SERVICE the tokens show (in a string, a name, a comment, or glued to
    another word), a full parser (rdflib's) must read the query and find the same SERVICEs, or it is refused:
    a query that two readers read two ways may hide a SERVICE from the one that is not the engine."""
    for text in dict.fromkeys((query, unescape(query))):
        if not SERVICE_WORD.search(text):
            continue
        found = _services(_tokens(text))
        for iri in found:
            if iri is None or iri not in allowed_services:
                raise Refused(400, f"SERVICE (federated query) to {iri or 'a variable endpoint'} is not allowed "
                                   "on this endpoint: it would make the server fetch other hosts")
        if len(SERVICE_WORD.findall(text)) == len(found):
            continue
        try:
            tree = parseQuery(text)
        except (ParseException, ValueError, TypeError, RecursionError):
            tree = None
        parsed = _parsed_services(tree) if tree is not None else None
        if parsed is None or len(parsed) != len(found) or any(i is None or i not in allowed_services for i in parsed):
            raise Refused(400, "SERVICE (federated query) is not allowed on this endpoint in a query that can be "
                               "read two ways: the word SERVICE appears where it is not plainly a SERVICE call")


def _parsed_services(tree) -> list[str | None]:
    """The endpoint of every SERVICE in rdflib's parse tree, prefixed names resolved by its prologue."""
    prefixes = {str(d.get("prefix") or ""): str(d.get("iri")) for d in tree[0]
                if getattr(d, "name", "") == "PrefixDecl"}
    found: list[str | None] = []
    stack = [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            if item.name == "ServiceGraphPattern":
                term = item.get("term")
                if isinstance(term, URIRef):
                    found.append(str(term))
                elif isinstance(term, CompValue) and term.name == "pname":
                    prefix = str(term.get("prefix") or "")
                    found.append(prefixes[prefix] + str(term.get("localname") or "") if prefix in prefixes else None)
                else:
                    found.append(None)
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, ParseResults)):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
    return found


def service_endpoints(query: str) -> list[str | None]:
    """The endpoint of every SERVICE in the query (escapes expanded): prefixed names and BASE resolved; None for a
    variable or anything else that is not an IRI."""
    return _services(_tokens(query))


def _tokens(query: str) -> list[tuple[str, str]]:
    return [(m.lastgroup, m.group()) for m in TOKEN.finditer(query) if m.lastgroup != "skip"]


def _prologue(tokens: list[tuple[str, str]]) -> tuple[dict[str, str], str, int]:
    """The prefixes and base the prologue declares, and where the query after it starts."""
    prefixes: dict[str, str] = {}
    base, i = "", 0
    while i < len(tokens) and tokens[i][0] == "word" and tokens[i][1].upper() in ("PREFIX", "BASE"):
        following = tokens[i + 1:i + 3]
        if tokens[i][1].upper() == "PREFIX" and [k for k, _ in following] == ["pname", "iri"]:
            prefixes[following[0][1]] = urljoin(base, following[1][1][1:-1])
            i += 3
        elif tokens[i][1].upper() == "BASE" and following[:1] and following[0][0] == "iri":
            base = urljoin(base, following[0][1][1:-1])
            i += 2
        else:
            break  # malformed: the engine will say so
    return prefixes, base, i


def _services(tokens: list[tuple[str, str]]) -> list[str | None]:
    prefixes: dict[str, str] = {}
    base, found = "", []
    for i, (kind, text) in enumerate(tokens):
        following = tokens[i + 1:i + 3]
        keyword = text.upper() if kind == "word" else ""
        if keyword == "PREFIX" and [k for k, _ in following] == ["pname", "iri"]:
            prefixes[following[0][1]] = urljoin(base, following[1][1][1:-1])
        elif keyword == "BASE" and following[:1] and following[0][0] == "iri":
            base = urljoin(base, following[0][1][1:-1])
        elif keyword == "SERVICE":
            if following[:1] and following[0][0] == "word" and following[0][1].upper() == "SILENT":
                following = following[1:]
            found.append(_endpoint(following[0] if following else ("", ""), prefixes, base))
    return found


def _froms(tokens: list[tuple[str, str]], prefixes: dict[str, str], base: str) -> list[tuple[bool, str | None]]:
    """(named, IRI) of each FROM and FROM NAMED; the IRI None where it is not one."""
    found = []
    for i, (kind, text) in enumerate(tokens):
        if kind == "word" and text.upper() in ("FROM", "FROMNAMED"):  # the engine takes FROMNAMED<g> too
            following = tokens[i + 1:i + 3]
            named = text.upper() == "FROMNAMED" or (
                bool(following) and following[0][0] == "word" and following[0][1].upper() == "NAMED")
            skip = 1 if named and text.upper() == "FROM" else 0
            target = following[skip] if len(following) > skip else ("", "")
            iri = _endpoint(target, prefixes, base)
            found.append((named, iri if iri and _absolute(iri) else None))  # else the engine resolves it
    return found


def _absolute(iri: str) -> bool:
    try:
        ox.NamedNode(iri)
    except ValueError:
        return False
    return bool(re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", iri))


def _endpoint(token: tuple[str, str], prefixes: dict[str, str], base: str) -> str | None:
    kind, text = token
    if kind == "iri":
        return urljoin(base, text[1:-1])
    prefix, _, local = text.partition(":")
    if kind == "pname" and prefix + ":" in prefixes:
        return prefixes[prefix + ":"] + local
    return None


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

