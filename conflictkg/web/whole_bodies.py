"""The app as `conflictkg serve` runs it: ASGI in front of the Flask (WSGI) app, so that a request's body is read
in full by the event loop, within HEADER_TIMEOUT and MAX_BODY_BYTES, before one of the server's few threads runs
the app on it. Under Granian's WSGI a thread reads the body as the app asks for it, and 20 clients sending
their bodies a byte a second held every thread: the server answered no one. Here a slow client holds a
coroutine and one of MAX_CONNECTIONS connections, and is answered 408 when its time is up.

The environ is a2wsgi's. Its responder hands each chunk to the event loop and waits for it; here a response's
first megabyte comes back with the thread's answer, in one hop, and only larger ones (the dumps) are read a
chunk per hop. For a cheap query the two measured the same: both cost 0.3 to 0.5 ms more than Granian's own
WSGI interface (docs/benchmarks.md), which is the price of reading bodies before a thread is taken."""
from __future__ import annotations

import asyncio
import io
from concurrent.futures import ThreadPoolExecutor

from a2wsgi.wsgi import build_environ

from .answer_cache import AnswerCache

FIRST_BYTES = 2 ** 20  # a response's bytes that come back with the thread's answer; the rest is streamed


class WholeBodies:
    """ASGI: reads each HTTP request's body (at most `max_bytes`, within `seconds`), then runs the WSGI `app` on
    it in a pool of `threads` threads; or sends the answer `answers` kept for the same request."""

    def __init__(self, app, threads: int, seconds: float, max_bytes: int, answers: AnswerCache | None = None):
        self.app, self.seconds, self.max_bytes, self.answers = app, seconds, max_bytes, answers
        self.pool = ThreadPoolExecutor(threads, thread_name_prefix="conflictkg-request")

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            raise RuntimeError(f"only HTTP is served, not {scope['type']}")
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length", b"0")
        if not declared.isdigit():
            return await _refuse(send, 400, "a Content-Length that is not a number")
        try:
            if int(declared) > self.max_bytes:
                raise _TooLarge
            body = b""
            if declared != b"0" or b"transfer-encoding" in headers:
                async with asyncio.timeout(self.seconds):
                    body = await _read(receive, self.max_bytes)
        except asyncio.TimeoutError:
            return await _refuse(send, 408, f"the request body did not arrive within {self.seconds:g} s "
                                            "(HEADER_TIMEOUT)")
        except _TooLarge:
            return await _refuse(send, 413, f"the request body is over {self.max_bytes} bytes (MAX_BODY_BYTES)")
        except _Gone:
            return None
        key = self.answers and self.answers.key(scope, body)
        if key:
            if kept := self.answers.get(key):
                await send({"type": "http.response.start", "status": kept[0], "headers": kept[1]})
                return await send({"type": "http.response.body", "body": kept[2]})
            stamp = self.answers.stamp()
        loop = asyncio.get_running_loop()
        environ = build_environ(scope, io.BytesIO(body))
        status, headers, first, rest = await loop.run_in_executor(self.pool, self._start, environ)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        if rest is None:
            if key:
                self.answers.keep(key, stamp, environ, status, headers, first)
            return await send({"type": "http.response.body", "body": first})
        try:
            await send({"type": "http.response.body", "body": first, "more_body": True})
            while chunk := await loop.run_in_executor(self.pool, _next, rest):
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b""})
        finally:
            await loop.run_in_executor(self.pool, _close, rest)

    def _start(self, environ: dict):
        """In a thread: the app's status, headers and first bytes, and the rest of its body as an iterator (None
        if there is none)."""
        started = []
        body = self.app(environ, lambda status, headers, exc_info=None: started.append((status, headers)))
        chunks, size, rest = [], 0, iter(body)
        try:
            for chunk in rest:
                chunks.append(chunk)
                size += len(chunk)
                if size >= FIRST_BYTES:
                    break
            else:
                rest = None
                _close(body)
        except BaseException:
            _close(body)
            raise
        status, headers = started[-1]
        encoded = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers]
        return int(status.split(" ", 1)[0]), encoded, b"".join(chunks), rest and _Closing(rest, body)


class _Closing:
    """A WSGI body's iterator that closes the body with it."""

    def __init__(self, rest, body):
        self.rest, self.body = rest, body

    def close(self):
        _close(self.body)


def _next(closing: _Closing) -> bytes:
    for chunk in closing.rest:
        if chunk:
            return chunk
    return b""


def _close(body) -> None:
    close = getattr(body, "close", None)
    if close is not None:
        close()


class _TooLarge(Exception):
    pass


class _Gone(Exception):
    pass


async def _read(receive, max_bytes: int) -> bytes:
    parts, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise _Gone
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > max_bytes:
            raise _TooLarge
        parts.append(chunk)
        if not message.get("more_body"):
            return b"".join(parts)


async def _refuse(send, status: int, message: str) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"x-content-type-options", b"nosniff"),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": (message + "\n").encode()})
