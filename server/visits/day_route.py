"""Server layer: the day's route as the field officers carry it — the visits in their stored
order, timed from the service center and back (straight-line legs at an average speed)."""

import math
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.catalog import ServiceCenter
from contracts.visits import (
    DEFAULT_VISIT_MINUTES,
    WINDOW_HOURS,
    DayPlan,
    DayWindow,
    PlanStop,
    UnplannedReason,
    UnplannedVisit,
)
from contracts.zones import zone_for
from server.catalog import service as catalog
from server.errors import AppError
from server.visits.models import FieldTeam, TeamDay, Visit

SPEED_KMH = 25.0
_EARTH_KM = 6371.0088


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lat2 = math.radians(a[0]), math.radians(b[0])
    dlat, dlon = lat2 - lat1, math.radians(b[1] - a[1])
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * _EARTH_KM * math.asin(math.sqrt(h))


def _drive(km: float) -> timedelta:
    return timedelta(seconds=round(km / SPEED_KMH * 3600))


def _at(day: date, clock: str, zone: ZoneInfo) -> datetime:
    hours, minutes = clock.split(":")
    return datetime.combine(day, time(int(hours), int(minutes)), zone)


async def visit_minutes(db: AsyncSession, visit: Visit) -> int:
    total = 0
    for entry in visit.services:
        try:
            service = await catalog.active_service(db, str(entry["code"]))
        except AppError:
            total += DEFAULT_VISIT_MINUTES
            continue
        total += service.visit_minutes or DEFAULT_VISIT_MINUTES
    return total or DEFAULT_VISIT_MINUTES


async def day_route(
    db: AsyncSession, team: FieldTeam, center: ServiceCenter, day: date, visits: Sequence[Visit]
) -> DayPlan:
    """`visits` in route order; the ones without a map position are listed as unplanned."""
    zone = zone_for(center.regency_code)
    here = (center.latitude, center.longitude)
    clock, total = _at(day, team.shift_start, zone), 0.0
    stops: list[PlanStop] = []
    unplanned: list[UnplannedVisit] = []
    for visit in visits:
        if visit.latitude is None or visit.longitude is None:
            reason = UnplannedReason.NO_POSITION
            unplanned.append(UnplannedVisit(visit_id=visit.id, number=visit.number, reason=reason))
            continue
        there = (visit.latitude, visit.longitude)
        leg = km_between(here, there)
        window = visit.window or DayWindow.MORNING
        opens, closes = WINDOW_HOURS[window]
        arrival = clock + _drive(leg)
        start = max(arrival, _at(day, opens, zone))
        end = start + timedelta(minutes=await visit_minutes(db, visit))
        late = start > _at(day, closes, zone) or end > _at(day, team.shift_end, zone)
        stops.append(
            PlanStop(
                visit_id=visit.id,
                number=visit.number,
                subject_name=visit.subject_name,
                window=window,
                latitude=there[0],
                longitude=there[1],
                village=visit.village,
                landmark=visit.landmark,
                arrival=arrival,
                start=start,
                end=end,
                leg_km=round(leg, 2),
                late=late,
            )
        )
        here, clock, total = there, end, total + leg
    back = km_between(here, (center.latitude, center.longitude)) if stops else 0.0
    stored = await db.get(TeamDay, (team.id, day))
    return DayPlan(
        team_id=team.id,
        date=day,
        zone=zone.key,
        depot_name=center.name,
        depot_latitude=center.latitude,
        depot_longitude=center.longitude,
        leaves_at=_at(day, team.shift_start, zone) if stops else None,
        returns_at=clock + _drive(back) if stops else None,
        stops=stops,
        unplanned=unplanned,
        total_km=round(total + back, 2),
        solver=(stored.plan_solver if stored is not None else None) or "manual",
        distances="straight_line",
    )
