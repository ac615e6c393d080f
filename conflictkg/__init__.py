"""ConflictKG: a knowledge-graph publisher for armed-conflict events.

Installed, the whole project is this one package: `conflictkg.loaders`, `conflictkg.ontology`, `conflictkg.shapes`,
`conflictkg.sparql` and `conflictkg.samples` are mapped into it by pyproject.toml's `package-dir`. In a checkout
those folders sit beside this one, at the repository's top, as the project's layout asks; the lines below let
`conflictkg.loaders` find them there too, so a checkout runs the same code without installing it."""
from pathlib import Path as _Path

_CHECKOUT = _Path(__file__).resolve().parent.parent
if (_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / "loaders" / "__init__.py").is_file():
    __path__.append(str(_CHECKOUT))  # noqa: F821 (a package's __path__)
