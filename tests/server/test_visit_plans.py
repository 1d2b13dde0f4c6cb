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

from contracts.catalog import (
    Agency,
    Channel,
    LocalText,
    OpeningHours,
    ServiceCenter,
    ServiceSource,
)
from contracts.enums import Role
from server.access.models import AccessLog
from server.catalog import service as catalog
from server.visits import teams
from server.visits.models import TeamDay, Visit
from server.visits.views import local_today
from tests.builders import login, make_citizen, make_staff

VISITS = "/api/v1/me/visits"
OFFICER = "/api/v1/officer/visits"
PLANS = "/api/v1/officer/visit-plans"
KTP, IKD = "dukcapil-ktp-rekam", "dukcapil-ikd"  # 45 minutes; no length (the default 30)
BATU = (-7.8801, 112.5335)


def _t(text: str) -> LocalText:
    return LocalText(id=text, en=text)


def _home_service(code: str, minutes: int | None) -> ServiceSource:
    return ServiceSource(
        code=code,
        agency="DUKCAPIL",
        category="population",
        name=_t(code),
        summary=_t("Di rumah"),
        channels=(Channel.COUNTER, Channel.JEMPUT_BOLA),
        steps=(_t("Datang"),),
        days=0,
        product=_t("KTP-el"),
        complaint=_t("Dukcapil"),
        visit_minutes=minutes,
    )


def _center(code: str, regency: str, lat: float, lon: float) -> ServiceCenter:
    hours = (OpeningHours(days=(1, 2, 3, 4, 5), opens="08:00", closes="15:00"),)
    return ServiceCenter(
        code=code,
        name=f"{code} Among Warga",
        address="Jl. Panglima Sudirman",
        regency_code=regency,
        latitude=lat,
        longitude=lon,
        opening_hours=hours,
        agencies=("DUKCAPIL",),
    )


async def _catalog(db: AsyncSession) -> None:
    source = catalog.CatalogSource(
        agencies=(Agency(code="DUKCAPIL", short_name="Dukcapil", name=_t("Dukcapil")),),
        service_centers=(
            _center("MPP-BATU", "3579", *BATU),
            _center("MPP-MALANG", "3573", -7.9817, 112.6306),
        ),
        services=(_home_service(KTP, 45), _home_service(IKD, None)),
        holidays=(),
    )
    await catalog.import_catalog(db, source)
    await db.commit()


def working_day(after: date) -> date:
    day = after + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


@dataclass
class World:
    api: httpx.AsyncClient
    db: AsyncSession
    citizen: dict[str, str]
    coordinator: dict[str, str]
    member: dict[str, str]
    team_id: str
    day: date

    def url(self, team_id: str | None = None, day: date | None = None) -> str:
        return f"{PLANS}/{team_id or self.team_id}/{(day or self.day).isoformat()}"

    async def request(
        self, where: tuple[float, float] | None, services: tuple[str, ...] = (KTP,)
    ) -> str:
        other = working_day(self.day)
        location: dict[str, Any] = {"district_code": "357901", "village": "Sisir"}
        if where is not None:
            location |= {"latitude": where[0], "longitude": where[1]}
        body = {
            "service_codes": list(services),
            "reason": "disability",
            "location": location,
            "preferred": [
                {"date": self.day.isoformat(), "window": "morning"},
                {"date": other.isoformat(), "window": "afternoon"},
            ],
            "contact_phone": "081234567890",
        }
        headers = self.citizen | {"Idempotency-Key": str(uuid.uuid4())}
        resp = await self.api.post(VISITS, json=body, headers=headers)
        assert resp.status_code == 201, resp.text
        return str(resp.json()["id"])

    async def schedule(self, visit_id: str, window: str, day: date | None = None) -> None:
        read = await self.api.get(f"{OFFICER}/{visit_id}", headers=self.coordinator)
        body = {"team_id": self.team_id, "date": (day or self.day).isoformat(), "window": window}
        headers = self.coordinator | {"If-Match": read.headers["ETag"]}
        resp = await self.api.post(f"{OFFICER}/{visit_id}/schedule", json=body, headers=headers)
        assert resp.status_code == 200, resp.text

    async def visit(self, window: str, where: tuple[float, float] | None, **kw: Any) -> str:
        visit_id = await self.request(where, **kw)
        await self.schedule(visit_id, window)
        return visit_id


def near(km_north: float, km_east: float = 0.0) -> tuple[float, float]:
    return BATU[0] + km_north / 111.2, BATU[1] + km_east / 110.2


@pytest.fixture
async def world(api: httpx.AsyncClient, db: AsyncSession) -> World:
    await _catalog(db)
    await make_staff(db, username="koordinator.batu", role=Role.COORDINATOR,
                     agency_code=None, service_center_code="MPP-BATU")  # fmt: skip
    await make_staff(db, username="petugas.batu", role=Role.FIELD,
                     service_center_code="MPP-BATU")  # fmt: skip
    team = await teams.create_team(
        db, teams.TeamSpec("MPP-BATU", "Tim Jemput Bola 1", ("petugas.batu",), capacity=8)
    )
    await db.commit()
    citizen = await make_citizen(api)
    return World(
        api=api,
        db=db,
        citizen=await login(api, citizen["nik"]),
        coordinator=await login(api, "koordinator.batu"),
        member=await login(api, "petugas.batu"),
        team_id=team.id,
        day=working_day(local_today("3579")),
    )


def clock(stamp: str) -> str:
    """'2026-12-07T09:31:00+07:00' → '09:31' (the zone's local time), checking the offset."""
    moment = datetime.fromisoformat(stamp)
    assert moment.utcoffset() == timedelta(hours=7)  # WIB: Kota Batu
    return moment.strftime("%H:%M")


async def stored(db: AsyncSession, *ids: str) -> list[tuple[int | None, bool]]:
    db.expire_all()
    rows = {v.id: v for v in await db.scalars(select(Visit).where(Visit.id.in_(ids)))}
    return [(rows[i].plan_position, rows[i].planned_arrival is not None) for i in ids]


async def test_optimize_plans_the_day_and_stores_it(world: World) -> None:
    afternoon = await world.visit("afternoon", near(2))
    far_morning = await world.visit("morning", near(0, 8))
    morning = await world.visit("morning", near(-3), services=(KTP, IKD))
    no_pin = await world.visit("morning", None)

    resp = await world.api.post(world.url() + "/optimize", headers=world.coordinator)
    assert resp.status_code == 200, resp.text
    plan = resp.json()
    assert plan["solver"] == "vroom" and plan["distances"] == "straight_line"
    assert plan["zone"] == "Asia/Jakarta" and plan["depot_name"] == "MPP-BATU Among Warga"
    assert (plan["depot_latitude"], plan["depot_longitude"]) == BATU
    stops = {s["visit_id"]: s for s in plan["stops"]}
    assert set(stops) == {afternoon, far_morning, morning}
    assert plan["stops"][-1]["visit_id"] == afternoon  # mornings first
    for s in plan["stops"]:
        low, high = ("08:00", "12:00") if s["window"] == "morning" else ("13:00", "16:00")
        assert low <= clock(s["start"]) <= high and clock(s["arrival"]) <= clock(s["start"])
    assert "08:00" <= clock(plan["leaves_at"]) and clock(plan["returns_at"]) <= "16:00"
    assert plan["unplanned"] == [
        {"visit_id": no_pin, "number": plan["unplanned"][0]["number"], "reason": "no_position"}
    ]
    # two services: 45 (catalog) + 30 (no length: the default) minutes
    started = datetime.fromisoformat(stops[morning]["start"])
    assert datetime.fromisoformat(stops[morning]["end"]) - started == timedelta(minutes=75)
    assert datetime.fromisoformat(stops[afternoon]["end"]) - datetime.fromisoformat(
        stops[afternoon]["start"]
    ) == timedelta(minutes=45)
    legs = sum(s["leg_km"] for s in plan["stops"])
    assert legs < plan["total_km"] < legs + 3  # plus the way back (2 km north)

    order = [s["visit_id"] for s in plan["stops"]]
    assert await stored(world.db, *order, no_pin) == [(1, True), (2, True), (3, True), (None, False)]
    again = (await world.api.get(world.url(), headers=world.coordinator)).json()
    assert again == plan  # the stored order, timed the same way
    mine = await world.api.get(f"{VISITS}/{afternoon}", headers=world.citizen)
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
    db_day = await world.db.get(TeamDay, (world.team_id, world.day))
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
    db_day = await world.db.get(TeamDay, (world.team_id, world.day))
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
    far = await world.visit("morning", (-6.9, 112.5335))  # 109 km north: 4.4 h each way
    plan = (await world.api.post(world.url() + "/optimize", headers=world.coordinator)).json()
    assert plan["stops"] == [] and plan["leaves_at"] is None and plan["total_km"] == 0
    assert [(u["visit_id"], u["reason"]) for u in plan["unplanned"]] == [(far, "out_of_reach")]
    empty = await world.api.get(world.url(day=working_day(world.day)), headers=world.coordinator)
    assert empty.status_code == 200 and empty.json()["stops"] == empty.json()["unplanned"] == []


async def test_the_order_must_name_the_days_visits_once(world: World) -> None:
    mine = await world.visit("morning", near(1))
    elsewhere = await world.request(near(2))
    await world.schedule(elsewhere, "morning", working_day(world.day))  # another day
    for ids in ([mine, elsewhere], [mine, mine], [str(uuid.uuid4())]):
        resp = await world.api.put(world.url(), json={"visit_ids": ids}, headers=world.coordinator)
        assert resp.status_code == 422 and resp.json()["error"]["code"] == "plan_order"
    assert await stored(world.db, mine) == [(None, False)]


async def test_reads_are_access_logged(world: World) -> None:
    visit_id = await world.visit("morning", near(1))
    await world.api.get(world.url(), headers=world.member)
    rows = list(await world.db.scalars(select(AccessLog)))
    assert [(r.purpose, r.resource, r.actor_role) for r in rows] == [
        ("home_visit", f"visits/{(await world.db.get(Visit, visit_id)).number}/plan", "field")  # type: ignore[union-attr]
    ]


async def test_only_the_centers_coordinator_and_the_team_see_the_plan(world: World) -> None:
    visit_id = await world.visit("morning", near(1))
    await make_staff(world.db, username="koordinator.malang", role=Role.COORDINATOR,
                     agency_code=None, service_center_code="MPP-MALANG")  # fmt: skip
    await make_staff(world.db, username="petugas.lain", role=Role.FIELD,
                     service_center_code="MPP-BATU")  # fmt: skip
    await make_staff(world.db, username="backoffice.batu", role=Role.BACK_OFFICE,
                     service_center_code="MPP-BATU")  # fmt: skip
    other_coordinator = await login(world.api, "koordinator.malang")
    outsider = await login(world.api, "petugas.lain")
    back_office = await login(world.api, "backoffice.batu")
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
