"""Errors, each answered with its status as plain text, or as a page for a browser (a client that prefers HTML
to plain text): one response for every error the app gives."""
from __future__ import annotations

from flask import Flask, Response, current_app, has_request_context, render_template, request
from werkzeug.exceptions import HTTPException

from ..published import NotPublished
from ..remote import RemoteStoreError

INTERNAL_ERROR = "internal error: the server could not answer this request; it has been logged"


def error(status: int, message: str) -> Response:
    accept = request.accept_mimetypes if has_request_context() else None
    if accept is not None and accept.quality("text/html") > accept.quality("text/plain"):
        try:
            page = render_template("error.html", status=status, message=message)
        except Exception:  # noqa: BLE001 - the page itself failed: say it plainly
            current_app.logger.exception("the error page failed")
        else:
            return Response(page, status=status, mimetype="text/html")
    return Response(message + "\n", status=status, mimetype="text/plain")


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(RemoteStoreError, _store_failed)
    app.register_error_handler(NotPublished, _not_published)
    app.register_error_handler(Exception, _unexpected)
    app.before_request(_limit_query_string)


def _http_error(err: HTTPException) -> Response:
    if isinstance(err.response, Response):
        return err.response
    return error(err.code or 500, f"{err.code} {err.name}: {err.description}")


def _unexpected(err: Exception) -> Response:
    """A fault of ours: logged with its traceback, answered without one."""
    current_app.logger.exception("unexpected error")
    return error(500, INTERNAL_ERROR)


def _store_failed(err: RemoteStoreError) -> Response:
    """A remote store that is down or failing: the gateway's fault, said as such."""
    current_app.logger.warning("remote store: %s", err)
    return error(502, str(err))


def _not_published(err: NotPublished) -> Response:
    """Dumps or the description asked for before the loading command has published them."""
    response = error(503, str(err))
    response.headers["Retry-After"] = "60"
    return response


def _limit_query_string() -> Response | None:
    limit = current_app.config["MAX_QUERY_STRING"]
    if len(request.query_string) > limit:
        return error(414, f"the query string is {len(request.query_string)} bytes, over the limit of {limit}: "
                          "send long queries by POST")
    return None
