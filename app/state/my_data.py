"""State layer: "Data Saya" (UU PDP) — download everything the server holds about me, request
the account's deletion (which ends every session); no controls."""

from collections.abc import Awaitable, Callable

from app.services.api import ApiClient
from app.services.profile_api import export_data, request_deletion
from app.state.store import Note, Store
from contracts.profile import DeletionScheduled


class MyDataStore(Store):
    """One per app session; `sign_out_here` ends the session on this device after deletion."""

    def __init__(self, api: ApiClient, sign_out_here: Callable[[], Awaitable[None]]) -> None:
        super().__init__()
        self._api = api
        self._sign_out_here = sign_out_here
        self.scheduled: DeletionScheduled | None = None

    async def export(self) -> bytes | None:
        """Everything as one JSON file's bytes, for the screen to hand to the save dialog."""
        found: list[bytes] = []

        async def fetch() -> None:
            found.append(await export_data(self._api))

        return found[0] if await self.run(fetch) else None

    def saved(self, name: str, size: int) -> None:
        self.tell(Note("data.download_saved", {"name": name, "size": max(1, size // 1024)}))

    async def delete_account(self, password: str) -> bool:
        """Ask for deletion with the account's password; True when the server scheduled it
        (see `scheduled`); a wrong password is in `fields["password"]`."""

        async def send() -> None:
            self.scheduled = await request_deletion(self._api, password)

        return await self.run(send)

    async def finish(self) -> None:
        """The citizen read when the data goes: the server has ended every session already."""
        await self._sign_out_here()

    async def forget(self) -> None:
        await super().forget()
        self.scheduled = None
