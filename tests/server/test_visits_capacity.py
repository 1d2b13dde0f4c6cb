"""Tests: a team's day never holds more visits than its capacity — many coordinators
scheduling different visits into one day at once, as real concurrent requests, on SQLite and
PostgreSQL; rescheduling and cancelling give places back."""

import asyncio
from datetime import timedelta

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import Role
from tests.server import visits_support as v

ROUNDS = 3  # each round a fresh day and fresh visits: the interleaving varies
CAPACITY = 3
CONTENDERS = 8


@pytest.fixture
async def world(api: httpx.AsyncClient, db: AsyncSession) -> v.World:
    return await v.make_world(api, db)


async def test_parallel_scheduling_never_overfills_a_team_day(
    api: httpx.AsyncClient, world: v.World, db: AsyncSession
) -> None:
    team_id, _ = await v.team(db, capacity=CAPACITY)
    colleagues = [world.coordinator] + [
        await v.staff(
            db, api, role=Role.COORDINATOR, agency_code=None, service_center_code="MPP-BATU"
        )
        for _ in range(3)
    ]
    for day in v.free_days(ROUNDS):
        visits = [await v.request(api, world.citizen) for _ in range(CONTENDERS)]
        answers = await asyncio.gather(
            *(
                v.schedule(api, colleagues[i % len(colleagues)], visit, team_id, day)
                for i, visit in enumerate(visits)
            )
        )
        codes = sorted(r.status_code for r in answers)
        assert codes == [200] * CAPACITY + [409] * (CONTENDERS - CAPACITY), [
            r.text for r in answers
        ]
        assert {v.error(r) for r in answers if r.status_code == 409} == {"team_day_full"}
        assert await v.booked(db, team_id, day) == CAPACITY == await v.holding(db, team_id, day)
        for resp, visit in zip(answers, visits, strict=True):
            if resp.status_code == 409:  # refused: the visit is untouched, still on the board
                mine = await v.ok(
                    await api.get(f"{v.VISITS}/{visit['id']}", headers=world.citizen.auth)
                )
                assert mine["status"] == "requested" and mine["version"] == visit["version"]


async def test_reschedule_moves_the_place_and_cancel_gives_it_back(
    api: httpx.AsyncClient, world: v.World, db: AsyncSession
) -> None:
    first, second = v.free_days(2)
    other_team, _ = await v.team(db, capacity=1)
    visit = await v.request(api, world.citizen)
    visit = await v.ok(await v.schedule(api, world.coordinator, visit, world.team_id, first))
    assert visit["status"] == "scheduled" and visit["team"]["id"] == world.team_id
    assert await v.booked(db, world.team_id, first) == 1
    visit = await v.ok(
        await v.schedule(api, world.coordinator, visit, other_team, second, "afternoon")
    )
    assert visit["scheduled_date"] == second.isoformat() and visit["window"] == "afternoon"
    assert await v.booked(db, world.team_id, first) == 0
    assert await v.booked(db, other_team, second) == 1
    blocked = await v.request(api, world.citizen)
    full = await v.schedule(api, world.coordinator, blocked, other_team, second)
    assert full.status_code == 409 and v.error(full) == "team_day_full"
    moved = await v.ok(
        await v.schedule(api, world.coordinator, visit, other_team, second, "morning")
    )
    assert await v.booked(db, other_team, second) == 1  # same day, other window: same place
    url = f"{v.BOARD}/{visit['id']}/cancel"
    no_note = await api.post(url, json={}, headers=world.coordinator | v.if_match(moved))
    assert no_note.status_code == 422 and v.error(no_note) == "cancel_note_required"
    done = await api.post(
        url, json={"note": "Warga pindah"}, headers=world.coordinator | v.if_match(moved)
    )
    assert (await v.ok(done))["status"] == "cancelled"
    assert await v.booked(db, other_team, second) == 0
    assert (await v.ok(await v.schedule(api, world.coordinator, blocked, other_team, second)))[
        "status"
    ] == "scheduled"


async def test_asking_new_dates_gives_the_place_back(
    api: httpx.AsyncClient, world: v.World, db: AsyncSession
) -> None:
    day = v.free_days(1)[0]
    visit = await v.request(api, world.citizen)
    visit = await v.ok(await v.schedule(api, world.coordinator, visit, world.team_id, day))
    body = {"preferred": v.body()["preferred"]}
    url = f"{v.VISITS}/{visit['id']}/reschedule"
    back = await v.ok(
        await api.post(url, json=body, headers=world.citizen.auth | v.if_match(visit))
    )
    assert back["status"] == "reschedule_requested" and back["team"] is None
    assert back["scheduled_date"] is None and await v.booked(db, world.team_id, day) == 0


async def test_schedule_rules(api: httpx.AsyncClient, world: v.World, db: AsyncSession) -> None:
    visit = await v.request(api, world.citizen)
    day = v.free_days(1)[0]
    not_yet = v.working_days(1)[0] - timedelta(days=1)  # today, or a weekend day
    for bad_day in (not_yet, v.holiday()):
        resp = await v.schedule(api, world.coordinator, visit, world.team_id, bad_day)
        assert resp.status_code == 422 and v.error(resp) == "visit_dates"
    malang_team, _ = await v.team(db, center="MPP-MALANG")
    resp = await v.schedule(api, world.coordinator, visit, malang_team, day)
    assert resp.status_code == 404 and v.error(resp) == "not_found"
    payload = {"team_id": world.team_id, "date": day.isoformat(), "window": "morning"}
    url = f"{v.BOARD}/{visit['id']}/schedule"
    missing = await api.post(url, json=payload, headers=world.coordinator)
    assert missing.status_code == 428 and v.error(missing) == "if_match_required"
    stale = await api.post(url, json=payload, headers=world.coordinator | {"If-Match": '"99"'})
    assert stale.status_code == 412 and v.error(stale) == "visit_changed"
    assert await v.booked(db, world.team_id, day) == 0
