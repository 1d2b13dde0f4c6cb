"""State layer: "Jemput Bola Saya" — the citizen's visit requests page by page, the first page
kept on the device per account so the list shows without signal (with when it was synced);
what waits in the outbox is shown on top and sent when the list opens; no controls."""

from collections.abc import Callable
from datetime import UTC, datetime

from app.services import visits_api
from app.services.api import ApiClient
from app.services.visit_cache import StoredVisitList, VisitCache
from app.state.applications import ApplicationsHub
from app.state.outbox_sender import OutboxView
from app.state.store import Store
from contracts.visits import VisitRequestIn, VisitSummary

PAGE_SIZE = 20
Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(UTC)


class VisitsStore(Store):
    """One per app session (app/main.py); personal: the device copy and what is shown are
    forgotten at sign-out. `offline`: the list shown is the device's copy from `synced_at`
    because the server could not be reached (no error banner for that)."""

    def __init__(
        self,
        api: ApiClient,
        cache: VisitCache,
        hub: ApplicationsHub,
        *,
        clock: Clock = utcnow,
        page_size: int = PAGE_SIZE,
    ) -> None:
        super().__init__()
        self._api, self._cache, self._hub = api, cache, hub
        self._now, self.page_size = clock, page_size
        self.items: list[VisitSummary] | None = None  # None: nothing to show yet
        self.cursor: str | None = None
        self.synced_at: datetime | None = None
        self.offline = False
        self._for = ""

    @property
    def outbox(self) -> OutboxView[VisitRequestIn]:
        """The requests waiting on this device (shown on top of the list)."""
        return self._hub.visits.view

    async def load(self) -> None:
        """The stored copy at once, then the server's first page (after sending what waits)."""
        owner = self._hub.owner
        if owner != self._for:
            self._show(None, None, None)
            self._for = owner
        if self.items is None:
            stored = await self._cache.load_list(owner)
            if stored is not None:
                self._show(stored.items, stored.next_cursor, stored.synced_at)

        async def first_page() -> None:
            await self._hub.visits.flush()  # opening the list is a moment to send what waits
            page = await visits_api.list_page(self._api, limit=self.page_size)
            await self._synced(page.items, page.next_cursor)

        self._settle(await self.run(first_page))

    async def more(self) -> None:
        cursor = self.cursor

        async def next_page() -> None:
            page = await visits_api.list_page(self._api, cursor, self.page_size)
            self._show([*(self.items or []), *page.items], page.next_cursor, self.synced_at)

        self._settle(await self.run(next_page))

    async def discard(self, key: str) -> None:
        """Drop a refused request from the outbox (the citizen decided)."""
        await self._hub.visits.discard(key)

    async def forget(self) -> None:
        await super().forget()
        for owner in {self._for, self._hub.owner} - {""}:
            await self._cache.forget(owner)
        self._show(None, None, None)
        self._for = ""

    async def _synced(self, items: list[VisitSummary], cursor: str | None) -> None:
        now = self._now()
        self._show(items, cursor, now)
        stored = StoredVisitList(items=items, next_cursor=cursor, synced_at=now)
        await self._cache.save_list(self._for, stored)

    def _settle(self, ok: bool) -> None:
        self.offline = not ok and self.can_retry and self.items is not None
        if self.offline:
            self.problem = None

    def _show(
        self, items: list[VisitSummary] | None, cursor: str | None, at: datetime | None
    ) -> None:
        self.items, self.cursor, self.synced_at = items, cursor, at
        self.offline = False
