"""Server layer: a team's day plan (/officer/visit-plans) — the day's visits as the planner's
stops, the solver's or the coordinator's order stored on the visits (plan_position,
planned_arrival) and on the team day (plan_solver, planned_at), and the DayPlan shown."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.access import Purpose
from contracts.catalog import ServiceCenter
from contracts.enums import Role
from contracts.visits import DayPlan, PlanStop, UnplannedVisit, VisitAction, VisitStatus
from contracts.zones import zone_name
from server.access.service import record_access
from server.accounts.models import Account
from server.catalog import service as catalog
from server.db import utcnow
from server.errors import AppError
from server.visits import planner, teams
from server.visits.distances import Point
from server.visits.models import FieldTeam, TeamDay, Visit, VisitUpdate
from server.visits.officer import require_role
from server.visits.workflow import HOLDING

# the visits on a team's route that day: booked ones, and one the team already tried
ON_ROUTE = HOLDING | {VisitStatus.NOT_COMPLETED}
VROOM, MANUAL = "vroom", "manual"
PLAN_FIELDS = ("full_name", "address", "position")


@dataclass(frozen=True)
class Day:
    """One team's day and what planning it needs."""

    team: FieldTeam
    date: date
    center: ServiceCenter
    visits: list[Visit]  # by number, so a fresh solve sees them in a stable order
    stops: list[planner.Stop]
    stored: TeamDay | None

    @property
    def zone(self) -> str:
        return zone_name(self.center.regency_code)

    @property
    def planning_team(self) -> planner.Team:
        depot = Point(self.center.latitude, self.center.longitude)
        start, end = (
            planner.clock_seconds(t) for t in (self.team.shift_start, self.team.shift_end)
        )
        return planner.Team(self.team.id, depot, start, end, self.team.daily_capacity)


# ---------------------------------------------------------------- who may see and change it


async def team_for(db: AsyncSession, officer: Account, team_id: str) -> FieldTeam:
    """The team whose plan this officer may see: a coordinator's center's team, or a team the
    field officer is in. Any other team is 404 (nothing leaked); other roles 403."""
    require_role(officer)
    if officer.role is Role.COORDINATOR:
        return await teams.team_at_center(db, team_id, officer.service_center_code)
    team = await db.get(FieldTeam, team_id)
    if team is None or team_id not in await teams.member_team_ids(db, officer.id):
        raise AppError(404, "not_found")
    return team


async def team_to_plan(db: AsyncSession, officer: Account, team_id: str) -> FieldTeam:
    """Ordering a day is the coordinator's: a field officer of the team gets 403."""
    team = await team_for(db, officer, team_id)
    require_role(officer, Role.COORDINATOR)
    return team


def log_reads(db: AsyncSession, officer: Account, plan: DayPlan, day: Day) -> None:
    """Names, addresses and home positions were shown: one access-log row per citizen."""
    shown = {s.visit_id for s in plan.stops} | {u.visit_id for u in plan.unplanned}
    for visit in day.visits:
        if visit.id in shown:
            resource = f"visits/{visit.number}/plan"
            record_access(db, visit.citizen_id, officer, Purpose.HOME_VISIT, resource, PLAN_FIELDS)


# ---------------------------------------------------------------- the day's visits


async def _minutes(db: AsyncSession, codes: Sequence[str]) -> list[int | None]:
    out: list[int | None] = []
    for code in codes:
        try:
            out.append((await catalog.active_service(db, code)).visit_minutes)
        except AppError:  # retired since the request: the default length
            out.append(None)
    return out


async def _stop(db: AsyncSession, visit: Visit) -> planner.Stop:
    minutes = await _minutes(db, [s["code"] for s in visit.services])
    where = None
    if visit.latitude is not None and visit.longitude is not None:
        where = Point(visit.latitude, visit.longitude)
    return planner.Stop(visit.id, visit.window, where, planner.service_seconds(minutes))


async def load_day(db: AsyncSession, team: FieldTeam, day: date) -> Day:
    center = await catalog.service_center(db, team.service_center_code)
    if center is None:  # the center was retired from the catalog: nowhere to start from
        raise AppError(404, "not_found")
    rows = await db.scalars(
        select(Visit)
        .where(Visit.team_id == team.id, Visit.scheduled_date == day, Visit.status.in_(ON_ROUTE))
        .order_by(Visit.number)
    )
    visits = list(rows)
    stops = [await _stop(db, v) for v in visits]
    return Day(team, day, center, visits, stops, await db.get(TeamDay, (team.id, day)))


async def _stored_order(db: AsyncSession, day: Day) -> list[str] | None:
    """The stored order, unless a visit joined the day (or moved within it) since then."""
    if day.stored is None or day.stored.planned_at is None or not day.visits:
        return None
    changed = await db.scalar(
        select(func.count(VisitUpdate.id)).where(
            VisitUpdate.visit_id.in_([v.id for v in day.visits]),
            VisitUpdate.action.in_([VisitAction.SCHEDULE, VisitAction.RESCHEDULE]),
            VisitUpdate.at > day.stored.planned_at,
        )
    )
    if changed:
        return None
    placed = sorted((v for v in day.visits if v.plan_position is not None), key=_position)
    return [v.id for v in placed]


def _position(visit: Visit) -> int:
    return visit.plan_position or 0


# ---------------------------------------------------------------- planning


def _timed(day: Day, order: Sequence[str]) -> planner.Plan:
    """One clock for every plan: the order (the solver's or the coordinator's) timed by the
    planner's evaluate, the rest of the day's visits with their reason."""
    by_id = {s.id: s for s in day.stops}
    rest = [s for s in day.stops if s.id not in set(order)]
    return planner.evaluate(day.planning_team, [by_id[i] for i in order], left_out=rest)


def _solved(day: Day) -> planner.Plan:
    # pyvroom holds the GIL while it solves (a thread would not free the event loop): fine
    # for a team's day (its capacity: 8 by default, 100 at most), a few ms to ~0.3 s
    found = planner.plan_day(day.planning_team, day.stops)
    return _timed(day, [p.stop_id for p in found.route.stops])


async def _current(db: AsyncSession, team: FieldTeam, day_: date) -> tuple[Day, DayPlan]:
    day = await load_day(db, team, day_)
    order = await _stored_order(db, day)
    if order is None or day.stored is None:
        return day, plan_out(day, _solved(day), VROOM)
    return day, plan_out(day, _timed(day, order), day.stored.plan_solver or MANUAL)


async def day_plan(db: AsyncSession, team: FieldTeam, day_: date) -> DayPlan:
    """The stored order if it is still the day's, else a fresh solve (not stored). No access
    check and no access log: the caller (e.g. the field day) does both."""
    return (await _current(db, team, day_))[1]


async def read(db: AsyncSession, officer: Account, team_id: str, day_: date) -> DayPlan:
    """GET: the team's coordinator or a member of the team; access-logged."""
    day, plan = await _current(db, await team_for(db, officer, team_id), day_)
    log_reads(db, officer, plan, day)
    return plan


async def optimize(db: AsyncSession, officer: Account, team_id: str, day_: date) -> DayPlan:
    """POST .../optimize: the solver's order, stored (coordinator)."""
    day = await load_day(db, await team_to_plan(db, officer, team_id), day_)
    plan = plan_out(day, await _store(db, day, _solved(day), VROOM), VROOM)
    log_reads(db, officer, plan, day)
    return plan


async def reorder(
    db: AsyncSession, officer: Account, team_id: str, day_: date, visit_ids: Sequence[str]
) -> DayPlan:
    """PUT: the coordinator's order (any of the day's visits, each once) timed with late
    flags and stored; the visits left out get their reason. 422 plan_order for a visit
    that is not on this team's day, or one named twice."""
    day = await load_day(db, await team_to_plan(db, officer, team_id), day_)
    known = {v.id for v in day.visits}
    if len(set(visit_ids)) != len(visit_ids) or not set(visit_ids) <= known:
        raise AppError(422, "plan_order")
    plan = plan_out(day, await _store(db, day, _timed(day, visit_ids), MANUAL), MANUAL)
    log_reads(db, officer, plan, day)
    return plan


async def _store(db: AsyncSession, day: Day, plan: planner.Plan, solver: str) -> planner.Plan:
    """Positions and arrivals on the visits (cleared for the ones left out), the solver and
    the time on the team day. A day nobody booked has no row and nothing to store."""
    placed = {p.stop_id: (n, p) for n, p in enumerate(plan.route.stops, start=1)}
    for visit in day.visits:
        n, stop = placed.get(visit.id, (None, None))
        visit.plan_position = n
        visit.planned_arrival = None if stop is None else _at(day, stop.arrival)
    if day.stored is not None:
        day.stored.plan_solver, day.stored.planned_at = solver, utcnow()
    await db.flush()
    return plan


# ---------------------------------------------------------------- the wire


def _at(day: Day, seconds: int) -> datetime:
    midnight = datetime.combine(day.date, time(0), tzinfo=ZoneInfo(day.zone))
    return midnight + timedelta(seconds=seconds)


def _km(metres: int) -> float:
    return round(metres / 1000, 2)


def _stop_out(day: Day, visit: Visit, stop: planner.PlannedStop) -> PlanStop:
    assert visit.window is not None and visit.latitude is not None and visit.longitude is not None
    return PlanStop(
        visit_id=visit.id,
        number=visit.number,
        subject_name=visit.subject_name,
        window=visit.window,
        latitude=visit.latitude,
        longitude=visit.longitude,
        village=visit.village,
        landmark=visit.landmark,
        arrival=_at(day, stop.arrival),
        start=_at(day, stop.start),
        end=_at(day, stop.end),
        leg_km=_km(stop.leg_m),
        late=stop.late,
    )


def plan_out(day: Day, plan: planner.Plan, solver: str) -> DayPlan:
    visits = {v.id: v for v in day.visits}
    route = plan.route
    return DayPlan(
        team_id=day.team.id,
        date=day.date,
        zone=day.zone,
        depot_name=day.center.name,
        depot_latitude=day.center.latitude,
        depot_longitude=day.center.longitude,
        leaves_at=None if route.leaves_at is None else _at(day, route.leaves_at),
        returns_at=None if route.returns_at is None else _at(day, route.returns_at),
        stops=[_stop_out(day, visits[p.stop_id], p) for p in route.stops],
        unplanned=[
            UnplannedVisit(visit_id=u.stop_id, number=visits[u.stop_id].number, reason=u.reason)
            for u in plan.unplanned
        ],
        total_km=_km(route.total_m),
        solver=solver,
        distances=planner.STRAIGHT_LINE.name,
    )
