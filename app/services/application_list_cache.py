"""Services layer: the first page of "Permohonan Saya" as the server last sent it, kept on the
device per account so the list shows without signal (personal: wiped at sign-out); no flet."""

from datetime import datetime

from pydantic import BaseModel, Field

from app.services.device_store import DeviceStore
from contracts.applications import ApplicationSummary

LIST_KEY = "satupintu.applications.list"


class StoredList(BaseModel):
    items: list[ApplicationSummary] = Field(default_factory=list)
    next_cursor: str | None = None
    synced_at: datetime  # device time the server sent it


def list_key(owner: str) -> str:
    """One copy per account: on a shared phone nobody sees someone else's list."""
    return f"{LIST_KEY}.{owner}"


class ApplicationListCache:
    def __init__(self, device: DeviceStore) -> None:
        self._device = device

    async def load(self, owner: str) -> StoredList | None:
        return await self._device.read(list_key(owner), StoredList) if owner else None

    async def save(self, owner: str, stored: StoredList) -> None:
        if owner:
            await self._device.write(list_key(owner), stored)

    async def forget(self, owner: str) -> None:
        await self._device.remove(list_key(owner))
