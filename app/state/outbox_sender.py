"""State layer: the outbox at work for any kind of submission — `Sender` writes an entry to the
device first, then sends it; retries what waits for signal with the same Idempotency-Key; parks
what the server refused (applications and jemput bola requests use it); no controls."""

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Generic, TypeVar

from pydantic import BaseModel

from app.services.api import ApiClient
from app.services.errors import ApiError, AuthExpiredError, ValidationFailed, is_retryable
from app.services.outbox import Entry, EntryBox, EntryState
from app.state.observable import observable
from contracts.catalog import LocalText

log = logging.getLogger(__name__)
RETRY_SECONDS = 30.0
P = TypeVar("P", bound=BaseModel)
R = TypeVar("R")
Send = Callable[[ApiClient, P, str], Awaitable[R]]  # (client, body, Idempotency-Key) → answer


def new_idempotency_key() -> str:
    """One per logical submission, made before the first attempt and kept for every retry."""
    return str(uuid.uuid4())


class Delivery(StrEnum):
    SENT = "sent"  # the server has it (maybe from an earlier attempt whose answer was lost)
    QUEUED = "queued"  # no signal or server trouble: stays in the outbox, retried
    ATTENTION = "attention"  # refused (4xx): parked with the error, not retried blindly


@dataclass(frozen=True)
class Delivered(Generic[P, R]):
    delivery: Delivery
    entry: Entry[P]
    detail: R | None = None


@observable
@dataclass
class OutboxView(Generic[P]):
    """What screens show of the outbox; components holding it re-render on change."""

    entries: list[Entry[P]] = field(default_factory=list)
    sent: int = 0  # bumps after each delivery, so lists know to reload


def refused(entry: Entry[P], error: ApiError) -> Entry[P]:
    fields = error.fields if isinstance(error, ValidationFailed) else {}
    return entry.model_copy(
        update={
            "state": EntryState.ATTENTION,
            "error": error.message or error.code,
            "error_code": error.code,
            "error_fields": dict(fields),
            "attempts": entry.attempts + 1,
        }
    )


class Sender(Generic[P, R]):
    """Delivers the entries of one box one at a time (a lock: a timer and a tap never race).
    `send` is the feature's submit call; `topic` names what an entry is about (a service
    code), so a fixed resubmission replaces the refused one."""

    def __init__(
        self,
        api: ApiClient,
        outbox: EntryBox[P],
        send: Send[P, R],
        topic: Callable[[P], str],
        retry_seconds: float = RETRY_SECONDS,
    ) -> None:
        self._api = api
        self.outbox = outbox
        self._send, self._topic = send, topic
        self.retry_seconds = retry_seconds
        self.view: OutboxView[P] = OutboxView()
        self._lock = asyncio.Lock()
        self._timer: asyncio.TimerHandle | None = None
        self._task: asyncio.Future[None] | None = None  # the running retry (kept referenced)
        self.closed = False

    async def load(self) -> None:
        if not self.outbox.loaded:
            await self.outbox.load()
            self._publish()

    async def submit(self, payload: P, service_name: LocalText) -> Delivered[P, R]:
        """Persist first, then send: a crash between the two leaves it in the outbox."""
        await self.load()
        entry = self.outbox.entry_type(
            key=new_idempotency_key(),
            created_at=datetime.now(UTC),
            payload=payload,
            service_name=service_name,
        )
        await self._drop_attention(self._topic(payload))
        await self.outbox.put(entry)
        self._publish()
        async with self._lock:
            return await self._deliver(entry)

    async def flush(self) -> list[Delivered[P, R]]:
        """Send every waiting entry (app start, the timer, opening a list)."""
        await self.load()
        outcomes: list[Delivered[P, R]] = []
        async with self._lock:
            for entry in list(self.outbox.entries):
                if entry.state is EntryState.PENDING and self.outbox.get(entry.key):
                    outcomes.append(await self._deliver(entry))
                    if outcomes[-1].delivery is Delivery.QUEUED:
                        break  # still no signal: the rest would fail the same way
        return outcomes

    async def discard(self, key: str) -> None:
        await self.outbox.remove(key)
        self._publish()

    def attention_for(self, topic: str) -> Entry[P] | None:
        return next(
            (
                e
                for e in self.outbox.entries
                if e.state is EntryState.ATTENTION and self._topic(e.payload) == topic
            ),
            None,
        )

    def close(self) -> None:
        self.closed = True
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    async def _deliver(self, entry: Entry[P]) -> Delivered[P, R]:
        try:
            detail = await self._send(self._api, entry.payload, entry.key)
        except AuthExpiredError:
            raise  # kept as it is; sent after the next login
        except ApiError as exc:
            return await self._failed(entry, exc)
        await self.outbox.remove(entry.key)
        self.view.sent += 1
        self._publish()
        return Delivered(Delivery.SENT, entry, detail)

    async def _failed(self, entry: Entry[P], error: ApiError) -> Delivered[P, R]:
        if is_retryable(error):
            kept = entry.model_copy(update={"attempts": entry.attempts + 1})
            await self.outbox.put(kept)
            self._publish()
            self._schedule_retry()
            return Delivered(Delivery.QUEUED, kept)
        parked = refused(entry, error)
        await self.outbox.put(parked)
        self._publish()
        return Delivered(Delivery.ATTENTION, parked)

    async def _drop_attention(self, topic: str) -> None:
        """A new submission about the same thing replaces the refused one just fixed."""
        old = self.attention_for(topic)
        if old is not None:
            await self.outbox.remove(old.key)

    def _schedule_retry(self) -> None:
        if self._timer is not None or self.closed:
            return
        loop = asyncio.get_running_loop()
        self._timer = loop.call_later(self.retry_seconds, self._fire)

    def _fire(self) -> None:
        self._timer = None
        if not self.closed:
            self._task = asyncio.ensure_future(self._retry())

    async def _retry(self) -> None:
        try:
            await self.flush()
        except ApiError as exc:  # e.g. the session expired meanwhile: next start tries again
            log.info("outbox retry stopped: %s", exc.code)

    def _publish(self) -> None:
        self.view.entries = list(self.outbox.entries)
