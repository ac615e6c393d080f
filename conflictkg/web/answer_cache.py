"""Answers to repeated queries, kept by the server process for the store's current version, so that a dashboard
or a notebook that sends the same query again gets the same bytes without Flask, a thread or a query worker.
Nothing runs to give a kept answer: every query the server runs still runs in a query worker, within its limits.

It works as an HTTP cache does (RFC 9111), in front of the app: an answer is kept under the request's method,
target, body and every request header but those that cannot change an answer (the client's software, its
address as a proxy forwards it, compression, connection handling: IGNORED_HEADERS). So a header the app reads
(Host and the forwarding headers make the endpoint's own URL; Content-Type, Accept, Origin), however its name is
written (X_Forwarded_Host reaches the app as X-Forwarded-Host does), is always in the key, and an answer whose
Vary names an ignored header is not kept.
It is kept only where the app marked it repeatable (`mark_repeatable`: the SPARQL view, for a query whose
answer is the same each time it runs on the same store: no RAND, NOW, UUID, STRUUID, BNODE or SERVICE), only
for a 200, and only while the store's version stamp is the one it had when the request came in. The stamp is
a file of the embedded store, read on every request (a stat); so a remote store, whose version is a query and
which others may change, gets no cache. A kept answer says so with an Age header, as a cache's answers do.

Bounded: at most ANSWER_CACHE_MB a process, the answers least recently sent going first, and none over an
eighth of that; an answer WholeBodies streams (over about 1 MB) is not kept either. Used from the event loop's
thread only, so it takes no lock."""
from __future__ import annotations

import os
import time
from collections import OrderedDict
from pathlib import Path

from ..remote import is_remote
from ..versions import VERSION_FILE

REPEATABLE = "conflictkg.repeatable"  # the environ key the app sets on a request whose answer may be kept
# the request headers no answer depends on (names as Granian gives them: lower case); any other is in the key
IGNORED_HEADERS = frozenset((b"user-agent", b"accept-encoding", b"accept-language", b"connection", b"keep-alive",
                             b"content-length", b"x-forwarded-for", b"x-real-ip", b"referer", b"dnt", b"cache-control",
                             b"pragma", b"te", b"priority", b"upgrade-insecure-requests"))
IGNORED_PREFIXES = (b"sec-fetch-", b"sec-ch-")  # what browsers say of themselves and of the request's context
HEADER_OVERHEAD = 120  # bytes a header (a tuple of two bytes objects) holds besides its name and value
ENTRY_OVERHEAD = 1024  # bytes an entry holds besides its strings: the key's tuple, the entry's, the dict's slot
KEPT_METHODS = frozenset(("GET", "HEAD", "POST"))


def mark_repeatable(environ: dict) -> None:
    """Say that the answer to this request may be kept and sent again while the store's version is unchanged."""
    environ[REPEATABLE] = True


def answer_cache(config: dict) -> AnswerCache | None:
    """The cache of a server process's app: None for a remote store, or with ANSWER_CACHE_MB at 0."""
    store = str(config["STORE"])
    if not config["ANSWER_CACHE_MB"] or is_remote(store):
        return None
    return AnswerCache(Path(store) / VERSION_FILE, config["ANSWER_CACHE_MB"] * 2 ** 20)


class AnswerCache:
    def __init__(self, version_file: Path, max_bytes: int):
        self.version_file, self.max_bytes = version_file, max_bytes
        self.largest = max_bytes // 8  # bytes one answer may hold, its request's key included
        # key -> (status, headers, body, when kept, bytes held)
        self._answers: OrderedDict[tuple, tuple[int, list, bytes, float, int]] = OrderedDict()
        self._stamp: object = None  # the version stamp the kept answers are for
        self._bytes = 0

    def stamp(self) -> object:
        """What changes when a load stamps a new version (os.replace: a new file, a new inode)."""
        try:
            info = os.stat(self.version_file)
        except OSError:
            return None  # nothing loaded yet: the first load makes the file
        return info.st_ino, info.st_mtime_ns, info.st_size

    @staticmethod
    def key(scope: dict, body: bytes) -> tuple | None:
        """What an answer is kept under; None for a request whose answer is never kept."""
        if scope["method"] not in KEPT_METHODS:
            return None
        headers = tuple(h for h in scope["headers"] if not _ignored(h[0]))
        return (scope["method"], scope.get("scheme"), scope.get("root_path"), scope["path"], scope["query_string"],
                body, headers, scope.get("server"))  # (the server's address names it to a request without a Host)

    def get(self, key: tuple) -> tuple[int, list, bytes] | None:
        """(status, headers, body) kept for the key, for the store's current version; None if there is none."""
        if not self._answers:
            return None
        stamp = self.stamp()
        if stamp != self._stamp:
            self._forget(stamp)
            return None
        kept = self._answers.get(key)
        if kept is None:
            return None
        self._answers.move_to_end(key)
        status, headers, body, when, _ = kept
        return status, [*headers, (b"age", str(int(time.time() - when)).encode())], body

    def keep(self, key: tuple, stamp: object, environ: dict, status: int, headers: list, body: bytes) -> None:
        """Keep the app's answer if it may be: marked repeatable, a 200 not too large, storable (`_storable`), and
        the store's version unchanged since `stamp` (read when the request came in)."""
        if not environ.get(REPEATABLE) or status != 200 or not _storable(headers):
            return
        if self.stamp() != stamp:  # a load stamped a new version meanwhile: the answer may be of either
            return
        if stamp != self._stamp:
            self._forget(stamp)
        size = _size(key, headers, body)
        if size > self.largest:
            return
        old = self._answers.pop(key, None)
        if old is not None:
            self._bytes -= old[4]
        self._answers[key] = (status, headers, body, time.time(), size)
        self._bytes += size
        while self._bytes > self.max_bytes:
            _, old = self._answers.popitem(last=False)
            self._bytes -= old[4]

    def _forget(self, stamp: object) -> None:
        self._answers.clear()
        self._bytes = 0
        self._stamp = stamp


def _ignored(name: bytes) -> bool:
    name = name.lower().replace(b"_", b"-")  # as the app sees it: WSGI names both HTTP_X_FORWARDED_HOST
    return name in IGNORED_HEADERS or name.startswith(IGNORED_PREFIXES)


def _storable(headers: list[tuple[bytes, bytes]]) -> bool:
    """Whether a response with these headers may be kept: it varies on no request header the key leaves out (nor
    on everything: *), sets no cookie, and does not forbid it (Cache-Control: no-store, private)."""
    for name, value in headers:
        if name == b"vary" and any(field.strip() == b"*" or _ignored(field.strip()) for field in value.split(b",")):
            return False
        if name == b"set-cookie" or (name == b"cache-control" and
                                     (b"no-store" in value.lower() or b"private" in value.lower())):
            return False
    return True


def _size(key: tuple, headers: list[tuple[bytes, bytes]], body: bytes) -> int:
    """What an entry holds, near enough: the answer's body and headers, and the request's key (its target, body and
    headers), each header with what its objects cost."""
    held = ENTRY_OVERHEAD + len(body) + sum(len(k) for k in key[3:6] if k)
    return held + sum(len(n) + len(v) + HEADER_OVERHEAD for n, v in (*headers, *key[6]))
