"""Services layer: application drafts on the device, one per account and service (all of an
account's drafts under one key, so sign-out can forget them), saved as the citizen types and
cleared once the application is filed; no flet imports."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from app.services.device_store import DeviceStore

DRAFT_KEY = "satupintu.drafts"


class Draft(BaseModel):
    form_version: int
    answers: dict[str, Any] = Field(default_factory=dict)  # only what the citizen typed
    attachments: dict[str, str] = Field(default_factory=dict)  # requirement → document id
    family_member_id: str | None = None
    saved_at: datetime


class StoredDrafts(BaseModel):
    by_service: dict[str, Draft] = Field(default_factory=dict)


def draft_key(owner: str) -> str:
    return f"{DRAFT_KEY}.{owner}"


class Drafts:
    def __init__(self, store: DeviceStore, owner: str) -> None:
        self._store = store
        self._key = draft_key(owner)

    async def load(self, service_code: str) -> Draft | None:
        return (await self._all()).by_service.get(service_code)

    async def save(self, service_code: str, draft: Draft) -> None:
        stored = await self._all()
        stored.by_service[service_code] = draft
        await self._store.write(self._key, stored)

    async def clear(self, service_code: str) -> None:
        stored = await self._all()
        if stored.by_service.pop(service_code, None) is None:
            return
        if stored.by_service:
            await self._store.write(self._key, stored)
        else:
            await self.forget()

    async def forget(self) -> None:
        """Sign-out: every draft of this account."""
        await self._store.remove(self._key)

    async def _all(self) -> StoredDrafts:
        return await self._store.read(self._key, StoredDrafts) or StoredDrafts()
