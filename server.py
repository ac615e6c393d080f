"""The Flask entry point of a checkout: `flask --app server run`. The app itself is conflictkg.web's factory,
which `conflictkg serve` runs with Granian."""
from conflictkg.web import close_app, create_app

__all__ = ["close_app", "create_app"]
