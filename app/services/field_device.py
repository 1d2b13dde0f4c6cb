"""Services layer: the field officer's day on the device — the downloaded FieldDay, the visit
drafts (checklist ticks, notes, the door check), the queue of steps done in the field and the
photos waiting to be sent — all through the DeviceStore (secure storage on phones and web,
memory on desktop: never a plaintext file); no flet imports.

Every step is written here before any network attempt (`put` writes through at once), so a
restart, a dead battery or no signal never loses it. Photos are kept one key each (~300 KB,
base64), so rewriting the queue stays cheap; a photo's bytes are written before its entry."""

import base64
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field

from app.services.device_store import DeviceStore
from contracts.applications import ApplicationIn
from contracts.visits import FieldActionIn, FieldDay

DAY_KEY = "satupintu.field.day"
DRAFTS_KEY = "satupintu.field.drafts"
QUEUE_KEY = "satupintu.field.queue"
PHOTO_KEY = "satupintu.field.photo."


class EntryKind(StrEnum):
    ACTION = "action"  # depart, arrive, complete, not_complete
    PHOTO = "photo"
    APPLICATION = "application"  # filed on the citizen's behalf


class EntryState(StrEnum):
    PENDING = "pending"  # waits for signal; sent in order
    ATTENTION = "attention"  # refused (4xx): the officer looks at it; the visit's later steps wait


class QueueEntry(BaseModel):
    key: str  # the Idempotency-Key: the same on every attempt
    visit_id: str
    kind: EntryKind
    created_at: datetime
    action: FieldActionIn | None = None
    photo_refs: list[str] = Field(default_factory=list)  # photo entries → action.photo_ids
    application: ApplicationIn | None = None
    state: EntryState = EntryState.PENDING
    error: str | None = None  # the server's words when it refused
    error_code: str | None = None
    attempts: int = 0


class StoredQueue(BaseModel):
    owner: str
    entries: list[QueueEntry] = Field(default_factory=list)
    photo_ids: dict[str, str] = Field(default_factory=dict)  # photo entry key → server id
    filed: dict[str, str] = Field(default_factory=dict)  # "visit:service" → tracking number
    synced_at: datetime | None = None  # the server last took something or sent the day


class StoredDay(BaseModel):
    owner: str
    day: FieldDay


class VisitDraft(BaseModel):
    """What the officer did at a visit before it is finished (kept across restarts)."""

    verified: bool | None = None  # None: not checked; True: the QR matched the person visited
    checked: list[str] = Field(default_factory=list)  # "service:index" of ticked checklist items
    note: str = ""
    photos: list[str] = Field(default_factory=list)  # photo entries not yet named by an action


class StoredDrafts(BaseModel):
    owner: str
    visits: dict[str, VisitDraft] = Field(default_factory=dict)


class FieldDevice:
    """Reads and writes the day, the drafts, the queue and the photos of one officer."""

    def __init__(self, store: DeviceStore) -> None:
        self._store = store

    async def load_day(self) -> StoredDay | None:
        return await self._store.read(DAY_KEY, StoredDay, off_thread=True)

    async def save_day(self, day: StoredDay) -> None:
        await self._store.write(DAY_KEY, day, off_thread=True)

    async def load_drafts(self) -> StoredDrafts | None:
        return await self._store.read(DRAFTS_KEY, StoredDrafts)

    async def save_drafts(self, drafts: StoredDrafts) -> None:
        await self._store.write(DRAFTS_KEY, drafts)

    async def load_queue(self) -> StoredQueue | None:
        return await self._store.read(QUEUE_KEY, StoredQueue)

    async def save_queue(self, queue: StoredQueue) -> None:
        await self._store.write(QUEUE_KEY, queue)

    async def save_photo(self, entry_key: str, data: bytes) -> None:
        await self._store.write_text(PHOTO_KEY + entry_key, base64.b64encode(data).decode())

    async def load_photo(self, entry_key: str) -> bytes | None:
        raw = await self._store.read_text(PHOTO_KEY + entry_key)
        return base64.b64decode(raw) if raw else None

    async def remove_photo(self, entry_key: str) -> None:
        await self._store.remove(PHOTO_KEY + entry_key)

    async def wipe_day(self) -> None:
        """The downloaded day and the drafts: citizens' details, keys, notes."""
        await self._store.remove(DAY_KEY)
        await self._store.remove(DRAFTS_KEY)

    async def wipe_queue(self, queue: StoredQueue | None) -> None:
        """The queue and every photo it still holds."""
        for entry in queue.entries if queue else []:
            if entry.kind is EntryKind.PHOTO:
                await self.remove_photo(entry.key)
        await self._store.remove(QUEUE_KEY)
