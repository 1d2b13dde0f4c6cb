"""Services layer: loads the UI text catalog (Bahasa Indonesia first, English); no flet imports."""

import json
import logging
from collections.abc import Mapping
from pathlib import Path

log = logging.getLogger(__name__)
CATALOG_DIR = Path(__file__).resolve().parent.parent / "i18n"
DEFAULT_LANGUAGE = "id"
LANGUAGES = ("id", "en")


class Catalog:
    """Every user-visible string, by language then key; `{name}` placeholders are filled in."""

    def __init__(
        self, texts: Mapping[str, Mapping[str, str]], default: str = DEFAULT_LANGUAGE
    ) -> None:
        if default not in texts:
            raise ValueError(f"default language {default!r} missing from catalog")
        self._texts = {lang: dict(entries) for lang, entries in texts.items()}
        self.default = default

    @classmethod
    def load(cls, directory: Path = CATALOG_DIR) -> "Catalog":
        """One catalog from `{lang}.json` plus one `{lang}.<feature>.json` per feature."""
        return cls({lang: _load_language(directory, lang) for lang in LANGUAGES})

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self._texts)

    def supports(self, language: str) -> bool:
        return language in self._texts

    def keys(self, language: str = DEFAULT_LANGUAGE) -> set[str]:
        return set(self._texts.get(language, {}))

    def text(self, language: str, key: str, **params: object) -> str:
        """The text for `key`; falls back to Indonesian, then to the key itself."""
        template = self._texts.get(language, {}).get(key)
        if template is None:
            template = self._texts[self.default].get(key)
        if template is None:
            log.warning("missing catalog key %r", key)
            return key
        return template.format(**params) if params else template


def _load_language(directory: Path, lang: str) -> dict[str, str]:
    files = [directory / f"{lang}.json", *sorted(directory.glob(f"{lang}.*.json"))]
    merged: dict[str, str] = {}
    for path in files:
        entries = json.loads(path.read_text(encoding="utf-8"))
        clash = merged.keys() & entries.keys()
        if clash:
            raise ValueError(f"{path.name} repeats catalog keys: {sorted(clash)}")
        merged.update(entries)
    return merged
