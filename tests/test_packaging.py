"""End-to-end: installed, the project is one package: everything under `conflictkg`, nothing else at the top of
site-packages, and the data files (ontology, shapes, queries, samples, actor table, templates) inside it."""
from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


SOURCES = ("pyproject.toml", "README.md", "conflictkg", "loaders", "ontology", "shapes", "sparql", "samples")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    """A wheel built from a copy of the sources, so no build folder of the checkout's can leak into it."""
    source, out = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("wheel")
    for name in SOURCES:
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy2
        copy(ROOT / name, source / name, **({"ignore": shutil.ignore_patterns("__pycache__", "*.egg-info")}
                                           if (ROOT / name).is_dir() else {}))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out),
                    str(source)], check=True, capture_output=True, timeout=600)
    (path,) = out.glob("conflictkg-*.whl")
    return zipfile.ZipFile(path)


def test_the_wheel_installs_one_top_level_name(wheel):
    top = {name.split("/", 1)[0] for name in wheel.namelist()}
    assert {t for t in top if not t.endswith(".dist-info")} == {"conflictkg"}
    assert "server.py" not in wheel.namelist()


def test_the_wheel_carries_the_data_files(wheel):
    names = set(wheel.namelist())
    expected = {"conflictkg/ontology/conflictkg.ttl", "conflictkg/loaders/data/actors.csv",
                "conflictkg/web/__init__.py", "conflictkg/templates/query.html", "conflictkg/static/query.js",
                *(f"conflictkg/shapes/{p.name}" for p in (ROOT / "shapes").glob("*.ttl")),
                *(f"conflictkg/sparql/{p.relative_to(ROOT / 'sparql')}" for p in (ROOT / "sparql").rglob("*.rq")),
                *(f"conflictkg/samples/{p.name}" for p in (ROOT / "samples").glob("*.txt"))}
    assert expected <= names


def test_the_checkout_entry_point_is_the_packaged_app():
    import server
    from conflictkg.web import create_app
    assert server.create_app is create_app


def test_a_load_with_workers_runs_outside_the_checkout(tmp_path):
    """Worker processes import the package as installed, not the checkout's top-level folders."""
    samples = ROOT / "samples"
    done = subprocess.run([sys.executable, "-m", "conflictkg.cli", "load", "--quiet", "--workers", "2",
                           "--store", str(tmp_path / "store"), str(samples)], cwd=tmp_path, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "loaded 2 article(s), rejected 0" in done.stdout + done.stderr
