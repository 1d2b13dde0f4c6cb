"""Services layer: application drafts on the device, one per account and service, saved as
the citizen types and cleared once the application is filed; no flet imports."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from app.services.device_json import DeviceJson

DRAFT_KEY = "satupintu.draft"


class Draft(BaseModel):
    form_version: int
    answers: dict[str, Any] = Field(default_factory=dict)  # only what the citizen typed
    attachments: dict[str, str] = Field(default_factory=dict)  # requirement → document id
    family_member_id: str | None = None
    saved_at: datetime


def draft_key(owner: str, service_code: str) -> str:
    return f"{DRAFT_KEY}.{owner}.{service_code}"


class Drafts:
    def __init__(self, store: DeviceJson, owner: str) -> None:
        self._store = store
        self._owner = owner

    async def load(self, service_code: str) -> Draft | None:
        return await self._store.read(draft_key(self._owner, service_code), Draft)

    async def save(self, service_code: str, draft: Draft) -> None:
        await self._store.write(draft_key(self._owner, service_code), draft)

    async def clear(self, service_code: str) -> None:
        await self._store.remove(draft_key(self._owner, service_code))
