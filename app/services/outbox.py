"""Services layer: the outbox on the device — each submission (an application, a jemput bola
request) is written here with its Idempotency-Key before the first network attempt and removed
only once the server has it, so a lost answer, a restart or no signal never loses or doubles
it; no flet imports.

One `Entry[P]` shape for every kind of submission (`P` is its request body); each kind has its
own box on the device per account (`Outbox`: applications, `VisitOutbox`: visit requests)."""

from datetime import datetime
from enum import StrEnum
from typing import Generic, TypeVar

from pydantic import BaseModel, Field

from app.services.device_store import DeviceStore
from contracts.applications import ApplicationIn
from contracts.catalog import LocalText
from contracts.visits import VisitRequestIn

OUTBOX_KEY = "satupintu.outbox"
VISIT_OUTBOX_KEY = "satupintu.outbox.visits"
P = TypeVar("P", bound=BaseModel)


class EntryState(StrEnum):
    PENDING = "pending"  # waiting for signal; sent automatically
    ATTENTION = "attention"  # the server refused it (4xx): the citizen must look at it


class Entry(BaseModel, Generic[P]):
    key: str  # the Idempotency-Key: the same on every attempt
    created_at: datetime
    payload: P
    service_name: LocalText  # what the citizen sees it as (a visit: its services' names)
    state: EntryState = EntryState.PENDING
    error: str | None = None  # the server's message when it refused the entry
    error_code: str | None = None  # e.g. form_outdated: the catalog changed meanwhile
    error_fields: dict[str, str] = Field(default_factory=dict)
    attempts: int = 0


class Stored(BaseModel, Generic[P]):
    entries: list[Entry[P]] = Field(default_factory=list)


OutboxEntry = Entry[ApplicationIn]
StoredOutbox = Stored[ApplicationIn]
VisitEntry = Entry[VisitRequestIn]
StoredVisits = Stored[VisitRequestIn]


def outbox_key(owner: str) -> str:
    """One outbox per account: on a shared phone nobody sends someone else's applications."""
    return f"{OUTBOX_KEY}.{owner}"


def visit_outbox_key(owner: str) -> str:
    return f"{VISIT_OUTBOX_KEY}.{owner}"


class EntryBox(Generic[P]):
    """The entries of one kind for one account, oldest first; every change is written
    through at once."""

    def __init__(
        self, store: DeviceStore, key: str, stored: type[Stored[P]], entry: type[Entry[P]]
    ) -> None:
        self._store = store
        self._key = key
        self._stored = stored
        self.entry_type = entry  # builds this box's entries (the payload type filled in)
        self.entries: list[Entry[P]] = []
        self.loaded = False

    async def load(self) -> list[Entry[P]]:
        stored = await self._store.read(self._key, self._stored)
        self.entries = list(stored.entries) if stored else []
        self.loaded = True
        return self.entries

    async def put(self, entry: Entry[P]) -> None:
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

    def get(self, key: str) -> Entry[P] | None:
        return next((e for e in self.entries if e.key == key), None)

    async def _save(self) -> None:
        if self.entries:
            await self._store.write(self._key, self._stored(entries=self.entries))
        else:
            await self._store.remove(self._key)


class Outbox(EntryBox[ApplicationIn]):
    """The applications waiting on this device for one account."""

    def __init__(self, store: DeviceStore, owner: str) -> None:
        super().__init__(store, outbox_key(owner), StoredOutbox, OutboxEntry)


class VisitOutbox(EntryBox[VisitRequestIn]):
    """The jemput bola requests waiting on this device for one account."""

    def __init__(self, store: DeviceStore, owner: str) -> None:
        super().__init__(store, visit_outbox_key(owner), StoredVisits, VisitEntry)
