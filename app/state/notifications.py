"""State layer: the citizen's inbox — unread count for the home badge (cheap ETag/304 poll),
the list, read marks; no controls."""

import asyncio
import logging

from app.services import notifications_api
from app.services.api import ApiClient
from app.services.errors import ApiError
from app.state.store import Store
from contracts.applications import NotificationOut, NotificationPage

log = logging.getLogger(__name__)
POLL_SECONDS = 60.0


class InboxStore(Store):
    """Keeps the inbox current; a poll with an unchanged inbox is a 304 with no body."""

    def __init__(self, api: ApiClient) -> None:
        super().__init__()
        self._api = api
        self.items: list[NotificationOut] = []
        self.unread = 0
        self.loaded = False
        self._etag: str | None = None
        self._not_modified = 0  # how many polls the server answered 304 (measured in tests)
        self._timer: asyncio.TimerHandle | None = None
        self._task: asyncio.Future[None] | None = None
        self._closed = False

    @property
    def etag(self) -> str | None:
        return self._etag

    @property
    def not_modified(self) -> int:
        return self._not_modified

    async def refresh(self) -> None:
        """The inbox screen opening: ask now, under the store's policy."""
        await self.run(self.poll)

    async def open(self, notification_id: str) -> None:
        await self.run(lambda: self._read_one(notification_id))

    async def read_all(self) -> None:
        await self.run(self._read_all)

    async def poll(self) -> None:
        """Ask the server (If-None-Match); raises ApiError. Home and the timer call it."""
        fetched = await notifications_api.fetch(self._api, self._etag)
        if fetched.page is None:
            self._not_modified += 1
            return
        self._etag = fetched.etag
        self._show(fetched.page)

    def keep_polling(self, every: float = POLL_SECONDS) -> None:
        """Ask again every `every` seconds while the app is open (a 304 costs no body)."""
        if self._timer is not None or self._closed:
            return

        def fire() -> None:
            self._timer = None
            if not self._closed:
                self._task = asyncio.ensure_future(self._quiet_poll(every))

        self._timer = asyncio.get_running_loop().call_later(every, fire)

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def close(self) -> None:
        """The app session ended (on the web: the tab closed): no more polls."""
        self._closed = True
        self.stop()

    async def forget(self) -> None:
        self.stop()
        await super().forget()
        self.items, self.unread, self.loaded, self._etag = [], 0, False, None

    async def _quiet_poll(self, every: float) -> None:
        try:
            await self.poll()
        except ApiError as exc:  # no signal now: the next round tries again
            log.info("inbox poll failed: %s", exc.code)
        self.keep_polling(every)

    async def _read_all(self) -> None:
        await notifications_api.read_all(self._api)
        self.items = [n.model_copy(update={"read": True}) for n in self.items]
        self.unread = 0

    async def _read_one(self, notification_id: str) -> None:
        item = next((n for n in self.items if n.id == notification_id), None)
        if item is None or item.read:
            return
        await notifications_api.read_one(self._api, notification_id)
        self.items = [
            n.model_copy(update={"read": True}) if n.id == notification_id else n
            for n in self.items
        ]
        self.unread = max(0, self.unread - 1)

    def _show(self, page: NotificationPage) -> None:
        self.items = list(page.items)
        self.unread = page.unread
        self.loaded = True
