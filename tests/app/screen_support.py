"""Tests: what the headless screen-test modules share — SQLite-only database, catalog texts."""

import shutil
from pathlib import Path

import pytest

from app.services.i18n import Catalog

BASE_URL = "http://testserver"
CATALOG = Catalog.load()


@pytest.fixture
def db_url(tmp_path: Path, sqlite_template: Path) -> str:
    """Screen tests run on SQLite only (overrides the sqlite+postgres parametrisation)."""
    path = tmp_path / "satupintu.db"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite+aiosqlite:///{path}"


def t(key: str, language: str = "id", **params: object) -> str:
    """A catalog text, failing the test when the key is missing."""
    text = CATALOG.text(language, key, **params)
    assert text != key, f"catalog key {key!r} missing"
    return text
