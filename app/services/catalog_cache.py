"""Services layer: the last catalog the server sent, kept on the device (secure storage on
phones and web, memory on desktop) so browsing works without signal; no flet imports."""

import asyncio
import logging
from datetime import datetime

from pydantic import BaseModel, ValidationError

from app.services.tokens import SecureStorageBackend
from contracts.catalog import Catalog

log = logging.getLogger(__name__)
CATALOG_KEY = "satupintu.catalog"
CHECKED_KEY = "satupintu.catalog.checked"  # small: a 304 does not rewrite the whole catalog


class StoredCatalog(BaseModel):
    """The catalog, its ETag, when it was downloaded and when the server last confirmed it."""

    etag: str
    fetched_at: datetime
    catalog: Catalog
    checked_at: datetime | None = None

    @property
    def confirmed_at(self) -> datetime:
        return self.checked_at or self.fetched_at


class CatalogCache:
    """Reads and writes the stored catalog; a failing backend only costs the offline copy.
    (De)serialising ~180 KB runs off the UI thread."""

    def __init__(self, backend: SecureStorageBackend) -> None:
        self._backend = backend

    async def load(self) -> StoredCatalog | None:
        raw = await self._get(CATALOG_KEY)
        if not raw:
            return None
        try:
            stored = await asyncio.to_thread(StoredCatalog.model_validate_json, raw)
        except ValidationError:  # written by another app version: download again
            log.info("stored catalog unreadable; ignoring it")
            return None
        checked = await self._get(CHECKED_KEY)
        return stored.model_copy(update={"checked_at": _parse_time(checked)})

    async def save(self, catalog: Catalog, etag: str, fetched_at: datetime) -> StoredCatalog:
        stored = StoredCatalog(etag=etag, fetched_at=fetched_at, catalog=catalog)
        await self._set(CATALOG_KEY, await asyncio.to_thread(stored.model_dump_json))
        await self._set(CHECKED_KEY, fetched_at.isoformat())
        return stored

    async def confirmed(self, stored: StoredCatalog, checked_at: datetime) -> StoredCatalog:
        """The server answered 304: the copy is current as of `checked_at`."""
        await self._set(CHECKED_KEY, checked_at.isoformat())
        return stored.model_copy(update={"checked_at": checked_at})

    async def _get(self, key: str) -> str | None:
        try:
            return await self._backend.get(key)
        except Exception:
            log.warning("device storage read failed", exc_info=True)
            return None

    async def _set(self, key: str, value: str) -> None:
        try:
            await self._backend.set(key, value)
        except Exception:
            log.warning("device storage write failed; catalog kept in memory", exc_info=True)


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None
