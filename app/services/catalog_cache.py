"""Services layer: the last catalog the server sent, kept on the device (secure storage on
phones and web, memory on desktop) so browsing works without signal; no flet imports."""

from datetime import datetime

from pydantic import BaseModel

from app.services.device_store import DeviceStore
from contracts.catalog import Catalog

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
    """Reads and writes the stored catalog through the device store; a failing backend only
    costs the offline copy. (De)serialising ~180 KB runs off the UI thread."""

    def __init__(self, device: DeviceStore) -> None:
        self._device = device

    async def load(self) -> StoredCatalog | None:
        stored = await self._device.read(CATALOG_KEY, StoredCatalog, off_thread=True)
        if stored is None:
            return None
        checked = await self._device.read_text(CHECKED_KEY)
        return stored.model_copy(update={"checked_at": _parse_time(checked)})

    async def save(self, catalog: Catalog, etag: str, fetched_at: datetime) -> StoredCatalog:
        stored = StoredCatalog(etag=etag, fetched_at=fetched_at, catalog=catalog)
        await self._device.write(CATALOG_KEY, stored, off_thread=True)
        await self._device.write_text(CHECKED_KEY, fetched_at.isoformat())
        return stored

    async def confirmed(self, stored: StoredCatalog, checked_at: datetime) -> StoredCatalog:
        """The server answered 304: the copy is current as of `checked_at`."""
        await self._device.write_text(CHECKED_KEY, checked_at.isoformat())
        return stored.model_copy(update={"checked_at": checked_at})


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None
