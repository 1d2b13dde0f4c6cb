"""State layer: the officer's queue — `OfficerQueueStore` (filters, keyset pages with "Muat
lagi", a row kept in step when the officer acts, and opening one application by its receipt QR
or typed tracking number); no controls."""

import asyncio
from dataclasses import replace
from typing import Any

from app.services import officer_api
from app.services.api import ApiClient
from app.services.errors import NotFoundError
from app.services.qr_decode import decode_qr
from app.state.officer import Queue, QueueFilters, summary_of, tracking_from, tracking_typed
from app.state.store import Note, Store
from contracts.applications import OfficerApplicationDetail


class OfficerQueueStore(Store):
    """The queue screen's data; one per app session. It names citizens: forgotten at sign-out."""

    def __init__(self, api: ApiClient) -> None:
        super().__init__()
        self._api = api
        self.filters = QueueFilters()
        self.queue = Queue()
        self.decoding = False  # a receipt photo is being read
        self.scanned: OfficerApplicationDetail | None = None  # read by a receipt lookup

    async def load(self) -> None:
        """The first page with the filters set (the rows shown so far stay until it comes)."""
        await self.run(lambda: self._fetch(self.filters, None))

    async def refresh(self) -> None:
        self.queue = Queue()
        await self.load()

    async def filter(self, **change: Any) -> None:
        """Change some filters (`QueueFilters` fields) and load their first page."""
        self.filters, self.queue = replace(self.filters, **change), Queue()
        await self.load()

    async def more(self) -> None:
        """ "Muat lagi": the next page after the last row shown."""
        cursor = self.queue.next_cursor
        if cursor is not None:
            await self.run(lambda: self._fetch(self.filters, cursor))

    def updated(self, detail: OfficerApplicationDetail) -> None:
        """The officer acted on an application: its row shows the new status at once."""
        self.queue = self.queue.replaced(summary_of(detail))

    async def read_photo(self, data: bytes, *, complain: bool) -> str | None:
        """The tracking number in a receipt QR photo; None (and, when `complain`, a problem
        saying so) for any other picture. Decoding is CPU work: off the UI thread."""
        self.decoding = True
        try:
            texts = await asyncio.to_thread(decode_qr, data)
        finally:
            self.decoding = False
        number = tracking_from(texts)
        if number is None and complain:
            self.fail(Note("review.scan.not_receipt"))
        return number

    async def open_typed(self, text: str) -> str | None:
        """A typed number or a counter scanner's text → the application's id (see open_receipt)."""
        number = tracking_typed(text)
        if number is None:
            self.fail(Note("review.scan.number_invalid"))
            return None
        return await self.open_receipt(number)

    async def open_receipt(self, number: str) -> str | None:
        """Look the application up by its tracking number; its id to open, or None with the
        problem shown. The detail read here is handed on (`take_scanned`), not read twice: the
        citizen's access log gets one entry."""
        self.scanned = None

        async def look_up() -> None:
            try:
                self.scanned = await officer_api.by_tracking(self._api, number)
            except NotFoundError:
                self.fail(Note("review.scan.not_found", {"tracking": number}))

        await self.run(look_up)
        return self.scanned.id if self.scanned is not None else None

    def take_scanned(self, app_id: str) -> OfficerApplicationDetail | None:
        found, self.scanned = self.scanned, None
        return found if found is not None and found.id == app_id else None

    async def forget(self) -> None:
        await super().forget()
        self.filters, self.queue, self.scanned, self.decoding = QueueFilters(), Queue(), None, False

    async def _fetch(self, wanted: QueueFilters, cursor: str | None) -> None:
        page = await officer_api.queue(self._api, wanted.params(), cursor)
        if wanted == self.filters:  # not a late answer for filters changed meanwhile
            self.queue = self.queue.with_page(page, append=cursor is not None)
