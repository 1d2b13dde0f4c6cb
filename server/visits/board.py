"""Server layer: the coordinator's board (and a field officer's list of their teams' visits) —
filters, oldest request first, keyset pages, and how full the teams' days on the page are."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import Role
from contracts.visits import BoardPage, VisitReason, VisitStatus
from server.accounts.models import Account
from server.catalog import service as catalog
from server.http import Page, decode_cursor, encode_cursor, keyset_page
from server.visits import teams
from server.visits.models import Visit
from server.visits.officer import require_role
from server.visits.views import board_row, local_today

_OPEN = [s for s in VisitStatus if s.is_open]


@dataclass(frozen=True)
class BoardFilter:
    """The board's filters; no status = every open visit."""

    status: VisitStatus | None = None
    district: str | None = None
    reason: VisitReason | None = None
    min_age: int | None = None
    day: date | None = None
    team: str | None = None

    def where(self, today: date) -> list[ColumnElement[bool]]:
        parts: list[ColumnElement[bool]] = [
            Visit.status == self.status if self.status else Visit.status.in_(_OPEN)
        ]
        if self.district:
            parts.append(Visit.district_code == self.district)
        if self.reason:
            parts.append(Visit.reason == self.reason)
        if self.min_age is not None:
            parts.append(Visit.subject_birth_date <= born_by(today, self.min_age))
        if self.day:
            parts.append(Visit.scheduled_date == self.day)
        if self.team:
            parts.append(Visit.team_id == self.team)
        return parts


def born_by(today: date, age: int) -> date:
    """The latest birth date of someone at least `age` years old today (29 Feb → 28 Feb)."""
    try:
        return today.replace(year=today.year - age)
    except ValueError:
        return today.replace(year=today.year - age, day=28)


async def _scope(db: AsyncSession, officer: Account) -> list[ColumnElement[bool]]:
    if officer.role is Role.COORDINATOR:
        parts = [Visit.service_center_code == (officer.service_center_code or "")]
        if officer.district_codes:
            parts.append(Visit.district_code.in_(officer.district_codes))
        return parts
    return [Visit.team_id.in_(await teams.member_team_ids(db, officer.id))]


async def board(
    db: AsyncSession, officer: Account, filters: BoardFilter, cursor: str | None, limit: int
) -> BoardPage:
    """Oldest request first, keyset-paginated on (requested_at, id)."""
    require_role(officer)
    today = await _today_at(db, officer)
    query = select(Visit).where(*await _scope(db, officer), *filters.where(today))
    if cursor:
        anchor = decode_cursor(cursor, datetime.fromisoformat, str)
        query = query.where(tuple_(Visit.requested_at, Visit.id) > anchor)
    order = (Visit.requested_at, Visit.id)
    rows = list(await db.scalars(query.order_by(*order).limit(limit + 1)))
    page: Page[Visit] = keyset_page(rows, limit, _cursor)
    days = {d for v in page.items for d in _days(v)}
    shown = await teams.visible_teams(db, officer)
    return BoardPage(
        items=[board_row(v) for v in page.items],
        next_cursor=page.next_cursor,
        loads=await teams.loads(db, shown, days),
    )


def _days(visit: Visit) -> list[date]:
    """The days a row is about: its scheduled day, or the citizen's preferred ones."""
    if visit.scheduled_date is not None:
        return [visit.scheduled_date]
    return [date.fromisoformat(p["date"]) for p in visit.preferred]


def _cursor(visit: Visit) -> str:
    return encode_cursor(visit.requested_at.isoformat(), visit.id)


async def _today_at(db: AsyncSession, officer: Account) -> date:
    """Today where the officer's center is (ages on the board count from it)."""
    center = await catalog.service_center(db, officer.service_center_code or "")
    return local_today(center.regency_code if center else "")
