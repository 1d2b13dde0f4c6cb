"""State layer: the catalog — `CatalogStore`, where the catalog on screen comes from (memory,
the device copy, the server revalidated with its ETag) and whether it is the offline copy;
no controls."""

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from app.services.api import ApiClient
from app.services.catalog_api import fetch_catalog
from app.services.catalog_cache import CatalogCache, StoredCatalog
from app.services.errors import ApiError
from app.state.store import Note, Store
from contracts.catalog import Catalog


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Loaded:
    """A catalog to show; `offline` when the server could not be asked and this is the
    device's copy as the server last confirmed it at `confirmed_at`."""

    catalog: Catalog
    confirmed_at: datetime
    offline: bool = False


class CatalogStore(Store):
    """One per app session, shared by every screen that shows the catalog (browse, detail,
    apply, the back office). Public data: nothing to forget at sign-out."""

    def __init__(
        self, api: ApiClient, cache: CatalogCache, clock: Callable[[], datetime] = utc_now
    ) -> None:
        super().__init__()
        self._api = api
        self._cache = cache
        self._clock = clock
        self._stored: StoredCatalog | None = None
        self._cache_read = False
        self.loaded: Loaded | None = None
        self.checked = False  # the server was asked (or tried) in this app session
        self._running: asyncio.Future[Loaded] | None = None

    async def load(self, *, revalidate: bool = False) -> None:
        """Show what is at hand at once; ask the server (ETag) when `revalidate`, when nothing
        is at hand, or when it was not asked yet in this app session (a deep link)."""
        ask = revalidate or not self.checked
        if await self.saved() is None or ask:
            await self.retry()

    async def retry(self) -> None:
        """Ask the server now; with no copy at all and no answer, the problem says so."""
        if not await self.run(self.refresh) and self.problem is not None:
            self.problem = Note("catalog.no_copy")

    async def saved(self) -> Loaded | None:
        """What can be shown at once without the network (memory, else the device copy)."""
        if self.loaded is None:
            stored = await self._stored_copy()
            if stored is not None:
                self.loaded = Loaded(stored.catalog, stored.confirmed_at)
        return self.loaded

    async def refresh(self) -> Loaded:
        """Ask the server (a 304 when unchanged). Unreachable or failing → the device copy,
        flagged offline; raises the ApiError only when there is no copy at all. Screens that
        ask at once (a deep link renders the list and the detail) share one request."""
        if self._running is not None:
            return await asyncio.shield(self._running)
        running = self._running = asyncio.get_running_loop().create_future()
        try:
            loaded = await self._refresh()
            running.set_result(loaded)
            return loaded
        except Exception as exc:
            running.set_exception(exc)
            running.exception()  # marks it seen: nobody else may be waiting
            raise
        finally:
            self._running = None
            if not running.done():  # this caller was cancelled
                running.cancel()

    async def _refresh(self) -> Loaded:
        stored = await self._stored_copy()
        self.checked = True
        try:
            fetched = await fetch_catalog(self._api, stored.etag if stored else None)
        except ApiError:
            if stored is None:
                raise
            self.loaded = Loaded(stored.catalog, stored.confirmed_at, offline=True)
            return self.loaded
        now = self._clock()
        if fetched.catalog is not None:
            stored = await self._cache.save(fetched.catalog, fetched.etag or "", now)
        elif stored is not None:
            stored = await self._cache.confirmed(stored, now)
        else:  # a 304 to a request that named no ETag: the server is confused
            raise ApiError(code="bad_response", status=304)
        self._stored = stored
        self.loaded = Loaded(stored.catalog, now)
        return self.loaded

    async def _stored_copy(self) -> StoredCatalog | None:
        if not self._cache_read:
            self._stored = await self._cache.load()
            self._cache_read = True
        return self._stored
