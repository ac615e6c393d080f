"""The Flask app, as Flask's tutorial lays one out: this factory, views in blueprints (`sparql`, `linked_data`,
`dumps`, `query_page`), the app's store and query workers opened per app (`backend`), one negotiation function
(`negotiation`) and one error type mapped to one response (`errors`)."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask
from flask_cors import CORS
from werkzeug.middleware.proxy_fix import ProxyFix

from ..loaders.records import WEB_URL
from ..charts import BASEMAP, timeline, world_map
from ..ontology_doc import short
from ..pages import nice_date, type_name
from ..resources import web_dir
from ..settings import ENV_PREFIX, flask_config
from . import backend, browse, dumps, errors, linked_data, query_page, sparql
from .linked_data import href
from .headers import security_headers
from .sparql import EXPOSED_HEADERS


def create_app(config: dict | None = None) -> Flask:
    """The app: the settings' defaults, then CONFLICTKG_* environment variables, then the mapping passed."""
    app = Flask(__name__, template_folder=str(web_dir() / "templates"), static_folder=str(web_dir() / "static"))
    app.config.from_prefixed_env(ENV_PREFIX)  # Flask's own keys too (CONFLICTKG_SERVER_NAME...), as Flask reads them
    app.config.update(flask_config(config))  # then ConflictKG's settings, each coerced to its type
    # reads from any origin (YASGUI, Comunica...), including the preflight of application/sparql-query POSTs
    CORS(app, resources={r"/*": {"origins": "*"}}, send_wildcard=True, methods=["GET", "HEAD", "POST", "OPTIONS"],
         allow_headers=["Content-Type", "Accept"], expose_headers=list(EXPOSED_HEADERS))
    for module in (sparql, linked_data, dumps, query_page, browse):
        app.register_blueprint(module.blueprint)
    errors.init_app(app)
    backend.init_app(app)
    app.jinja_env.globals.update(href=href, short=short)
    app.jinja_env.filters.update(type_name=type_name, nice_date=nice_date)
    app.jinja_env.globals.update(world_map=world_map, timeline=timeline, basemap=BASEMAP)
    app.jinja_env.tests["web_url"] = lambda value: bool(WEB_URL.match(str(value)))  # the only URLs pages link
    app.after_request(security_headers)
    app.wsgi_app = public_address(app.wsgi_app, app.config["PUBLIC_URL"], app.config["TRUSTED_PROXIES"])
    return app


def public_address(wsgi_app, public_url: str, trusted_proxies: int):
    """The app as reached at PUBLIC_URL whatever Host a request names (links, redirects and descriptions never
    follow a client's Host header); without one, behind TRUSTED_PROXIES proxies whose X-Forwarded-* are used."""
    if not public_url:
        return ProxyFix(wsgi_app, x_for=trusted_proxies, x_proto=trusted_proxies, x_host=trusted_proxies,
                        x_port=trusted_proxies, x_prefix=trusted_proxies) if trusted_proxies else wsgi_app
    address = urlsplit(public_url)
    if address.scheme not in ("http", "https") or not address.netloc:
        raise ValueError(f"PUBLIC_URL must be an http(s) URL such as https://example.org/kg, not {public_url!r}")

    def at_public_address(environ, start_response):
        environ.update({"HTTP_HOST": address.netloc, "wsgi.url_scheme": address.scheme,
                        "SCRIPT_NAME": address.path.rstrip("/")})
        return wsgi_app(environ, start_response)
    return at_public_address


close_app = backend.close
