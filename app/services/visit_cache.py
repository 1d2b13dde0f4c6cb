"""Services layer: "Jemput Bola Saya" as the server last sent it — the first page of the list
and the last detail of each visit, kept on the device per account, so the list, the visit
and its assigned team (the door check) show without signal; personal: wiped at sign-out;
no flet imports."""

from datetime import datetime

from pydantic import BaseModel, Field

from app.services.device_store import DeviceStore
from contracts.visits import VisitDetail, VisitSummary

LIST_KEY = "satupintu.visits.list"
DETAILS_KEY = "satupintu.visits.details"
DETAILS_KEPT = 30  # the newest details; the open visits are a handful


class StoredVisitList(BaseModel):
    items: list[VisitSummary] = Field(default_factory=list)
    next_cursor: str | None = None
    synced_at: datetime  # device time the server sent it


class CachedDetail(BaseModel):
    detail: VisitDetail
    synced_at: datetime


class StoredDetails(BaseModel):
    by_id: dict[str, CachedDetail] = Field(default_factory=dict)


def list_key(owner: str) -> str:
    """One copy per account: on a shared phone nobody sees someone else's visits."""
    return f"{LIST_KEY}.{owner}"


def details_key(owner: str) -> str:
    return f"{DETAILS_KEY}.{owner}"


class VisitCache:
    def __init__(self, device: DeviceStore) -> None:
        self._device = device

    async def load_list(self, owner: str) -> StoredVisitList | None:
        return await self._device.read(list_key(owner), StoredVisitList) if owner else None

    async def save_list(self, owner: str, stored: StoredVisitList) -> None:
        if owner:
            await self._device.write(list_key(owner), stored)

    async def load_detail(self, owner: str, visit_id: str) -> CachedDetail | None:
        stored = await self._details(owner)
        return stored.by_id.get(visit_id) if stored else None

    async def save_detail(self, owner: str, detail: VisitDetail, at: datetime) -> None:
        if not owner:
            return
        stored = await self._details(owner) or StoredDetails()
        kept = dict(stored.by_id) | {detail.id: CachedDetail(detail=detail, synced_at=at)}
        newest = sorted(kept.values(), key=lambda c: c.detail.updated_at, reverse=True)
        by_id = {c.detail.id: c for c in newest[:DETAILS_KEPT]}
        await self._device.write(details_key(owner), StoredDetails(by_id=by_id))

    async def forget(self, owner: str) -> None:
        await self._device.remove(list_key(owner))
        await self._device.remove(details_key(owner))

    async def _details(self, owner: str) -> StoredDetails | None:
        return await self._device.read(details_key(owner), StoredDetails) if owner else None
