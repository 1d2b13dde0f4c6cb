"""Tests: /api/v1/officer/visit-plans — a team's day planned by the solver and stored, ordered
by hand with late flags, a stored order made stale by a newly scheduled visit, service lengths
from the catalog, unplanned reasons, and who may see or change a plan (real app and database;
visits requested by a citizen and scheduled by the coordinator through the API)."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import Role
from server.access.models import AccessLog
from server.visits.models import TeamDay, Visit
from tests.server import visits_support as vs

PLANS = "/api/v1/officer/visit-plans"
DEPOT = (-7.87, 112.52)  # MPP-BATU in the test catalog


def near(km_north: float, km_east: float = 0.0) -> tuple[float, float]:
    return DEPOT[0] + km_north / 111.2, DEPOT[1] + km_east / 110.2


@dataclass
class World:
    api: httpx.AsyncClient
    db: AsyncSession
    base: vs.World
    day: date

    @property
    def coordinator(self) -> dict[str, str]:
        return self.base.coordinator

    @property
    def member(self) -> dict[str, str]:
        return self.base.field

    @property
    def citizen(self) -> dict[str, str]:
        return self.base.citizen.auth

    def url(self, team_id: str | None = None, day: date | None = None) -> str:
        return f"{PLANS}/{team_id or self.base.team_id}/{(day or self.day).isoformat()}"

    async def request(
        self, where: tuple[float, float] | None, services: tuple[str, ...] = (vs.KTP,)
    ) -> dict[str, Any]:
        location = vs.body()["location"] | {"latitude": None, "longitude": None}
        if where is not None:
            location |= {"latitude": where[0], "longitude": where[1]}
        return await vs.request(
            self.api, self.base.citizen, location=location, service_codes=list(services)
        )

    async def schedule(self, visit: dict[str, Any], window: str, day: date | None = None) -> None:
        resp = await vs.schedule(
            self.api, self.coordinator, visit, self.base.team_id, day or self.day, window
        )
        assert resp.status_code == 200, resp.text

    async def visit(self, window: str, where: tuple[float, float] | None, **kw: Any) -> str:
        visit = await self.request(where, **kw)
        await self.schedule(visit, window)
        return str(visit["id"])


@pytest.fixture
async def world(api: httpx.AsyncClient, db: AsyncSession) -> World:
    return World(api, db, await vs.make_world(api, db), vs.free_days(1)[0])


def clock(stamp: str) -> str:
    """'2026-12-07T09:31:00+07:00' → '09:31' (the zone's local time), checking the offset."""
    moment = datetime.fromisoformat(stamp)
    assert moment.utcoffset() == timedelta(hours=7)  # WIB: Kota Batu
    return moment.strftime("%H:%M")


def length(stop: dict[str, Any]) -> timedelta:
    return datetime.fromisoformat(stop["end"]) - datetime.fromisoformat(stop["start"])


async def stored(db: AsyncSession, *ids: str) -> list[tuple[int | None, bool]]:
    db.expire_all()
    rows = {v.id: v for v in await db.scalars(select(Visit).where(Visit.id.in_(ids)))}
    return [(rows[i].plan_position, rows[i].planned_arrival is not None) for i in ids]


async def test_optimize_plans_the_day_and_stores_it(world: World) -> None:
    afternoon = await world.visit("afternoon", near(2))
    far_morning = await world.visit("morning", near(0, 8))
    morning = await world.visit("morning", near(-3), services=(vs.KTP, vs.IKD))
    no_pin = await world.visit("morning", None)

    resp = await world.api.post(world.url() + "/optimize", headers=world.coordinator)
    assert resp.status_code == 200, resp.text
    plan = resp.json()
    assert plan["solver"] == "vroom" and plan["distances"] == "straight_line"
    assert plan["zone"] == "Asia/Jakarta" and plan["depot_name"] == "MPP-BATU"
    assert (plan["depot_latitude"], plan["depot_longitude"]) == DEPOT
    stops = {s["visit_id"]: s for s in plan["stops"]}
    assert set(stops) == {afternoon, far_morning, morning}
    assert plan["stops"][-1]["visit_id"] == afternoon  # mornings first
    for s in plan["stops"]:
        low, high = ("08:00", "12:00") if s["window"] == "morning" else ("13:00", "16:00")
        assert low <= clock(s["start"]) <= high and clock(s["arrival"]) <= clock(s["start"])
    assert clock(plan["leaves_at"]) >= "08:00" and clock(plan["returns_at"]) <= "16:00"
    assert plan["unplanned"] == [
        {"visit_id": no_pin, "number": plan["unplanned"][0]["number"], "reason": "no_position"}
    ]
    # the services' visit_minutes in the catalog: KTP-el 30, IKD 20
    assert length(stops[morning]) == timedelta(minutes=50)
    assert length(stops[afternoon]) == timedelta(minutes=30)
    legs = sum(s["leg_km"] for s in plan["stops"])
    assert legs < plan["total_km"] < legs + 3  # plus the way back (2 km north)

    order = [s["visit_id"] for s in plan["stops"]]
    assert await stored(world.db, *order, no_pin) == [
        (1, True),
        (2, True),
        (3, True),
        (None, False),
    ]
    again = (await world.api.get(world.url(), headers=world.coordinator)).json()
    assert again == plan  # the stored order, timed the same way
    mine = await world.api.get(f"{vs.VISITS}/{afternoon}", headers=world.citizen)
    assert datetime.fromisoformat(mine.json()["planned_arrival"]) == datetime.fromisoformat(
        stops[afternoon]["arrival"]
    )


async def test_a_hand_order_persists_and_flags_lateness(world: World) -> None:
    afternoon = await world.visit("afternoon", near(2))
    morning = await world.visit("morning", near(-3))
    left_out = await world.visit("morning", near(1, 1))

    body = {"visit_ids": [afternoon, morning]}
    resp = await world.api.put(world.url(), json=body, headers=world.coordinator)
    assert resp.status_code == 200, resp.text
    plan = resp.json()
    assert plan["solver"] == "manual"
    assert [(s["visit_id"], s["late"]) for s in plan["stops"]] == [
        (afternoon, False),
        (morning, True),  # a morning visit started after 13:45
    ]
    assert clock(plan["stops"][0]["start"]) == "13:00"
    assert [(u["visit_id"], u["reason"]) for u in plan["unplanned"]] == [(left_out, "day_full")]
    assert await stored(world.db, afternoon, morning, left_out) == [
        (1, True),
        (2, True),
        (None, False),
    ]
    db_day = await world.db.get(TeamDay, (world.base.team_id, world.day))
    assert db_day is not None and db_day.plan_solver == "manual"

    read = (await world.api.get(world.url(), headers=world.member)).json()
    assert read == plan  # the field team sees the coordinator's order, late flag and all

    fixed = await world.api.put(
        world.url(), json={"visit_ids": [morning, left_out, afternoon]}, headers=world.coordinator
    )
    assert [s["late"] for s in fixed.json()["stops"]] == [False, False, False]
    assert fixed.json()["unplanned"] == []


async def test_reading_without_a_stored_order_solves_without_storing(world: World) -> None:
    first = await world.visit("morning", near(1))
    second = await world.visit("afternoon", near(-1))
    resp = await world.api.get(world.url(), headers=world.member)
    assert resp.status_code == 200
    assert resp.json()["solver"] == "vroom"
    assert [s["visit_id"] for s in resp.json()["stops"]] == [first, second]
    assert await stored(world.db, first, second) == [(None, False), (None, False)]
    db_day = await world.db.get(TeamDay, (world.base.team_id, world.day))
    assert db_day is not None and db_day.plan_solver is None


async def test_a_visit_scheduled_after_the_order_makes_it_stale(world: World) -> None:
    first = await world.visit("afternoon", near(1))
    second = await world.visit("morning", near(-1))
    await world.api.put(world.url(), json={"visit_ids": [first, second]}, headers=world.coordinator)
    newcomer = await world.visit("morning", near(0, 2))
    plan = (await world.api.get(world.url(), headers=world.coordinator)).json()
    assert plan["solver"] == "vroom"  # a fresh solve, shown but not stored
    assert {s["visit_id"] for s in plan["stops"]} == {first, second, newcomer}
    assert not any(s["late"] for s in plan["stops"])
    assert await stored(world.db, first, second, newcomer) == [(1, True), (2, True), (None, False)]


async def test_unreachable_visits_and_an_empty_day(world: World) -> None:
    far = await world.visit("morning", (-6.9, DEPOT[1]))  # 108 km north: 4.3 h each way
    plan = (await world.api.post(world.url() + "/optimize", headers=world.coordinator)).json()
    assert plan["stops"] == [] and plan["leaves_at"] is None and plan["total_km"] == 0
    assert [(u["visit_id"], u["reason"]) for u in plan["unplanned"]] == [(far, "out_of_reach")]
    empty = await world.api.get(world.url(day=vs.free_days(2)[1]), headers=world.coordinator)
    assert empty.status_code == 200 and empty.json()["stops"] == empty.json()["unplanned"] == []


async def test_the_order_must_name_the_days_visits_once(world: World) -> None:
    mine = await world.visit("morning", near(1))
    elsewhere = await world.request(near(2))
    await world.schedule(elsewhere, "morning", vs.free_days(2)[1])  # another day
    other = str(elsewhere["id"])
    for ids in ([mine, other], [mine, mine], [str(uuid.uuid4())]):
        resp = await world.api.put(world.url(), json={"visit_ids": ids}, headers=world.coordinator)
        assert resp.status_code == 422 and resp.json()["error"]["code"] == "plan_order"
    assert await stored(world.db, mine) == [(None, False)]


async def test_reads_are_access_logged(world: World) -> None:
    visit_id = await world.visit("morning", near(1))
    await world.api.get(world.url(), headers=world.member)
    visit = await world.db.get(Visit, visit_id)
    assert visit is not None
    rows = await world.db.scalars(select(AccessLog).where(AccessLog.actor_role == "field"))
    assert [(r.citizen_id, r.purpose, r.resource) for r in rows] == [
        (visit.citizen_id, "home_visit", f"visits/{visit.number}/plan")
    ]


async def test_only_the_centers_coordinator_and_the_team_see_the_plan(world: World) -> None:
    visit_id = await world.visit("morning", near(1))
    staff = world.db, world.api
    other_coordinator = await vs.staff(
        *staff, role=Role.COORDINATOR, agency_code=None, service_center_code="MPP-MALANG"
    )
    outsider = await vs.staff(*staff, role=Role.FIELD, service_center_code="MPP-BATU")
    back_office = await vs.staff(*staff, role=Role.BACK_OFFICE, service_center_code="MPP-BATU")
    order = {"visit_ids": [visit_id]}

    async def status(method: str, url: str, who: dict[str, str]) -> int:
        body = order if method == "PUT" else None
        return (await world.api.request(method, url, json=body, headers=who)).status_code

    url, optimize = world.url(), world.url() + "/optimize"
    for who, expected in ((other_coordinator, 404), (outsider, 404), (back_office, 403)):
        assert await status("GET", url, who) == expected
        assert await status("POST", optimize, who) == expected
        assert await status("PUT", url, who) == expected
    assert await status("GET", url, world.citizen) == 403
    assert await status("GET", url, {}) == 401
    # the team's own field officer reads, but ordering is the coordinator's
    assert await status("GET", url, world.member) == 200
    assert await status("POST", optimize, world.member) == 403
    assert await status("PUT", url, world.member) == 403
    assert await status("GET", world.url(team_id=str(uuid.uuid4())), world.coordinator) == 404
    missing = await world.api.get(world.url(team_id=str(uuid.uuid4())), headers=other_coordinator)
    assert missing.json() == (await world.api.get(url, headers=other_coordinator)).json()
    assert await stored(world.db, visit_id) == [(None, False)]  # nothing was stored
