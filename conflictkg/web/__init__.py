"""The Flask app, as Flask's tutorial lays one out: this factory, views in blueprints (`sparql`, `linked_data`,
`dumps`, `query_page`), the app's store and query workers opened per app (`backend`), one negotiation function
(`negotiation`) and one error type mapped to one response (`errors`)."""
from __future__ import annotations

from flask import Flask
from flask_cors import CORS

from ..loaders.records import WEB_URL
from ..ontology_doc import short
from ..resources import web_dir
from ..settings import ENV_PREFIX, flask_config
from . import backend, dumps, errors, linked_data, query_page, sparql
from .linked_data import href
from .sparql import EXPOSED_HEADERS


def create_app(config: dict | None = None) -> Flask:
    """The app: the settings' defaults, then CONFLICTKG_* environment variables, then the mapping passed."""
    app = Flask(__name__, template_folder=str(web_dir() / "templates"), static_folder=str(web_dir() / "static"))
    app.config.from_prefixed_env(ENV_PREFIX)  # Flask's own keys too (CONFLICTKG_SERVER_NAME...), as Flask reads them
    app.config.update(flask_config(config))  # then ConflictKG's settings, each coerced to its type
    # reads from any origin (YASGUI, Comunica...), including the preflight of application/sparql-query POSTs
    CORS(app, resources={r"/*": {"origins": "*"}}, send_wildcard=True, methods=["GET", "HEAD", "POST", "OPTIONS"],
         allow_headers=["Content-Type", "Accept"], expose_headers=list(EXPOSED_HEADERS))
    for module in (sparql, linked_data, dumps, query_page):
        app.register_blueprint(module.blueprint)
    errors.init_app(app)
    backend.init_app(app)
    app.jinja_env.globals.update(href=href, short=short)
    app.jinja_env.tests["web_url"] = lambda value: bool(WEB_URL.match(str(value)))  # the only URLs pages link
    app.after_request(security_headers)
    return app


# Pages load only the server's own scripts, styles and images, and no other site may frame them.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                               "form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


close_app = backend.close
