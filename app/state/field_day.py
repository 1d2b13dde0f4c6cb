"""State layer: "Hari ini" — `FieldDayStore`, the field officer's day on the device: downloaded
once at the start of the day, worked on all day without signal (every step queued on the
device first, the visit's status updated at once), sent in order when the signal returns, and
wiped at the end of the day (`valid_until`) and at sign-out; no controls."""

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, date, datetime

from app.services import field_day_api
from app.services.api import ApiClient
from app.services.errors import ApiError, AuthExpiredError
from app.services.field_device import (
    EntryKind,
    EntryState,
    FieldDevice,
    QueueEntry,
    StoredDay,
    StoredDrafts,
    VisitDraft,
)
from app.services.image_prep import PrepError, shrink_photo
from app.services.qr_decode import decode_qr
from app.state.field import DoorCheck, Stop, door_check, route
from app.state.field_queue import FieldQueue, filed_key
from app.state.store import Note, Store
from contracts.applications import ApplicationIn
from contracts.visits import (
    FieldActionIn,
    FieldDay,
    FieldVisit,
    NotCompletedReason,
    ServiceOutcome,
    VisitAction,
)

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
RETRY_SECONDS = 30.0


def utcnow() -> datetime:
    return datetime.now(UTC)


class FieldDayStore(Store):
    """One per app session (app/main.py). Personal (citizens' details, photos): `forget` runs
    at sign-out and leaves nothing on the device."""

    def __init__(
        self,
        api: ApiClient,
        device: FieldDevice,
        owner: Callable[[], str],
        *,
        clock: Clock = utcnow,
        retry_seconds: float = RETRY_SECONDS,
    ) -> None:
        super().__init__()
        self._api, self._device, self._owner, self._now = api, device, owner, clock
        self.queue = FieldQueue(api, device, clock)
        self.retry_seconds = retry_seconds
        self.day: FieldDay | None = None
        self.drafts: dict[str, VisitDraft] = {}
        self.entries: list[QueueEntry] = []  # what waits, as the screens show it
        self.synced_at: datetime | None = None
        self.door: DoorCheck | None = None  # the last QR shown at a door
        self.sending = False
        self.decoding = False  # a QR photo is being read
        self.loaded_for: str | None = None  # whose day was read from the device
        self._timer: asyncio.TimerHandle | None = None
        self._task: asyncio.Future[None] | None = None  # the running retry (kept referenced)

    # ---------------------------------------------------------------- reading

    def stops(self) -> list[Stop]:
        return route(self.day, self.entries) if self.day else []

    def stop(self, visit_id: str) -> Stop | None:
        return next((s for s in self.stops() if s.visit.id == visit_id), None)

    def draft(self, visit_id: str) -> VisitDraft:
        return self.drafts.get(visit_id) or VisitDraft()

    def waiting(self, visit_id: str | None = None) -> list[QueueEntry]:
        return [e for e in self.entries if visit_id is None or e.visit_id == visit_id]

    def attention(self) -> list[QueueEntry]:
        return [e for e in self.entries if e.state is EntryState.ATTENTION]

    def filed(self, visit_id: str, service_code: str) -> str | None:
        """The tracking number of an application filed at this visit (once the server has it)."""
        return self.queue.state.filed.get(filed_key(visit_id, service_code))

    def filing_queued(self, visit_id: str, service_code: str) -> bool:
        return any(
            e.application is not None and e.application.service_code == service_code
            for e in self.waiting(visit_id)
        )

    # ---------------------------------------------------------------- the day

    async def load(self) -> None:
        """The screen opened (also the app's start): the device's day (the end of the day
        wipes it), then the server — the day when none is here, else what waits is sent."""
        owner = self._owner()
        if self.loaded_for != owner:
            await self._read_device(owner)
        if await self._expire_if_due():
            return
        if self.day is None:
            await self.download()
        else:
            await self.sync()

    async def download(self) -> None:
        """ "Unduh ulang": the day on the device again (else today) from the server (the plan
        may have changed); what is queued stays and is sent first, so the fresh day counts it."""
        await self._fetch(self.day.date if self.day else None, upcoming=False)

    async def download_upcoming(self) -> None:
        """Nothing left today: the next day with visits (downloaded the evening before)."""
        await self._fetch(None, upcoming=True)

    async def _fetch(self, wanted: date | None, upcoming: bool) -> None:
        await self.sync()

        async def fetch() -> None:
            day = await field_day_api.fetch_day(self._api, wanted, upcoming)
            await self._device.save_day(StoredDay(owner=self._owner(), day=day))
            self.day, self.synced_at = day, self._now()
            await self._save_drafts({k: v for k, v in self.drafts.items() if _has(day, k)})

        await self.run(fetch)

    async def _read_device(self, owner: str) -> None:
        stored = await self._device.load_day()
        drafts = await self._device.load_drafts()
        if (stored is not None and stored.owner != owner) or (drafts and drafts.owner != owner):
            await self._device.wipe_day()  # another account's day on a shared phone
            stored, drafts = None, None
        self.day = stored.day if stored else None
        self.drafts = dict(drafts.visits) if drafts else {}
        await self.queue.load(owner)
        self.loaded_for = owner
        self._publish()

    async def _expire_if_due(self) -> bool:
        """After `valid_until` the downloaded day (plan, citizens, keys, drafts) is wiped.
        Steps not yet sent stay until the server has them: they are the day's work."""
        if self.day is None or self._now() < self.day.valid_until:
            return False
        await self._device.wipe_day()
        self.day, self.drafts, self.door = None, {}, None
        if not self.queue.entries:
            await self.queue.forget()
        self._publish()
        self.tell(Note("field.day_ended"))
        return True

    # ---------------------------------------------------------------- steps at a visit

    async def depart(self, visit_id: str) -> None:
        await self._act(visit_id, VisitAction.DEPART)

    async def arrive(self, visit_id: str) -> None:
        await self._act(visit_id, VisitAction.ARRIVE)

    async def complete(self, visit_id: str, done: dict[str, bool]) -> None:
        outcomes = [ServiceOutcome(code=code, done=ok) for code, ok in done.items()]
        await self._act(visit_id, VisitAction.COMPLETE, services=outcomes)

    async def not_complete(self, visit_id: str, reason: NotCompletedReason) -> None:
        """With the visit's note (required for the reason "other")."""
        if reason is NotCompletedReason.OTHER and not self.draft(visit_id).note.strip():
            self.fail(Note("field.finish.note_required"))
            return
        await self._act(visit_id, VisitAction.NOT_COMPLETE, reason=reason)

    async def add_photo(self, visit_id: str, data: bytes) -> None:
        """Shrunk on the device (~300 KB, off the UI thread), then queued with its bytes."""
        try:
            small = await asyncio.to_thread(shrink_photo, data)
        except PrepError as exc:
            self.fail(Note(f"documents.prep.{exc.code}"))
            return
        entry = self._entry(visit_id, EntryKind.PHOTO)
        draft = self.draft(visit_id)
        photos = [*draft.photos, entry.key]
        await self._save_draft(visit_id, draft.model_copy(update={"photos": photos}))
        await self._enqueue(entry, small)

    async def file_application(self, visit_id: str, body: ApplicationIn) -> None:
        await self._enqueue(self._entry(visit_id, EntryKind.APPLICATION, application=body))
        self.tell(Note("field.apply.queued"))

    async def check_door(self, visit_id: str, texts: list[str]) -> DoorCheck | None:
        """The citizen's QR against the person visited, offline with the day's keys."""
        stop = self.stop(visit_id)
        if stop is None or self.day is None:
            return None
        self.door = door_check(stop.visit, self.day, texts, self._now())
        if self.door.verdict != "invalid":
            draft = self.draft(visit_id).model_copy(update={"verified": self.door.matched})
            await self._save_draft(visit_id, draft)
        return self.door

    async def check_door_image(
        self, visit_id: str, data: bytes, *, quiet_if_empty: bool = False
    ) -> DoorCheck | None:
        """Decode off the UI thread, then check; camera frames without a QR stay quiet."""
        if self.decoding:
            return None  # a frame is still being decoded: drop this one
        self.decoding = True
        try:
            texts = await asyncio.to_thread(decode_qr, data)
        finally:
            self.decoding = False
        if not texts and quiet_if_empty:
            return None
        return await self.check_door(visit_id, texts)

    def clear_door(self) -> None:
        self.door = None

    async def tick(self, visit_id: str, item: str, on: bool) -> None:
        draft = self.draft(visit_id)
        checked = [c for c in draft.checked if c != item] + ([item] if on else [])
        await self._save_draft(visit_id, draft.model_copy(update={"checked": checked}))

    async def set_note(self, visit_id: str, note: str) -> None:
        await self._save_draft(visit_id, self.draft(visit_id).model_copy(update={"note": note}))

    # ---------------------------------------------------------------- sending

    async def sync(self) -> None:
        """Send what waits, in order; no signal is no error here (retried by a timer)."""
        if not self.queue.entries:
            return
        self.sending = True
        try:
            drained = await self.queue.drain()
        except AuthExpiredError:
            return  # the client's hook has signed out (and wiped the queue)
        finally:
            self.sending = False
        if drained.sent:
            self.synced_at = self._now()
        await self._apply(drained.visits)
        if drained.stopped_offline:
            self._schedule_retry()
        elif self.day is None and not self.queue.entries:
            await self.queue.forget()  # the day ended and everything arrived
        self._publish()

    async def again(self, key: str) -> None:
        await self.queue.again(key)
        self._publish()
        await self.sync()

    async def discard(self, key: str) -> None:
        await self.queue.discard(key)
        self._publish()
        await self.sync()

    async def reconnected(self) -> None:
        """The session is confirmed again / the tab is back: send what waits."""
        try:
            await self.sync()
        except ApiError as exc:
            log.info("field queue not sent on reconnect: %s", exc.code)

    def close(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    async def forget(self) -> None:
        """Sign-out: the day, the drafts and the steps not sent are wiped from the device."""
        await self.put_away()
        await self._device.wipe_day()
        await self.queue.forget()

    async def put_away(self) -> None:
        """The session expired (a 12-hour staff session can end before the signal returns):
        nothing is shown any more, but the day's work stays encrypted on the device and is
        sent when the same officer signs in again (another account's sign-in wipes it; the
        day itself still ends at valid_until)."""
        await super().forget()
        self.close()
        self.day, self.drafts, self.entries, self.door = None, {}, [], None
        self.synced_at, self.loaded_for, self.sending = None, None, False

    # ---------------------------------------------------------------- inside

    async def _act(self, visit_id: str, action: VisitAction, **extra: object) -> None:
        draft = self.draft(visit_id)
        closing = action in (VisitAction.COMPLETE, VisitAction.NOT_COMPLETE)
        body = FieldActionIn(
            action=action,
            occurred_at=self._now(),
            note=(draft.note.strip() or None) if closing else None,
            citizen_verified=bool(draft.verified) if closing else False,
            **extra,
        )
        refs = draft.photos if closing else []
        entry = self._entry(visit_id, EntryKind.ACTION, action=body, photo_refs=refs)
        if closing:
            await self._save_draft(visit_id, draft.model_copy(update={"photos": []}))
        await self._enqueue(entry)

    def _entry(self, visit_id: str, kind: EntryKind, **fields: object) -> QueueEntry:
        return QueueEntry(
            key=field_day_api.new_idempotency_key(),
            visit_id=visit_id,
            kind=kind,
            created_at=self._now(),
            **fields,
        )

    async def _enqueue(self, entry: QueueEntry, photo: bytes | None = None) -> None:
        """On the device first, shown at once, then one attempt to send."""
        await self.queue.add(entry, photo)
        self._publish()
        await self.sync()

    async def _apply(self, visits: list[FieldVisit]) -> None:
        """The server's answers replace the visits in the stored day."""
        if self.day is None or not visits:
            return
        fresh = {v.id: v for v in visits}
        day = self.day.model_copy(update={"visits": [fresh.get(v.id, v) for v in self.day.visits]})
        self.day = day
        await self._device.save_day(StoredDay(owner=self._owner(), day=day))

    async def _save_draft(self, visit_id: str, draft: VisitDraft) -> None:
        await self._save_drafts({**self.drafts, visit_id: draft})

    async def _save_drafts(self, drafts: dict[str, VisitDraft]) -> None:
        self.drafts = drafts
        await self._device.save_drafts(StoredDrafts(owner=self._owner(), visits=drafts))

    def _publish(self) -> None:
        self.entries = list(self.queue.entries)
        known = [self.queue.state.synced_at, self.synced_at]
        known.append(self.day.downloaded_at if self.day else None)
        self.synced_at = max((k for k in known if k is not None), default=None)

    def _schedule_retry(self) -> None:
        if self._timer is not None:
            return
        loop = asyncio.get_running_loop()
        self._timer = loop.call_later(self.retry_seconds, self._fire)

    def _fire(self) -> None:
        self._timer = None
        self._task = asyncio.ensure_future(self.reconnected())


def _has(day: FieldDay, visit_id: str) -> bool:
    return any(v.id == visit_id for v in day.visits)
