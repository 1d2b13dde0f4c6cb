"""State layer: the field officer's action queue at work — steps are written to the device
before any attempt and sent strictly in order, one at a time, each with its own
Idempotency-Key (a replayed answer counts as sent); no controls.

Policy (docs/field-app.md): no signal or server trouble (`is_retryable`) stops the drain and
keeps the entry for the next one; a refusal (any other 4xx) marks the entry for the officer's
attention and holds back the later steps *of the same visit* (they build on it: no "complete"
after a refused "arrive"), while the other visits' steps go on — they are independent on the
server. The officer sends a refused entry again or drops it; then the visit's steps continue."""

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from app.services import field_day_api
from app.services.api import ApiClient
from app.services.errors import ApiError, AuthExpiredError, is_retryable
from app.services.field_device import EntryKind, EntryState, FieldDevice, QueueEntry, StoredQueue
from contracts.applications import ApplicationDetail
from contracts.visits import FieldVisit

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]


@dataclass(frozen=True)
class Drained:
    """What one drain delivered: the visits as the server now has them, and whether it
    stopped for want of signal (the rest waits)."""

    visits: list[FieldVisit]
    sent: int
    stopped_offline: bool


def filed_key(visit_id: str, service_code: str) -> str:
    return f"{visit_id}:{service_code}"


class FieldQueue:
    """The queue of one officer, oldest first; every change is written through at once."""

    def __init__(self, api: ApiClient, device: FieldDevice, clock: Clock) -> None:
        self._api, self._device, self._now = api, device, clock
        self.state = StoredQueue(owner="")
        self._lock = asyncio.Lock()

    @property
    def entries(self) -> list[QueueEntry]:
        return self.state.entries

    async def load(self, owner: str) -> None:
        """The stored queue; one of another account is wiped (a shared phone)."""
        stored = await self._device.load_queue()
        if stored is not None and stored.owner != owner:
            await self._device.wipe_queue(stored)
            stored = None
        self.state = stored or StoredQueue(owner=owner)

    async def add(self, entry: QueueEntry, photo: bytes | None = None) -> None:
        """Persist first (the photo's bytes before the entry that names them)."""
        if photo is not None:
            await self._device.save_photo(entry.key, photo)
        self.state = self.state.model_copy(update={"entries": [*self.entries, entry]})
        await self._save()

    async def drain(self) -> Drained:
        """Send what waits, in order, one at a time (a lock: a timer and a tap never race)."""
        async with self._lock:
            return await self._drain()

    async def again(self, key: str) -> None:
        """The officer sends a refused entry once more (e.g. after the coordinator fixed it)."""
        self._replace(key, lambda e: e.model_copy(update={"state": EntryState.PENDING}))
        await self._save()

    async def discard(self, key: str) -> None:
        """The officer drops a refused entry; the visit's later steps go on."""
        entry = next((e for e in self.entries if e.key == key), None)
        if entry is not None and entry.kind is EntryKind.PHOTO:
            await self._device.remove_photo(key)
        await self._remove(key)

    async def forget(self) -> None:
        await self._device.wipe_queue(self.state)
        self.state = StoredQueue(owner="")

    async def _drain(self) -> Drained:
        held = {e.visit_id for e in self.entries if e.state is EntryState.ATTENTION}
        visits: list[FieldVisit] = []
        sent = 0
        for entry in list(self.entries):
            if entry.state is EntryState.ATTENTION or entry.visit_id in held:
                continue
            try:
                answer = await self._send(entry)
            except AuthExpiredError:
                raise  # kept as it is; the sign-out decides
            except ApiError as exc:
                if is_retryable(exc):
                    await self._kept(entry)
                    return Drained(visits, sent, stopped_offline=True)
                await self._refused(entry, exc)
                held.add(entry.visit_id)
                continue
            sent += 1
            if isinstance(answer, FieldVisit):
                visits.append(answer)
            await self._delivered(entry, answer)
        return Drained(visits, sent, stopped_offline=False)

    async def _send(self, entry: QueueEntry) -> FieldVisit | ApplicationDetail | str | None:
        if entry.kind is EntryKind.PHOTO:
            data = await self._device.load_photo(entry.key)
            if data is None:  # the storage lost it (degraded backend): nothing to send
                log.warning("field photo %s lost on the device; dropped", entry.key)
                return None
            name = f"kunjungan-{entry.created_at:%Y%m%d-%H%M%S}.jpg"
            return await field_day_api.upload_photo(
                self._api, entry.visit_id, data, name, entry.key
            )
        if entry.kind is EntryKind.APPLICATION and entry.application is not None:
            return await field_day_api.file_application(
                self._api, entry.visit_id, entry.application, entry.key
            )
        if entry.action is None:
            return None
        ids = [self.state.photo_ids[r] for r in entry.photo_refs if r in self.state.photo_ids]
        action = entry.action.model_copy(update={"photo_ids": ids})
        return await field_day_api.send_action(self._api, entry.visit_id, action, entry.key)

    async def _delivered(
        self, entry: QueueEntry, answer: FieldVisit | ApplicationDetail | str | None
    ) -> None:
        update: dict[str, object] = {"synced_at": self._now()}
        if isinstance(answer, str):
            update["photo_ids"] = {**self.state.photo_ids, entry.key: answer}
        if isinstance(answer, ApplicationDetail) and entry.application is not None:
            code = filed_key(entry.visit_id, entry.application.service_code)
            update["filed"] = {**self.state.filed, code: answer.tracking_number}
        self.state = self.state.model_copy(update=update)
        if entry.kind is EntryKind.PHOTO:
            await self._device.remove_photo(entry.key)
        await self._remove(entry.key)

    async def _kept(self, entry: QueueEntry) -> None:
        self._replace(entry.key, lambda e: e.model_copy(update={"attempts": e.attempts + 1}))
        await self._save()

    async def _refused(self, entry: QueueEntry, error: ApiError) -> None:
        log.info("field step %s refused: %s", entry.key, error.code)
        update = {
            "state": EntryState.ATTENTION,
            "error": error.message or error.code,
            "error_code": error.code,
            "attempts": entry.attempts + 1,
        }
        self._replace(entry.key, lambda e: e.model_copy(update=update))
        await self._save()

    def _replace(self, key: str, change: Callable[[QueueEntry], QueueEntry]) -> None:
        entries = [change(e) if e.key == key else e for e in self.entries]
        self.state = self.state.model_copy(update={"entries": entries})

    async def _remove(self, key: str) -> None:
        entries = [e for e in self.entries if e.key != key]
        self.state = self.state.model_copy(update={"entries": entries})
        await self._save()

    async def _save(self) -> None:
        await self._device.save_queue(self.state)
