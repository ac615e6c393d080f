"""The dump files: a list with each file's size and SHA-256 checksum (an HTML page, or JSON), and the files; and the
tables of the events (CSV, conflictkg.exports) published with them, under /export/."""
from __future__ import annotations

from flask import Blueprint, Response, jsonify, render_template, send_file, url_for

from .backend import published
from .errors import error
from .negotiation import HTML, negotiate, vary

blueprint = Blueprint("dumps", __name__)
JSON = "application/json"


@blueprint.route("/dumps/")
def dump_list() -> Response:
    files = published().dumps()
    if negotiate(HTML, JSON) == JSON:
        return vary(jsonify({"version": published().version(), "dumps": [
            {"name": f.name, "url": url_for("dumps.dump_file", name=f.name, _external=True), "format": f.format,
             "mediaType": f.media_type, "gzip": f.gzip, "namedGraphs": f.graphs, "bytes": f.bytes,
             "sha256": f.sha256} for f in files],
            "exports": [{"name": e.name, "url": url_for("dumps.export_file", name=e.name, _external=True),
                         "table": e.table, "mediaType": "text/csv", "rows": e.rows, "bytes": e.bytes,
                         "sha256": e.sha256} for e in published().publication().exports]}))
    return vary(Response(render_template("dumps.html", files=files, exports=published().publication().exports,
                                         version=published().version()), mimetype=HTML))


@blueprint.route("/dumps/<name>")
def dump_file(name: str) -> Response:
    files = {f.name: f for f in published().dumps()}
    if name not in files:
        return error(404, f"no dump {name!r}; available: {', '.join(files)}")
    f = files[name]
    response = send_file(published().dumps_cache.path(name), mimetype="application/gzip" if f.gzip else f.media_type,
                         as_attachment=True, download_name=name, etag=f.sha256, conditional=True)
    response.headers["X-Checksum-Sha256"] = f.sha256
    return response


@blueprint.route("/export/<name>")
def export_file(name: str) -> Response:
    exports = {e.name: e for e in published().publication().exports}
    if name not in exports:
        return error(404, f"no table {name!r}; available: {', '.join(exports)}")
    e = exports[name]
    response = send_file(published().dumps_cache.path(name), mimetype="text/csv", as_attachment=True,
                         download_name=f"conflictkg-{name}", etag=e.sha256, conditional=True)
    response.headers["X-Checksum-Sha256"] = e.sha256
    return response
