"""Server layer: the field officer's day, downloaded at its start for offline use — the team,
the route (the planner's stored or fresh order), every visit with what it needs, the identity
keys for the citizens' QR codes; each citizen whose data goes out is access-logged once per
download (purpose home_visit)."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.visits import DayPlan, FieldDay, VisitStatus
from contracts.zones import zone_for
from server.accounts.models import Account
from server.catalog import service as catalog
from server.db import utcnow
from server.errors import AppError
from server.identity import keys
from server.visits import field, plans
from server.visits.models import FieldTeam, Visit
from server.visits.teams import member_team_ids, teams_out

_TO_MAKE = frozenset({VisitStatus.SCHEDULED, VisitStatus.ON_THE_WAY, VisitStatus.ARRIVED})


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


async def next_visit_day(db: AsyncSession, team_id: str, today: date) -> date | None:
    """The first day from `today` on which the team has a visit to make (the route of the next
    working day is downloaded the evening before, before leaving for an area without signal)."""
    first = select(func.min(Visit.scheduled_date)).where(
        Visit.team_id == team_id,
        Visit.scheduled_date >= today,
        Visit.status.in_(_TO_MAKE),
    )
    found: date | None = await db.scalar(first)
    return found


async def day_visits(db: AsyncSession, team_id: str, day: date, plan: DayPlan) -> list[Visit]:
    """The day's visits in route order, the ones the route could not place after them."""
    rows = await db.scalars(
        select(Visit).where(
            Visit.team_id == team_id,
            Visit.scheduled_date == day,
            Visit.status.in_(plans.ON_ROUTE),
        )
    )
    order = [s.visit_id for s in plan.stops] + [u.visit_id for u in plan.unplanned]
    rank = {visit_id: n for n, visit_id in enumerate(order)}
    return sorted(rows, key=lambda v: (rank.get(v.id, len(rank)), v.number))


async def field_day(
    db: AsyncSession,
    officer: Account,
    day: date | None,
    team_id: str | None,
    secret: str,
    upcoming: bool = False,
) -> FieldDay:
    """Everything the team needs offline for one day (default: today in the team's zone;
    `upcoming`: the first day from today with visits to make, else today)."""
    team = await officer_team(db, officer, team_id)
    center = await catalog.service_center(db, team.service_center_code)
    if center is None:  # retired from the catalog: no day to plan from it
        raise AppError(404, "not_found")
    zone = zone_for(center.regency_code)
    now = utcnow()
    today = now.astimezone(zone).date()
    if day is None and upcoming:
        day = await next_visit_day(db, team.id, today)
    day = day or today
    plan = await plans.day_plan(db, team, day)
    visits = await day_visits(db, team.id, day, plan)
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
