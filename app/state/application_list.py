"""State layer: "Permohonan Saya" — the citizen's applications page by page, the first pages
kept on the device per account so the list shows without signal (with when it was synced);
opening it sends what waits in the outbox; no controls."""

from collections.abc import Callable
from datetime import UTC, datetime

from app.services import applications_api
from app.services.api import ApiClient
from app.services.application_list_cache import ApplicationListCache, StoredList
from app.state.applications import ApplicationsHub, OutboxView
from app.state.store import Store
from contracts.applications import ApplicationIn, ApplicationSummary

PAGE_SIZE = 20
Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(UTC)


class ApplicationsStore(Store):
    """One per app session (app/main.py); personal: the device copy and what is shown are
    forgotten at sign-out. `offline` says the list shown is the device's copy from
    `synced_at` because the server could not be reached (no error banner for that)."""

    def __init__(
        self,
        api: ApiClient,
        cache: ApplicationListCache,
        hub: ApplicationsHub,
        *,
        clock: Clock = utcnow,
        page_size: int | None = None,
    ) -> None:
        super().__init__()
        self._api, self._cache, self._hub = api, cache, hub
        self._now, self.page_size = clock, page_size or PAGE_SIZE
        self.items: list[ApplicationSummary] | None = None  # None: nothing to show yet
        self.cursor: str | None = None  # where the next page starts (None: no more)
        self.synced_at: datetime | None = None  # when the server sent what is shown
        self.offline = False
        self._for = ""  # whose list is shown

    @property
    def outbox(self) -> OutboxView[ApplicationIn]:
        """What waits in the outbox (shown on top of the list)."""
        return self._hub.sender.view

    async def load(self) -> None:
        """The stored copy at once, then the server's first page (after sending what waits)."""
        owner = self._hub.owner
        if owner != self._for:
            self._show(None, None, None)
            self._for = owner
        if self.items is None:
            stored = await self._cache.load(owner)
            if stored is not None:
                self._show(stored.items, stored.next_cursor, stored.synced_at)

        async def first_page() -> None:
            await self._hub.sender.flush()  # opening the list is a moment to send what waits
            page = await applications_api.list_page(self._api, limit=self.page_size)
            await self._synced(page.items, page.next_cursor)

        self._settle(await self.run(first_page))

    async def more(self) -> None:
        cursor = self.cursor

        async def next_page() -> None:
            page = await applications_api.list_page(self._api, cursor, self.page_size)
            await self._synced([*(self.items or []), *page.items], page.next_cursor)

        self._settle(await self.run(next_page))

    async def discard(self, key: str) -> None:
        """Drop a refused application from the outbox (the citizen decided)."""
        await self._hub.sender.discard(key)

    async def forget(self) -> None:
        await super().forget()
        for owner in {self._for, self._hub.owner} - {""}:
            await self._cache.forget(owner)
        self._show(None, None, None)
        self._for = ""

    async def _synced(self, items: list[ApplicationSummary], cursor: str | None) -> None:
        now = self._now()
        self._show(items, cursor, now)
        stored = StoredList(items=items, next_cursor=cursor, synced_at=now)
        await self._cache.save(self._for, stored)

    def _settle(self, ok: bool) -> None:
        """No signal with a list on screen: it is the copy from `synced_at`, not an error."""
        self.offline = not ok and self.can_retry and self.items is not None
        if self.offline:
            self.problem = None

    def _show(
        self, items: list[ApplicationSummary] | None, cursor: str | None, at: datetime | None
    ) -> None:
        self.items, self.cursor, self.synced_at = items, cursor, at
        self.offline = False
