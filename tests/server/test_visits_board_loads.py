"""Tests: the board's team-day loads cover the filtered day too — a coordinator who picks a
date (to schedule into it) learns how full each team is then, even with no visit on it yet."""

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from tests.server import visits_support as v

BOARD = "/api/v1/officer/visits"


async def loads(api: httpx.AsyncClient, auth: dict[str, str], day: str) -> dict[str, object]:
    resp = await api.get(BOARD, params={"date": day, "limit": 1}, headers=auth)
    assert resp.status_code == 200, resp.text
    return {
        load["team_id"]: (load["booked"], load["capacity"])
        for load in resp.json()["loads"]
        if load["date"] == day
    }


async def test_the_filtered_day_has_every_teams_load(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    world = await v.make_world(api, db)
    small, _ = await v.team(db, capacity=2)
    elsewhere, _ = await v.team(db, center="MPP-MALANG")
    first, empty = v.free_days(2)
    visit = await v.request(api, world.citizen)
    await v.ok(await v.schedule(api, world.coordinator, visit, small, first))
    assert await loads(api, world.coordinator, first.isoformat()) == {
        world.team_id: (0, 8),
        small: (1, 2),
    }
    # nobody is scheduled on that day: the page is empty, the loads are still there
    assert await loads(api, world.coordinator, empty.isoformat()) == {
        world.team_id: (0, 8),
        small: (0, 2),
    }
    assert elsewhere not in await loads(api, world.coordinator, empty.isoformat())
