"""Services layer: the application outbox on the device — each submission is written here
with its Idempotency-Key before the first network attempt and removed only once the server
has it, so a lost answer, a restart or no signal never loses or doubles it; no flet imports."""

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field

from app.services.device_store import DeviceStore
from contracts.applications import ApplicationIn
from contracts.catalog import LocalText

OUTBOX_KEY = "satupintu.outbox"


class EntryState(StrEnum):
    PENDING = "pending"  # waiting for signal; sent automatically
    ATTENTION = "attention"  # the server refused it (4xx): the citizen must look at it


class OutboxEntry(BaseModel):
    key: str  # the Idempotency-Key: the same on every attempt
    created_at: datetime
    payload: ApplicationIn
    service_name: LocalText
    state: EntryState = EntryState.PENDING
    error: str | None = None  # the server's message when it refused the entry
    error_code: str | None = None  # e.g. form_outdated: the catalog changed meanwhile
    error_fields: dict[str, str] = Field(default_factory=dict)
    attempts: int = 0


class StoredOutbox(BaseModel):
    entries: list[OutboxEntry] = Field(default_factory=list)


def outbox_key(owner: str) -> str:
    """One outbox per account: on a shared phone nobody sends someone else's applications."""
    return f"{OUTBOX_KEY}.{owner}"


class Outbox:
    """The entries of one account, oldest first; every change is written through at once."""

    def __init__(self, store: DeviceStore, owner: str) -> None:
        self._store = store
        self._key = outbox_key(owner)
        self.entries: list[OutboxEntry] = []
        self.loaded = False

    async def load(self) -> list[OutboxEntry]:
        stored = await self._store.read(self._key, StoredOutbox)
        self.entries = list(stored.entries) if stored else []
        self.loaded = True
        return self.entries

    async def put(self, entry: OutboxEntry) -> None:
        """Add or replace (by key), then persist."""
        kept = [e for e in self.entries if e.key != entry.key]
        at = next((i for i, e in enumerate(self.entries) if e.key == entry.key), len(kept))
        kept.insert(at, entry)
        self.entries = kept
        await self._save()

    async def remove(self, key: str) -> None:
        self.entries = [e for e in self.entries if e.key != key]
        await self._save()

    async def forget(self) -> None:
        """Sign-out: nothing of the account stays on the device (also what still waits)."""
        self.entries = []
        await self._store.remove(self._key)

    def get(self, key: str) -> OutboxEntry | None:
        return next((e for e in self.entries if e.key == key), None)

    async def _save(self) -> None:
        if self.entries:
            await self._store.write(self._key, StoredOutbox(entries=self.entries))
        else:
            await self._store.remove(self._key)
