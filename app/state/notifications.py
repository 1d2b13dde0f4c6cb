"""State layer: the citizen's inbox — unread count for the home badge (cheap ETag/304 poll),
the list, read marks; no controls."""

import asyncio
import logging
from dataclasses import dataclass, field

from app.services import notifications_api
from app.services.api import ApiClient
from app.services.errors import ApiError
from app.state.observable import observable
from contracts.applications import NotificationOut, NotificationPage

log = logging.getLogger(__name__)
POLL_SECONDS = 60.0


@observable
@dataclass
class Inbox:
    items: list[NotificationOut] = field(default_factory=list)
    unread: int = 0
    loaded: bool = False


class InboxSync:
    """Keeps `inbox` current; a poll with an unchanged inbox is a 304 with no body."""

    def __init__(self, api: ApiClient) -> None:
        self._api = api
        self.inbox = Inbox()
        self.etag: str | None = None
        self.not_modified = 0  # how many polls the server answered 304 (measured in tests)
        self._timer: asyncio.TimerHandle | None = None
        self._task: asyncio.Future[None] | None = None
        self.closed = False

    def keep_polling(self, every: float = POLL_SECONDS) -> None:
        """Ask again every `every` seconds while the app is open (a 304 costs no body)."""
        if self._timer is not None or self.closed:
            return

        def fire() -> None:
            self._timer = None
            if not self.closed:
                self._task = asyncio.ensure_future(self._quiet_poll(every))

        self._timer = asyncio.get_running_loop().call_later(every, fire)

    async def _quiet_poll(self, every: float) -> None:
        try:
            await self.poll()
        except ApiError as exc:  # no signal now: the next round tries again
            log.info("inbox poll failed: %s", exc.code)
        self.keep_polling(every)

    def close(self) -> None:
        self.closed = True
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    async def poll(self) -> None:
        fetched = await notifications_api.fetch(self._api, self.etag)
        if fetched.page is None:
            self.not_modified += 1
            return
        self.etag = fetched.etag
        self._show(fetched.page)

    async def read_all(self) -> None:
        await notifications_api.read_all(self._api)
        self.inbox.items = [n.model_copy(update={"read": True}) for n in self.inbox.items]
        self.inbox.unread = 0

    async def read_one(self, notification_id: str) -> None:
        item = next((n for n in self.inbox.items if n.id == notification_id), None)
        if item is None or item.read:
            return
        await notifications_api.read_one(self._api, notification_id)
        self.inbox.items = [
            n.model_copy(update={"read": True}) if n.id == notification_id else n
            for n in self.inbox.items
        ]
        self.inbox.unread = max(0, self.inbox.unread - 1)

    def _show(self, page: NotificationPage) -> None:
        self.inbox.items = list(page.items)
        self.inbox.unread = page.unread
        self.inbox.loaded = True
