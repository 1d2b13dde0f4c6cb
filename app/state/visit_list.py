"""State layer: "Jemput Bola Saya" — the citizen's visit requests page by page, the first pages
kept on the device per account so the list shows without signal (with when it was synced);
what waits in the outbox is shown on top and sent when the list opens; no controls."""

from typing import Any

from app.services import visits_api
from app.services.api import ApiClient
from app.services.visit_cache import StoredVisitList, VisitCache
from app.state.applications import ApplicationsHub
from app.state.offline_list import Clock, Copy, OfflineList, utcnow
from app.state.outbox_sender import Sender
from contracts.visits import VisitRequestIn, VisitSummary


class VisitsStore(OfflineList[VisitSummary, VisitRequestIn]):
    """The visits' list (see OfflineList): the outbox of visit requests, the device copy in
    VisitCache (which also keeps each visit's last detail)."""

    def __init__(
        self,
        api: ApiClient,
        cache: VisitCache,
        hub: ApplicationsHub,
        *,
        clock: Clock = utcnow,
        page_size: int | None = None,
    ) -> None:
        super().__init__(api, hub, clock=clock, page_size=page_size)
        self._cache = cache

    def _sender(self) -> Sender[VisitRequestIn, Any]:
        return self._hub.visits

    async def _page(self, cursor: str | None) -> tuple[list[VisitSummary], str | None]:
        page = await visits_api.list_page(self._api, cursor, self.page_size)
        return page.items, page.next_cursor

    async def _load_copy(self, owner: str) -> Copy[VisitSummary] | None:
        stored = await self._cache.load_list(owner)
        return (stored.items, stored.next_cursor, stored.synced_at) if stored else None

    async def _save_copy(self, owner: str, copy: Copy[VisitSummary]) -> None:
        items, cursor, at = copy
        stored = StoredVisitList(items=items, next_cursor=cursor, synced_at=at)
        await self._cache.save_list(owner, stored)

    async def _forget_copy(self, owner: str) -> None:
        await self._cache.forget(owner)
