"""The text catalog: same keys in every language, and every key the app uses exists."""

import ast
import json
import re
import string
from pathlib import Path

import pytest

from app.services.errors import ALL_ERRORS
from app.services.i18n import LANGUAGES, Catalog
from app.state.forms import BIRTH_DATE_FORMAT_KEY, INVALID_KEY, KNOWN_CODES, REQUIRED_KEY, error_key

APP = Path(__file__).resolve().parents[2] / "app"


def raw(language: str) -> dict[str, str]:
    """The merged catalog of one language (its main file plus one file per feature)."""
    return {key: Catalog.load().text(language, key) for key in Catalog.load().keys(language)}


def test_feature_files_merge_and_refuse_repeated_keys(tmp_path):
    for lang in LANGUAGES:
        (tmp_path / f"{lang}.json").write_text(json.dumps({"a": lang}), encoding="utf-8")
        (tmp_path / f"{lang}.qr.json").write_text(json.dumps({"b": lang}), encoding="utf-8")
    assert Catalog.load(tmp_path).text("en", "b") == "en"
    (tmp_path / "id.more.json").write_text(json.dumps({"a": "again"}), encoding="utf-8")
    with pytest.raises(ValueError, match="repeats catalog keys"):
        Catalog.load(tmp_path)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def used_keys() -> dict[str, str]:
    """Every literal passed as the first argument to a function called `t` in app/."""
    used = {}
    for path in APP.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "t"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                used[node.args[0].value] = f"{path.relative_to(APP)}:{node.lineno}"
    return used


def test_indonesian_is_the_default_and_english_exists():
    assert LANGUAGES[0] == "id"
    assert Catalog.load().default == "id"
    assert set(LANGUAGES) == {"id", "en"}


def test_every_language_has_the_same_keys():
    keys = {lang: set(raw(lang)) for lang in LANGUAGES}
    assert keys["id"] == keys["en"], keys["id"] ^ keys["en"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_empty_texts_and_same_placeholders(language):
    ids = raw("id")
    for key, text in raw(language).items():
        assert text.strip(), key
        assert placeholders(text) == placeholders(ids[key]), key


def test_the_scan_finds_the_keys_in_use():
    used = used_keys()
    assert len(used) > 50
    assert {"welcome.register", "settings.logout_all", "home.greeting"} <= set(used)


def test_every_key_used_in_app_exists():
    catalog = set(raw("id"))
    missing = {key: where for key, where in used_keys().items() if key not in catalog}
    assert missing == {}


def test_every_typed_error_has_a_friendly_text():
    catalog = raw("id")
    assert {err.catalog_key for err in ALL_ERRORS} <= set(catalog)
    assert catalog["error.offline"] == "Tidak ada koneksi internet. Coba lagi saat sinyal tersedia."


def test_every_form_error_code_has_a_text():
    catalog = set(raw("id"))
    keys = {error_key(code) for code in KNOWN_CODES}
    assert keys | {REQUIRED_KEY, INVALID_KEY, BIRTH_DATE_FORMAT_KEY} <= catalog
    assert error_key("some_new_rule") == INVALID_KEY


def test_keys_follow_one_naming_scheme():
    pattern = re.compile(r"^[a-z_]+\.[a-z0-9_.]+$")
    assert [k for k in raw("id") if not pattern.match(k)] == []


def test_text_falls_back_to_indonesian_then_to_the_key():
    texts = {"id": {"a.b": "Halo, {name}", "only.id": "Hanya"}, "en": {"a.b": "Hi, {name}"}}
    catalog = Catalog(texts)
    assert catalog.text("en", "a.b", name="Siti") == "Hi, Siti"
    assert catalog.text("en", "only.id") == "Hanya"
    assert catalog.text("fr", "a.b", name="Siti") == "Halo, Siti"
    assert catalog.text("id", "no.such") == "no.such"


def test_a_catalog_without_the_default_language_is_refused():
    with pytest.raises(ValueError):
        Catalog({"en": {}})
