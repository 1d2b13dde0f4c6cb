"""Services layer: what the device remembers about the session between starts — the last
signed-in account's public summary, so the app can start without signal (personal: wiped at
sign-out), and the chosen language (nobody's data: kept); no flet imports."""

from datetime import datetime

from pydantic import BaseModel

from app.services.device_store import DeviceStore
from contracts.accounts import AccountOut

ACCOUNT_KEY = "satupintu.session.account"
LANGUAGE_KEY = "satupintu.language"


class StoredAccount(BaseModel):
    """The account as the server last confirmed it (never a password or the token)."""

    account: AccountOut
    synced_at: datetime  # device time of the last /me, login or registration


class SessionMemory:
    """Reads and writes both in the device store; one per app session (app/main.py)."""

    def __init__(self, device: DeviceStore) -> None:
        self._device = device

    async def load_account(self) -> StoredAccount | None:
        return await self._device.read(ACCOUNT_KEY, StoredAccount)

    async def save_account(self, account: AccountOut, synced_at: datetime) -> None:
        await self._device.write(ACCOUNT_KEY, StoredAccount(account=account, synced_at=synced_at))

    async def forget_account(self) -> None:
        await self._device.remove(ACCOUNT_KEY)

    async def load_language(self) -> str | None:
        return await self._device.read_text(LANGUAGE_KEY)

    async def save_language(self, language: str) -> None:
        await self._device.write_text(LANGUAGE_KEY, language)
