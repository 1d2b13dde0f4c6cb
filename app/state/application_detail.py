"""State layer: one of the citizen's applications as its screen shows it — the detail, its
receipt and pickup QR images, withdraw; a 412 reloads what is true now; no controls."""

import asyncio

from app.services import applications_api
from app.services.api import ApiClient
from app.services.qr import render_qr_png
from app.state.store import Note, Store
from contracts.applications import ApplicationDetail


async def qr_pngs(detail: ApplicationDetail) -> dict[str, bytes]:
    """Receipt and pickup QR images, drawn off the UI thread."""
    codes = {"receipt": detail.receipt_qr}
    if detail.result and detail.result.pickup_qr:
        codes["pickup"] = detail.result.pickup_qr
    return {k: await asyncio.to_thread(render_qr_png, v) for k, v in codes.items()}


class ApplicationStore(Store):
    """The application open on screen; one per app session, personal (forgotten at sign-out)."""

    def __init__(self, api: ApiClient) -> None:
        super().__init__()
        self._api = api
        self.app_id = ""
        self.detail: ApplicationDetail | None = None
        self.qrs: dict[str, bytes] = {}
        self.tried = ""  # the id asked for last (a "not found" is only said after asking)

    async def open(self, app_id: str) -> None:
        if app_id != self.app_id:
            self.app_id, self.detail, self.qrs = app_id, None, {}
        await self.run(self.reload)
        self.tried = app_id

    async def reload(self) -> None:
        await self._show(await applications_api.get(self._api, self.app_id))

    async def refetch(self) -> None:
        """The fix form met a 412: show what is true now under it (its banner says why)."""
        await self.run(self.reload, quiet=True)

    async def withdraw(self) -> None:
        detail = self.detail
        if detail is None:
            return

        async def send() -> None:
            await self._show(await applications_api.withdraw(self._api, detail.id, detail.version))
            self.tell(Note("application.withdrawn"))

        await self.run(send)

    async def resubmitted(self, updated: ApplicationDetail) -> None:
        """The fix form filed the citizen's fix: show the application as it is now."""
        await self._show(updated)
        self.tell(Note("application.resubmitted"))

    async def forget(self) -> None:
        await super().forget()
        self.app_id, self.detail, self.qrs, self.tried = "", None, {}, ""

    async def _show(self, detail: ApplicationDetail) -> None:
        qrs = await qr_pngs(detail)
        if detail.id == self.app_id:  # not a late answer for one opened before
            self.detail, self.qrs = detail, qrs
