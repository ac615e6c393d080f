"""conflictkg.settings: settings are declared once (SETTINGS): read from the environment and coerced there, fed to
the app's config and the CLI's defaults, and listed in the README's one settings table."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conflictkg.cli import main
from conflictkg.settings import SETTINGS, flask_config, setting, settings_table
from conflictkg.web import close_app, create_app

README = Path(__file__).resolve().parent.parent / "README.md"


def test_the_readme_lists_every_setting_as_declared():
    assert settings_table() in README.read_text(encoding="utf-8")
    assert len({s.name for s in SETTINGS}) == len(SETTINGS)


@pytest.mark.parametrize("declared", SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_read_from_its_environment_variable_as_its_type(declared, monkeypatch):
    value = {str: "x", int: 7, float: 2.5}[type(declared.default)]
    monkeypatch.setenv(declared.env, str(value))
    assert setting(declared.name) == value
    assert type(setting(declared.name)) is type(declared.default)
    config = flask_config()
    expected = value + "/" if declared.name == "BASE_IRI" else value
    assert config[declared.name] == expected


def test_an_empty_variable_is_the_default(monkeypatch):
    monkeypatch.setenv("CONFLICTKG_ROW_LIMIT", "")
    assert setting("ROW_LIMIT") == 10000


@pytest.mark.parametrize("name, value", [("ROW_LIMIT", "many"), ("QUERY_TIMEOUT", "-1"), ("QUERY_WORKERS", "2.5")])
def test_a_bad_value_names_the_setting_and_its_variable(name, value, monkeypatch):
    monkeypatch.setenv(f"CONFLICTKG_{name}", value)
    with pytest.raises(ValueError, match=f"{name} \\(CONFLICTKG_{name}\\)"):
        setting(name)
    with pytest.raises(ValueError, match=name):
        create_app()


def test_the_app_coerces_what_it_is_given(tmp_path):
    app = create_app({"STORE": str(tmp_path / "store"), "ROW_LIMIT": "25", "BASE_IRI": "http://example.org/id"})
    try:
        assert app.config["ROW_LIMIT"] == 25
        assert app.config["BASE_IRI"] == "http://example.org/id/"
        assert app.config["MAX_CONTENT_LENGTH"] == app.config["MAX_BODY_BYTES"]
    finally:
        close_app(app)


def test_the_command_line_takes_its_defaults_from_the_settings(monkeypatch):
    monkeypatch.setenv("CONFLICTKG_SERVER_PROCESSES", "3")
    monkeypatch.setenv("CONFLICTKG_SERVER_THREADS", "5")
    help_text = CliRunner().invoke(main, ["serve", "--help"]).output
    assert "$CONFLICTKG_SERVER_THREADS" in help_text and "$CONFLICTKG_SERVER_PROCESSES" in help_text
    context = main.make_context("conflictkg", ["serve"])
    serve = main.get_command(context, "serve")
    params = serve.make_context("serve", []).params
    assert params["processes"] == 3 and params["threads"] == 5


def test_flask_keys_are_read_from_the_environment_too(tmp_path, monkeypatch):
    monkeypatch.setenv("CONFLICTKG_PREFERRED_URL_SCHEME", "https")
    app = create_app({"STORE": str(tmp_path / "store")})
    try:
        assert app.config["PREFERRED_URL_SCHEME"] == "https"
    finally:
        close_app(app)


def test_a_float_is_no_int_setting():
    with pytest.raises(ValueError, match="ROW_LIMIT"):
        create_app({"ROW_LIMIT": 2.5})
    app = create_app({"ROW_LIMIT": 25.0})
    try:
        assert app.config["ROW_LIMIT"] == 25
    finally:
        close_app(app)


def test_store_from_environment(tmp_path, monkeypatch, samples):
    monkeypatch.setenv("CONFLICTKG_STORE", str(tmp_path / "env-store"))
    from conflictkg.settings import default_store
    assert default_store() == str(tmp_path / "env-store")
