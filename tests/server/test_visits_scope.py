"""Tests: who sees a visit — the coordinator of its center (and districts), the field
officers of its team; another center's or district's coordinator, another team's officer,
back office: refused with nothing leaked. The officer's read is access-logged; the board's
filters and pages; the teams list; export and erasure."""

from datetime import date
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import Role
from server.visits.models import TeamDay, Visit
from server.visits.rights import erase_visits
from tests.builders import PASSWORD, login
from tests.server import visits_support as v


@pytest.fixture
async def world(api: httpx.AsyncClient, db: AsyncSession) -> v.World:
    return await v.make_world(api, db)


async def _scheduled(api: httpx.AsyncClient, world: v.World) -> dict[str, Any]:
    visit = await v.request(api, world.citizen)
    return dict(
        await v.ok(
            await v.schedule(api, world.coordinator, visit, world.team_id, v.free_days(1)[0])
        )
    )


async def test_outsiders_see_nothing_of_a_visit(
    api: httpx.AsyncClient, world: v.World, db: AsyncSession
) -> None:
    visit = await _scheduled(api, world)
    logged = (await api.get("/api/v1/me/access-log", headers=world.citizen.auth)).json()
    _, names = await v.team(db)  # another team of the same center
    other_team = await login(api, names[0], PASSWORD)
    malang = await v.staff(
        db, api, role=Role.COORDINATOR, agency_code=None, service_center_code="MPP-MALANG"
    )
    other_district = await v.staff(
        db,
        api,
        role=Role.COORDINATOR,
        agency_code=None,
        service_center_code="MPP-BATU",
        district_codes=("357902",),
    )
    url = f"{v.BOARD}/{visit['id']}"
    for auth in (other_team, malang, other_district):
        for resp in (
            await api.get(url, headers=auth),
            await v.schedule(api, auth, visit, world.team_id, v.free_days(2)[1]),
            await api.post(f"{url}/cancel", json={"note": "x"}, headers=auth | v.if_match(visit)),
            await api.put(
                f"{url}/position", json={"latitude": -7.8, "longitude": 112.5}, headers=auth
            ),
        ):
            if resp.status_code == 403:  # a field officer may not schedule anything at all
                continue
            assert resp.status_code == 404 and v.error(resp) == "not_found", resp.text
            assert visit["number"] not in resp.text and "Siti" not in resp.text
        board = await v.ok(await api.get(v.BOARD, params={"status": "scheduled"}, headers=auth))
        assert board["items"] == []
    back_office = await v.staff(db, api, role=Role.BACK_OFFICE, service_center_code="MPP-BATU")
    for path in (url, v.BOARD, v.TEAMS):
        resp = await api.get(path, headers=back_office)
        assert resp.status_code == 403 and visit["number"] not in resp.text
    log = (await api.get("/api/v1/me/access-log", headers=world.citizen.auth)).json()
    assert log == logged  # only the scheduling coordinator's read: nobody else read anything


async def test_the_team_and_the_districts_coordinator_see_it_and_reads_are_logged(
    api: httpx.AsyncClient, world: v.World, db: AsyncSession
) -> None:
    visit = await _scheduled(api, world)
    mine = await v.staff(
        db,
        api,
        role=Role.COORDINATOR,
        agency_code=None,
        service_center_code="MPP-BATU",
        district_codes=("357901",),
    )
    for auth in (world.field, mine):
        seen = await v.ok(await api.get(f"{v.BOARD}/{visit['id']}", headers=auth))
        assert seen["number"] == visit["number"] and seen["citizen_name"] == "Siti Aminah"
        assert (
            seen["subject_nik_masked"] == world.citizen.nik[:4] + "*" * 8 + world.citizen.nik[12:]
        )
        assert seen["subject_identity"] and seen["team"]["officers"][0]["subject"]
        board = await v.ok(await api.get(v.BOARD, headers=auth))
        assert [r["id"] for r in board["items"]] == [visit["id"]]
    log = (await api.get("/api/v1/me/access-log", headers=world.citizen.auth)).json()
    reads = [e for e in log["entries"] if e["resource"] == f"visits/{visit['number']}"]
    assert len(reads) == 3 and {e["purpose"] for e in reads} == {"home_visit"}  # + schedule
    citizen_view = await v.ok(
        await api.get(f"{v.VISITS}/{visit['id']}", headers=world.citizen.auth)
    )
    assert citizen_view["team"]["officers"] == seen["team"]["officers"]


async def test_board_filters_pages_and_loads(
    api: httpx.AsyncClient, world: v.World, db: AsyncSession
) -> None:
    old = await v.request(api, world.citizen)
    young = await v.new_citizen(api, birth=date(1990, 1, 1))
    sick = await v.request(api, young, reason="sick")
    board = await v.ok(await api.get(v.BOARD, params={"limit": 1}, headers=world.coordinator))
    assert [r["id"] for r in board["items"]] == [old["id"]] and board["items"][0]["age"] >= 60
    nxt = await v.ok(
        await api.get(
            v.BOARD, params={"limit": 1, "cursor": board["next_cursor"]}, headers=world.coordinator
        )
    )
    assert [r["id"] for r in nxt["items"]] == [sick["id"]] and nxt["next_cursor"] is None
    for params, ids in (
        ({"min_age": 60}, [old["id"]]),
        ({"reason": "sick"}, [sick["id"]]),
        ({"district": "357902"}, []),
        ({"status": "cancelled"}, []),
    ):
        rows = (await v.ok(await api.get(v.BOARD, params=params, headers=world.coordinator)))[
            "items"
        ]
        assert [r["id"] for r in rows] == ids, params
    loads = {(x["team_id"], x["date"]): x for x in board["loads"]}
    first = old["preferred"][0]["date"]
    assert loads[(world.team_id, first)] == {
        "team_id": world.team_id,
        "date": first,
        "booked": 0,
        "capacity": 8,
    }
    teams = await v.ok(await api.get(v.TEAMS, headers=world.coordinator))
    assert [t["id"] for t in teams] == [world.team_id] and len(teams[0]["members"]) == 1
    field_teams = await v.ok(await api.get(v.TEAMS, headers=world.field))
    assert [t["id"] for t in field_teams] == [world.team_id]


async def test_export_and_erasure(api: httpx.AsyncClient, world: v.World, db: AsyncSession) -> None:
    visit = await _scheduled(api, world)
    export = await v.ok(await api.get("/api/v1/me/export", headers=world.citizen.auth))
    assert [x["number"] for x in export["sections"]["visits"]] == [visit["number"]]
    citizen_id = await db.scalar(select(Visit.citizen_id).where(Visit.id == visit["id"]))
    assert citizen_id is not None
    await erase_visits(db, citizen_id)
    await db.commit()
    assert await db.scalar(select(func.count(Visit.id))) == 0
    assert await db.scalar(select(func.sum(TeamDay.booked))) == 0
