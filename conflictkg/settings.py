"""Settings, declared once: name, default, help. They feed the CLI, the Flask config and the README."""
from __future__ import annotations

import os
from dataclasses import dataclass

from .vocab import DEFAULT_BASE


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    help: str


SETTINGS = (
    Setting("STORE", "./data/store", "folder of the Oxigraph store (env CONFLICTKG_STORE)"),
    Setting("BASE_IRI", DEFAULT_BASE, "base of the instance IRIs (env CONFLICTKG_BASE_IRI)"),
)
ENV_PREFIX = "CONFLICTKG"


def default_store() -> str:
    """The store folder: $CONFLICTKG_STORE, else ./data/store."""
    return os.environ.get(f"{ENV_PREFIX}_STORE") or str(SETTINGS[0].default)
