"""State layer: "Permohonan Saya" — the citizen's applications page by page, the first pages
kept on the device per account so the list shows without signal (with when it was synced);
opening it sends what waits in the outbox; no controls."""

from typing import Any

from app.services import applications_api
from app.services.api import ApiClient
from app.services.application_list_cache import ApplicationListCache, StoredList
from app.state.applications import ApplicationsHub
from app.state.offline_list import Clock, Copy, OfflineList, utcnow
from app.state.outbox_sender import Sender
from contracts.applications import ApplicationIn, ApplicationSummary


class ApplicationsStore(OfflineList[ApplicationSummary, ApplicationIn]):
    """The applications' list (see OfflineList): the outbox of applications, the device copy
    in ApplicationListCache."""

    def __init__(
        self,
        api: ApiClient,
        cache: ApplicationListCache,
        hub: ApplicationsHub,
        *,
        clock: Clock = utcnow,
        page_size: int | None = None,
    ) -> None:
        super().__init__(api, hub, clock=clock, page_size=page_size)
        self._cache = cache

    def _sender(self) -> Sender[ApplicationIn, Any]:
        return self._hub.sender

    async def _page(self, cursor: str | None) -> tuple[list[ApplicationSummary], str | None]:
        page = await applications_api.list_page(self._api, cursor, self.page_size)
        return page.items, page.next_cursor

    async def _load_copy(self, owner: str) -> Copy[ApplicationSummary] | None:
        stored = await self._cache.load(owner)
        return (stored.items, stored.next_cursor, stored.synced_at) if stored else None

    async def _save_copy(self, owner: str, copy: Copy[ApplicationSummary]) -> None:
        items, cursor, at = copy
        await self._cache.save(owner, StoredList(items=items, next_cursor=cursor, synced_at=at))

    async def _forget_copy(self, owner: str) -> None:
        await self._cache.forget(owner)
