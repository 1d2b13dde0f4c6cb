"""State layer: the coordinator's jemput bola board — `VisitBoardStore` (filters, keyset pages
with "Muat lagi", the center's teams and how full their days are, scheduling with If-Match — a
full day keeps the sheet open with its message, a stale version reloads —, cancelling with a
note, placing the map pin); no controls."""

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from app.services import visit_board_api
from app.services.api import ApiClient
from app.services.errors import ApiError, ConflictError, PreconditionFailed
from app.state.store import Note, Store
from app.state.visit_geo import in_indonesia, parse_position
from contracts.visits import (
    BoardPage,
    BoardRow,
    CancelIn,
    DayWindow,
    OfficerVisitDetail,
    PositionIn,
    ScheduleIn,
    TeamDayLoad,
    TeamOut,
    VisitReason,
    VisitStatus,
)

DAY_FULL = "team_day_full"
LoadKey = tuple[str, date]  # (team id, day)


class TeamDayFull(ApiError):
    """409 team_day_full: nothing changed; the sheet stays open and says so."""

    catalog_key = "visit_board.schedule.day_full"


class VisitChanged(PreconditionFailed):
    """412: the visit changed since the board was read; the board reloads."""

    catalog_key = "visit_board.changed"


@dataclass(frozen=True)
class BoardFilters:
    """Empty = the server's default (every visit of the coordinator's scope)."""

    status: VisitStatus | None = None
    district: str | None = None
    reason: VisitReason | None = None
    min_age: int | None = None
    day: date | None = None
    team: str | None = None

    def params(self) -> dict[str, str]:
        values: dict[str, Any] = {
            "status": self.status.value if self.status else None,
            "district": self.district,
            "reason": self.reason.value if self.reason else None,
            "min_age": self.min_age,
            "date": self.day.isoformat() if self.day else None,
            "team": self.team,
        }
        return {k: str(v) for k, v in values.items() if v not in (None, "")}


@dataclass(frozen=True)
class Board:
    items: tuple[BoardRow, ...] = ()
    next_cursor: str | None = None
    loaded: bool = False

    def with_page(self, page: BoardPage, append: bool) -> "Board":
        kept = self.items if append else ()
        seen = {i.id for i in kept}
        fresh = tuple(i for i in page.items if i.id not in seen)
        return Board(kept + fresh, page.next_cursor, loaded=True)

    def replaced(self, row: BoardRow) -> "Board":
        return replace(self, items=tuple(row if i.id == row.id else i for i in self.items))

    def find(self, visit_id: str) -> BoardRow | None:
        return next((i for i in self.items if i.id == visit_id), None)


def row_of(detail: OfficerVisitDetail, before: BoardRow) -> BoardRow:
    """The board row of a visit the coordinator just changed (its age stays as read)."""
    fields = {k: getattr(detail, k) for k in BoardRow.model_fields if hasattr(detail, k)}
    location = detail.location
    return BoardRow(
        **fields
        | {
            "age": before.age,
            "district_code": location.district_code,
            "village": location.village,
            "team_id": detail.team.id if detail.team else None,
            "has_position": location.latitude is not None,
        }
    )


def booked(row: BoardRow) -> LoadKey | None:
    """The team day a row takes a place in."""
    if row.team_id and row.scheduled_date and row.status is VisitStatus.SCHEDULED:
        return row.team_id, row.scheduled_date
    return None


class VisitBoardStore(Store):
    """The board's data; one per app session. It names citizens: forgotten at sign-out."""

    def __init__(self, api: ApiClient) -> None:
        super().__init__()
        self._api = api
        self.filters = BoardFilters()
        self.board = Board()
        self.teams: tuple[TeamOut, ...] = ()
        self.loads: dict[LoadKey, TeamDayLoad] = {}

    async def load(self) -> None:
        """The teams (once) and the first page with the filters set."""

        async def fetch() -> None:
            if not self.teams:
                self.teams = tuple(await visit_board_api.teams(self._api))
            await self._fetch(self.filters, None)

        await self.run(fetch)

    async def refresh(self) -> None:
        self.board, self.teams = Board(), ()
        await self.load()

    async def reload(self) -> None:
        """After a 412: the first page again, as the server has it now."""
        self.board = Board()
        await self._fetch(self.filters, None)

    async def filter(self, **change: Any) -> None:
        """Change some filters (`BoardFilters` fields) and load their first page."""
        self.filters, self.board = replace(self.filters, **change), Board()
        await self.load()

    async def more(self) -> None:
        cursor = self.board.next_cursor
        if cursor is not None:
            await self.run(lambda: self._fetch(self.filters, cursor))

    def team(self, team_id: str | None) -> TeamOut | None:
        return next((t for t in self.teams if t.id == team_id), None)

    def load_of(self, team_id: str, day: date) -> TeamDayLoad | None:
        return self.loads.get((team_id, day))

    async def day_loads(self, day: date) -> None:
        """How full each team is on `day` (a date picked in the schedule sheet)."""

        async def fetch() -> None:
            page = await visit_board_api.board(self._api, {"date": day.isoformat()}, limit=1)
            self._merge_loads(page)

        await self.run(fetch, quiet=True)

    def clear(self) -> None:
        """A sheet opens or closes: no earlier message is shown in or under it."""
        self.problem, self.notice, self.fields = None, None, {}
        self.changed = self.can_retry = False

    async def schedule(
        self, visit_id: str, team_id: str, day: date | None, window: DayWindow, note: str = ""
    ) -> bool:
        """Schedule (or move) a visit. True when the sheet can close: it was done, or the
        visit had changed and the board was reloaded. A full team day keeps it open."""
        row = self.board.find(visit_id)
        if row is None:
            return False
        if not team_id or day is None:
            self.fail(Note("visit_board.schedule.incomplete"))
            return False
        body = ScheduleIn(team_id=team_id, date=day, window=window, note=note.strip() or None)

        async def send() -> None:
            try:
                detail = await visit_board_api.schedule(self._api, row.id, body, row.version)
            except PreconditionFailed as exc:
                raise VisitChanged(code=exc.code, status=exc.status) from exc
            except ConflictError as exc:
                if exc.code != DAY_FULL:
                    raise
                raise TeamDayFull(code=exc.code, status=exc.status) from exc
            self._done(row, detail, "visit_board.schedule.done")

        done = await self.run(send)
        if self.problem is not None and self.problem.key == TeamDayFull.catalog_key:
            await self.day_loads(day)
        return done or self.changed

    async def cancel(self, visit_id: str, note: str) -> bool:
        """Cancel with the reason the citizen will read; True when the sheet can close."""
        row = self.board.find(visit_id)
        if row is None:
            return False
        if not note.strip():
            self.fail(Note("visit_board.cancel.note_required"))
            return False

        async def send() -> None:
            body = CancelIn(note=note.strip())
            try:
                detail = await visit_board_api.cancel(self._api, row.id, body, row.version)
            except PreconditionFailed as exc:
                raise VisitChanged(code=exc.code, status=exc.status) from exc
            self._done(row, detail, "visit_board.cancel.done")

        return await self.run(send) or self.changed

    async def set_position(self, visit_id: str, text: str) -> bool:
        """The map pin from typed coordinates (or a tap on the map, written as text)."""
        row = self.board.find(visit_id)
        point = parse_position(text)
        if row is None:
            return False
        if point is None:
            self.fail(Note("visit_board.position.invalid"))
            return False
        if not in_indonesia(point):
            self.fail(Note("visit_board.position.outside"))
            return False
        body = PositionIn(latitude=point[0], longitude=point[1])

        async def send() -> None:
            detail = await visit_board_api.set_position(self._api, row.id, body)
            self._done(row, detail, "visit_board.position.done")

        return await self.run(send)

    async def forget(self) -> None:
        await super().forget()
        self.filters, self.board, self.teams, self.loads = BoardFilters(), Board(), (), {}

    def _done(self, before: BoardRow, detail: OfficerVisitDetail, notice: str) -> None:
        after = row_of(detail, before)
        self._move_load(booked(before), -1)
        self._move_load(booked(after), +1)
        self.board = self.board.replaced(after)
        self.tell(Note(notice, {"number": after.number}))

    def _move_load(self, key: LoadKey | None, step: int) -> None:
        known = self.loads.get(key) if key else None
        if key is not None and known is not None:
            self.loads = self.loads | {
                key: known.model_copy(update={"booked": known.booked + step})
            }

    def _merge_loads(self, page: BoardPage) -> None:
        self.loads = self.loads | {(load.team_id, load.date): load for load in page.loads}

    async def _fetch(self, wanted: BoardFilters, cursor: str | None) -> None:
        page = await visit_board_api.board(self._api, wanted.params(), cursor)
        self._merge_loads(page)
        if wanted == self.filters:  # not a late answer for filters changed meanwhile
            self.board = self.board.with_page(page, append=cursor is not None)
