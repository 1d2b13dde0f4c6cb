"""State layer: a citizen's own list read page by page, what was shown kept on the device per
account (so it shows without signal, with when it was synced) and what waits in its outbox on
top — the shape of "Permohonan Saya" and "Jemput Bola Saya"; no controls."""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from app.services.api import ApiClient
from app.state.applications import ApplicationsHub
from app.state.outbox_sender import OutboxView, Sender
from app.state.store import Store

PAGE_SIZE = 20
Clock = Callable[[], datetime]
T = TypeVar("T")  # one row of the list
P = TypeVar("P", bound=BaseModel)  # the body of a submission waiting in the outbox
Copy = tuple[list[T], str | None, datetime]  # rows, the next page's cursor, when synced


def utcnow() -> datetime:
    return datetime.now(UTC)


class OfflineList(Store, Generic[T, P]):
    """One per app session (app/main.py); personal: the device copy and what is shown are
    forgotten at sign-out. `offline`: the list shown is the device's copy from `synced_at`
    because the server could not be reached (no error banner for that). A feature names its
    outbox, its page call and its device copy in the five methods below."""

    def __init__(
        self,
        api: ApiClient,
        hub: ApplicationsHub,
        *,
        clock: Clock = utcnow,
        page_size: int | None = None,
    ) -> None:
        super().__init__()
        self._api, self._hub = api, hub
        self._now, self.page_size = clock, page_size or PAGE_SIZE
        self.items: list[T] | None = None  # None: nothing to show yet
        self.cursor: str | None = None  # where the next page starts (None: no more)
        self.synced_at: datetime | None = None  # when the server sent what is shown
        self.offline = False
        self._for = ""  # whose list is shown

    # ---------------------------------------------------------------- the feature's part

    def _sender(self) -> Sender[P, Any]:
        raise NotImplementedError

    async def _page(self, cursor: str | None) -> tuple[list[T], str | None]:
        raise NotImplementedError

    async def _load_copy(self, owner: str) -> Copy[T] | None:
        raise NotImplementedError

    async def _save_copy(self, owner: str, copy: Copy[T]) -> None:
        raise NotImplementedError

    async def _forget_copy(self, owner: str) -> None:
        raise NotImplementedError

    # ---------------------------------------------------------------- the list

    @property
    def outbox(self) -> OutboxView[P]:
        """What waits in the outbox on this device (shown on top of the list)."""
        return self._sender().view

    async def load(self) -> None:
        """The stored copy at once, then the server's first page (after sending what waits)."""
        owner = self._hub.owner
        if owner != self._for:
            self._show(None, None, None)
            self._for = owner
        if self.items is None:
            stored = await self._load_copy(owner)
            if stored is not None:
                self._show(*stored)

        async def first_page() -> None:
            await self._sender().flush()  # opening the list is a moment to send what waits
            await self._synced(*await self._page(None))

        self._settle(await self.run(first_page))

    async def more(self) -> None:
        cursor = self.cursor

        async def next_page() -> None:
            items, next_cursor = await self._page(cursor)
            await self._synced([*(self.items or []), *items], next_cursor)

        self._settle(await self.run(next_page))

    async def discard(self, key: str) -> None:
        """Drop a refused submission from the outbox (the citizen decided)."""
        await self._sender().discard(key)

    async def forget(self) -> None:
        await super().forget()
        for owner in {self._for, self._hub.owner} - {""}:
            await self._forget_copy(owner)
        self._show(None, None, None)
        self._for = ""

    async def _synced(self, items: list[T], cursor: str | None) -> None:
        now = self._now()
        self._show(items, cursor, now)
        await self._save_copy(self._for, (items, cursor, now))

    def _settle(self, ok: bool) -> None:
        """No signal with a list on screen: it is the copy from `synced_at`, not an error."""
        self.offline = not ok and self.can_retry and self.items is not None
        if self.offline:
            self.problem = None

    def _show(self, items: list[T] | None, cursor: str | None, at: datetime | None) -> None:
        self.items, self.cursor, self.synced_at = items, cursor, at
        self.offline = False
