"""Server layer: the field officer's day, downloaded at its start for offline use — the team,
the route, every visit with what it needs, the identity keys for the citizens' QR codes; each
citizen whose data goes out is access-logged once per download (purpose home_visit)."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.catalog import ServiceCenter
from contracts.visits import DayPlan, DayWindow, FieldDay, VisitStatus
from contracts.zones import zone_for
from server.accounts.models import Account
from server.catalog.models import ServiceCenterRow
from server.db import utcnow
from server.errors import AppError
from server.identity import keys
from server.visits import field
from server.visits.day_route import day_route
from server.visits.models import FieldTeam, Visit
from server.visits.teams import member_team_ids, teams_out

# a visit of the day the officers carry (a finished one stays, so a second download mid-day
# still shows what is done); requested, moved or cancelled ones are not theirs any more
ON_THE_DAY = (
    VisitStatus.SCHEDULED,
    VisitStatus.ON_THE_WAY,
    VisitStatus.ARRIVED,
    VisitStatus.COMPLETED,
    VisitStatus.NOT_COMPLETED,
)


async def center_of(db: AsyncSession, code: str) -> ServiceCenter:
    row = await db.get(ServiceCenterRow, code)
    if row is None:
        raise AppError(404, "not_found")
    return ServiceCenter.model_validate(row.data)


async def officer_team(db: AsyncSession, officer: Account, team_id: str | None) -> FieldTeam:
    """The team whose day is asked for: the one named (the officer's own), else the officer's
    first team by name; an officer in no team is 404 visit_team_none."""
    field.require_field(officer)
    mine = await member_team_ids(db, officer.id)
    if team_id is not None and team_id not in mine:
        raise AppError(404, "not_found")
    wanted = {team_id} if team_id is not None else mine
    query = select(FieldTeam).where(FieldTeam.id.in_(wanted)).order_by(FieldTeam.name)
    team = (await db.scalars(query.limit(1))).first()
    if team is None:
        raise AppError(404, "visit_team_none")
    return team


def end_of_day(day: date, zone: ZoneInfo) -> datetime:
    """Local midnight after `day`, in UTC: the device wipes the day's data then."""
    return datetime.combine(day + timedelta(days=1), time(), zone).astimezone(UTC)


async def day_visits(db: AsyncSession, team_id: str, day: date) -> list[Visit]:
    query = (
        select(Visit)
        .where(
            Visit.team_id == team_id,
            Visit.scheduled_date == day,
            Visit.status.in_(ON_THE_DAY),
        )
    )
    return sorted(await db.scalars(query), key=route_order)


def route_order(visit: Visit) -> tuple[bool, int, int, str]:
    """The stored route position first; unplaced visits after, mornings before afternoons."""
    window = 0 if visit.window is DayWindow.MORNING else 1
    return (visit.plan_position is None, visit.plan_position or 0, window, visit.number)


async def field_day(
    db: AsyncSession, officer: Account, day: date | None, team_id: str | None, secret: str
) -> FieldDay:
    """Everything the team needs offline for one day (default: today in the team's zone)."""
    team = await officer_team(db, officer, team_id)
    center = await center_of(db, team.service_center_code)
    zone = zone_for(center.regency_code)
    now = utcnow()
    day = day or now.astimezone(zone).date()
    visits = await day_visits(db, team.id, day)
    plan: DayPlan = await day_route(db, team, center, day, visits)
    out = [await field.field_visit(db, v) for v in visits]
    field.log_visit_read(db, officer, visits)
    await keys.active_key(db, secret, now)  # the first key exists before it is published
    return FieldDay(
        date=day,
        zone=zone.key,
        team=(await teams_out(db, [team]))[0],
        plan=plan,
        visits=out,
        keys=[keys.to_jwk(k) for k in await keys.published(db, now)],
        downloaded_at=now,
        valid_until=end_of_day(day, zone),
    )
