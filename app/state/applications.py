"""State layer: the applications feature — `ApplicationsHub` (one per app session: the signed-in
account's outbox sender, drafts and inbox) and the outbox at work: submit (written to the
device first, then sent), retry what waits for signal with the same Idempotency-Key, park
what the server refused; no controls."""

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from app.services import applications_api
from app.services.api import ApiClient
from app.services.device_store import DeviceStore
from app.services.drafts import Drafts
from app.services.errors import ApiError, AuthExpiredError, ValidationFailed, is_retryable
from app.services.outbox import EntryState, Outbox, OutboxEntry
from app.state.notifications import InboxStore
from app.state.observable import observable
from contracts.applications import ApplicationDetail, ApplicationIn
from contracts.catalog import LocalText

log = logging.getLogger(__name__)
RETRY_SECONDS = 30.0


class Delivery(StrEnum):
    SENT = "sent"  # the server has it (maybe from an earlier attempt whose answer was lost)
    QUEUED = "queued"  # no signal or server trouble: stays in the outbox, retried
    ATTENTION = "attention"  # refused (4xx): parked with the error, not retried blindly


@dataclass(frozen=True)
class Outcome:
    delivery: Delivery
    entry: OutboxEntry
    detail: ApplicationDetail | None = None


@observable
@dataclass
class OutboxView:
    """What screens show of the outbox; components holding it re-render on change."""

    entries: list[OutboxEntry] = field(default_factory=list)
    sent: int = 0  # bumps after each delivery, so lists know to reload


def refused(entry: OutboxEntry, error: ApiError) -> OutboxEntry:
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


class OutboxSender:
    """Delivers outbox entries one at a time (a lock: a timer and a tap never race)."""

    def __init__(self, api: ApiClient, outbox: Outbox, retry_seconds: float = RETRY_SECONDS):
        self._api = api
        self.outbox = outbox
        self.retry_seconds = retry_seconds
        self.view = OutboxView()
        self._lock = asyncio.Lock()
        self._timer: asyncio.TimerHandle | None = None
        self._task: asyncio.Future[None] | None = None  # the running retry (kept referenced)
        self.closed = False

    async def load(self) -> None:
        if not self.outbox.loaded:
            await self.outbox.load()
            self._publish()

    async def submit(self, payload: ApplicationIn, service_name: LocalText) -> Outcome:
        """Persist first, then send: a crash between the two leaves it in the outbox."""
        await self.load()
        entry = OutboxEntry(
            key=applications_api.new_idempotency_key(),
            created_at=datetime.now(UTC),
            payload=payload,
            service_name=service_name,
        )
        await self._drop_attention(payload.service_code)
        await self.outbox.put(entry)
        self._publish()
        async with self._lock:
            return await self._deliver(entry)

    async def flush(self) -> list[Outcome]:
        """Send every waiting entry (app start, the timer, opening Permohonan Saya)."""
        await self.load()
        outcomes: list[Outcome] = []
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

    def attention_for(self, service_code: str) -> OutboxEntry | None:
        return next(
            (
                e
                for e in self.outbox.entries
                if e.state is EntryState.ATTENTION and e.payload.service_code == service_code
            ),
            None,
        )

    def close(self) -> None:
        self.closed = True
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    async def _deliver(self, entry: OutboxEntry) -> Outcome:
        try:
            detail = await applications_api.submit(self._api, entry.payload, entry.key)
        except AuthExpiredError:
            raise  # kept as it is; sent after the next login
        except ApiError as exc:
            return await self._failed(entry, exc)
        await self.outbox.remove(entry.key)
        self.view.sent += 1
        self._publish()
        return Outcome(Delivery.SENT, entry, detail)

    async def _failed(self, entry: OutboxEntry, error: ApiError) -> Outcome:
        if is_retryable(error):
            kept = entry.model_copy(update={"attempts": entry.attempts + 1})
            await self.outbox.put(kept)
            self._publish()
            self._schedule_retry()
            return Outcome(Delivery.QUEUED, kept)
        parked = refused(entry, error)
        await self.outbox.put(parked)
        self._publish()
        return Outcome(Delivery.ATTENTION, parked)

    async def _drop_attention(self, service_code: str) -> None:
        """A new submission for a service replaces the refused one the citizen just fixed."""
        old = self.attention_for(service_code)
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


class ApplicationsHub:
    """One per app session (built in app/main.py): the outbox sender and drafts of whoever is
    signed in now (made again when the account changes) and the inbox. Personal: `forget`
    runs at sign-out and leaves nothing of the account on the device."""

    def __init__(self, api: ApiClient, device: DeviceStore, owner: Callable[[], str]) -> None:
        self._api, self._device, self._owner = api, device, owner
        self.inbox = InboxStore(api)
        self._sender: OutboxSender | None = None
        self._drafts: Drafts | None = None
        self._for = ""

    @property
    def owner(self) -> str:
        return self._owner()

    @property
    def sender(self) -> OutboxSender:
        self._follow_account()
        assert self._sender is not None
        return self._sender

    @property
    def drafts(self) -> Drafts:
        self._follow_account()
        assert self._drafts is not None
        return self._drafts

    async def sync(self) -> None:
        """Home opening (app start): send what waits, ask the inbox for news, keep polling.
        No signal is no error here: the outbox retries by itself, the badge waits."""
        try:
            await self.sender.flush()
            await self.inbox.poll()
        except AuthExpiredError:
            return  # the client's hook has signed out: nothing to poll for
        except ApiError as exc:
            log.info("home sync skipped: %s", exc.code)
        self.inbox.keep_polling()

    async def reconnected(self) -> None:
        """Web: the tab is back online — send what waits."""
        try:
            await self.sender.flush()
        except ApiError as exc:
            log.info("outbox flush on reconnect failed: %s", exc.code)

    def close(self) -> None:
        """The app session ended (web: tab closed): stop every timer."""
        if self._sender is not None:
            self._sender.close()
        self.inbox.close()

    async def forget(self) -> None:
        if self._sender is not None:
            self._sender.close()
            await self._sender.outbox.forget()
        if self._drafts is not None:
            await self._drafts.forget()
        await self.inbox.forget()
        self._sender, self._drafts, self._for = None, None, ""

    def _follow_account(self) -> None:
        owner = self._owner()
        if self._sender is not None and self._for == owner:
            return
        if self._sender is not None:
            self._sender.close()
        self._sender = OutboxSender(self._api, Outbox(self._device, owner))
        self._drafts, self._for = Drafts(self._device, owner), owner
