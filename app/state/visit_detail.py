"""State layer: one jemput bola visit as its screen shows it — the detail (the device's copy at
once, then the server's; kept per visit so it and its team show without signal), cancel and
"minta tanggal lain" before the visit with If-Match (a 412 reloads what is true now), and the
door check: is the officer whose card was scanned one of this visit's team; no controls."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import ClassVar

from app.services import visits_api
from app.services.api import ApiClient
from app.services.visit_cache import VisitCache
from app.state.form_store import FormStore
from app.state.identity import ScanOutcome
from app.state.store import Note
from app.state.visit_form import Slot, preferred
from contracts.visits import (
    CITIZEN_ACTIONS,
    AskNewDateIn,
    VisitAction,
    VisitDetail,
    VisitStatus,
    next_status,
)

Clock = Callable[[], datetime]
Today = Callable[[], date]
Owner = Callable[[], str]


def utcnow() -> datetime:
    return datetime.now(UTC)


def allowed(detail: VisitDetail, action: VisitAction) -> bool:
    """The citizen's actions are offered only while the workflow allows them."""
    return action in CITIZEN_ACTIONS and next_status(action, detail.status) is not None


class Door(StrEnum):
    ASSIGNED = "assigned"  # a genuine officer of this visit's team
    NOT_ASSIGNED = "not_assigned"  # a genuine officer, but not of this visit's team
    NO_TEAM = "no_team"  # genuine, but no team is assigned to this visit yet
    REFUSED = "refused"  # not a valid officer card (forged, expired, tampered, no QR)


@dataclass(frozen=True)
class DoorCheck:
    door: Door
    officer: str | None = None  # the name on the card (genuine cards only)


def door_check(outcome: ScanOutcome, detail: VisitDetail | None) -> DoorCheck:
    """Offline: the card's signature was checked with the cached keys (`outcome`); the team
    comes from the visit as last synced. Only a member of the team is expected at the door."""
    claims = outcome.claims
    if claims is None:
        return DoorCheck(Door.REFUSED)
    team = detail.team if detail else None
    if team is None or not team.officers:
        return DoorCheck(Door.NO_TEAM, claims.name)
    members = {o.subject for o in team.officers}
    door = Door.ASSIGNED if claims.subject in members else Door.NOT_ASSIGNED
    return DoorCheck(door, claims.name)


class VisitStore(FormStore):
    """The visit open on screen; one per app session, personal (forgotten at sign-out)."""

    code_fields: ClassVar[Mapping[str, str]] = {"visit_dates": "preferred"}

    def __init__(
        self,
        api: ApiClient,
        cache: VisitCache,
        owner: Owner,
        *,
        clock: Clock = utcnow,
        today: Today = date.today,
    ) -> None:
        super().__init__()
        self._api, self._cache, self._owner = api, cache, owner
        self._now, self._today = clock, today
        self.visit_id = ""
        self.detail: VisitDetail | None = None
        self.synced_at: datetime | None = None
        self.offline = False  # what is shown is the device's copy from `synced_at`
        self.tried = ""  # the id asked for last ("not found" is only said after asking)

    async def open(self, visit_id: str) -> None:
        """The device's copy at once (also without signal), then the server's."""
        if visit_id != self.visit_id:
            self.visit_id, self.detail, self.synced_at = visit_id, None, None
            self.clear()
            cached = await self._cache.load_detail(self._owner(), visit_id)
            if cached is not None and visit_id == self.visit_id:
                self.detail, self.synced_at = cached.detail, cached.synced_at
        ok = await self.run(self.reload)
        self.offline = not ok and self.can_retry and self.detail is not None
        if self.offline:
            self.problem = None
        self.tried = visit_id

    async def reload(self) -> None:
        await self._show(await visits_api.get(self._api, self.visit_id))

    async def cancel(self, note: str = "") -> bool:
        detail = self.detail
        if detail is None:
            return False

        async def send() -> None:
            text = note.strip() or None
            await self._show(await visits_api.cancel(self._api, detail.id, detail.version, text))
            self.tell(Note("visit.cancelled"))

        return await self.submit(send)

    async def ask_new_date(self, slots: list[Slot], note: str = "") -> bool:
        """New preferred dates (checked on the device first); back to the coordinator."""
        detail = self.detail
        if detail is None:
            return False

        async def send() -> None:
            body = AskNewDateIn(
                preferred=preferred(slots, self._today()), note=note.strip() or None
            )
            await self._show(
                await visits_api.ask_new_date(self._api, detail.id, body, detail.version)
            )
            self.tell(Note("visit.new_date_asked"))

        return await self.submit(send)

    def today(self) -> date:
        return self._today()

    async def forget(self) -> None:
        await super().forget()
        owner = self._owner()
        if owner:
            await self._cache.forget(owner)
        self.visit_id, self.detail, self.synced_at, self.tried = "", None, None, ""
        self.offline = False

    async def _show(self, detail: VisitDetail) -> None:
        if detail.id != self.visit_id:
            return  # a late answer for a visit opened before
        now = self._now()
        self.detail, self.synced_at, self.offline = detail, now, False
        await self._cache.save_detail(self._owner(), detail, now)


def is_before_visit(status: VisitStatus) -> bool:
    return next_status(VisitAction.CANCEL, status) is not None
