"""The dump files: a list with each file's size and SHA-256 checksum (an HTML page, or JSON), and the files."""
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
             "sha256": f.sha256} for f in files]}))
    return vary(Response(render_template("dumps.html", files=files, version=published().version()), mimetype=HTML))


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
