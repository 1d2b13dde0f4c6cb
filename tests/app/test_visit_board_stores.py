"""Tests: the coordinator's jemput bola board store — `VisitBoardStore` against the real API
in-process (filters, pages, team-day loads, schedule with If-Match: a full day keeps the sheet
open with its message, a stale version reloads; cancel with a note; the map pin; sign-out)."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.services import visit_board_api
from app.state.visit_board import TeamDayFull, VisitBoardStore, VisitChanged
from contracts.visits import DayWindow, VisitReason, VisitStatus
from tests.app.screen_support import db_url  # noqa: F401
from tests.app.visit_board_support import (
    OTHER_DISTRICT,
    Requester,
    client,
    coordinator,
    import_visit_catalog,
    make_team,
    officer_read,
    schedule_behind,
    working_days,
)


async def board_for(api: httpx.AsyncClient, auth: dict[str, str]) -> VisitBoardStore:
    store = VisitBoardStore(client(api, auth))
    await store.load()
    assert store.problem is None, store.problem
    return store


def numbers(store: VisitBoardStore) -> list[str]:
    return [row.number for row in store.board.items]


async def test_filters_pages_and_team_day_loads(
    api: httpx.AsyncClient, db: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    await import_visit_catalog(db)
    team = await make_team(db)
    auth = await coordinator(api, db)
    mbah = await Requester.create(api)
    days = working_days(3)
    near = await mbah.request(days[:2])
    far = await mbah.request(days[1:], district=OTHER_DISTRICT, village="Bulukerto")
    store = await board_for(api, auth)
    assert numbers(store) == [near["number"], far["number"]]  # oldest request first
    assert [t.id for t in store.teams] == [team]
    row = store.board.items[0]
    assert (row.age, row.reason, row.has_position) == (76, VisitReason.ELDERLY, True)
    assert {d for (_, d) in store.loads} == set(days)  # every preferred day on the page
    assert store.load_of(team, days[0]).booked == 0  # type: ignore[union-attr]

    await store.filter(district=OTHER_DISTRICT)
    assert numbers(store) == [far["number"]]
    await store.filter(district=None, min_age=80)
    assert numbers(store) == [] and store.board.loaded
    await store.filter(min_age=70, reason=VisitReason.ELDERLY)
    assert len(numbers(store)) == 2
    await schedule_behind(api, auth, far["id"], team, days[2])
    await store.filter(min_age=None, reason=None, day=days[2])
    assert numbers(store) == [far["number"]]
    assert store.load_of(team, days[2]).booked == 1  # type: ignore[union-attr]
    await store.filter(day=None, status=VisitStatus.REQUESTED)
    assert numbers(store) == [near["number"]]

    monkeypatch.setattr(visit_board_api, "PAGE_SIZE", 1)
    await store.filter(status=None)
    assert numbers(store) == [near["number"]] and store.board.next_cursor
    await store.more()
    assert numbers(store) == [near["number"], far["number"]] and not store.board.next_cursor


async def test_scheduling_updates_the_row_and_the_load(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    await import_visit_catalog(db)
    team = await make_team(db)
    auth = await coordinator(api, db)
    mbah = await Requester.create(api)
    visit = await mbah.request()
    store = await board_for(api, auth)
    day = working_days(1)[0]
    assert await store.schedule(visit["id"], team, day, DayWindow.AFTERNOON, "Mohon siapkan KK")
    row = store.board.items[0]
    assert (row.status, row.team_id, row.scheduled_date) == (VisitStatus.SCHEDULED, team, day)
    assert row.window is DayWindow.AFTERNOON and row.age == 76
    assert store.notice is not None and store.notice.key == "visit_board.schedule.done"
    assert store.load_of(team, day).booked == 1  # type: ignore[union-attr]
    server = await officer_read(api, auth, visit["id"])
    assert server["status"] == "scheduled" and server["team"]["id"] == team
    assert server["updates"][-1]["note"] == "Mohon siapkan KK" or any(
        u["note"] == "Mohon siapkan KK" for u in server["updates"]
    )

    later = working_days(1, skip=1)[0]  # moved to another day: the old place is given back
    assert await store.schedule(visit["id"], team, later, DayWindow.MORNING)
    await store.refresh()
    assert store.load_of(team, later).booked == 1  # type: ignore[union-attr]
    await store.day_loads(day)
    assert store.load_of(team, day).booked == 0  # type: ignore[union-attr]


async def test_a_full_team_day_keeps_the_sheet_open_with_its_message(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    await import_visit_catalog(db)
    small = await make_team(db, "Tim Kecil", capacity=1)
    auth = await coordinator(api, db)
    mbah = await Requester.create(api)
    first, second = await mbah.request(), await mbah.request()
    day = working_days(1)[0]
    store = await board_for(api, auth)
    assert await store.schedule(first["id"], small, day, DayWindow.MORNING)
    closes = await store.schedule(second["id"], small, day, DayWindow.MORNING)
    assert closes is False and not store.changed
    assert store.problem is not None and store.problem.key == TeamDayFull.catalog_key
    assert store.load_of(small, day).booked == 1  # type: ignore[union-attr]
    assert (await officer_read(api, auth, second["id"]))["status"] == "requested"
    assert store.board.find(second["id"]).status is VisitStatus.REQUESTED  # type: ignore[union-attr]


async def test_a_stale_version_reloads_and_says_so(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    await import_visit_catalog(db)
    team = await make_team(db)
    auth = await coordinator(api, db)
    other = await coordinator(api, db)
    visit = await (await Requester.create(api)).request()
    store = await board_for(api, auth)
    days = working_days(2)
    await schedule_behind(api, other, visit["id"], team, days[0])
    closes = await store.schedule(visit["id"], team, days[1], DayWindow.MORNING)
    assert closes is True and store.changed
    assert store.problem is not None and store.problem.key == VisitChanged.catalog_key
    row = store.board.find(visit["id"])
    assert row is not None and row.scheduled_date == days[0]  # what the server has now
    assert (await officer_read(api, auth, visit["id"]))["scheduled_date"] == days[0].isoformat()


async def test_cancel_needs_the_reason_and_tells_the_citizen(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    await import_visit_catalog(db)
    await make_team(db)
    auth = await coordinator(api, db)
    mbah = await Requester.create(api)
    visit = await mbah.request()
    store = await board_for(api, auth)
    assert await store.cancel(visit["id"], "   ") is False
    assert store.problem is not None and store.problem.key == "visit_board.cancel.note_required"
    assert await store.cancel(visit["id"], "Wilayah dilayani gerai Bumiaji")
    assert store.board.items[0].status is VisitStatus.CANCELLED
    mine = await api.get(f"/api/v1/me/visits/{visit['id']}", headers=mbah.auth)
    assert mine.json()["status"] == "cancelled"
    assert any(u["note"] == "Wilayah dilayani gerai Bumiaji" for u in mine.json()["updates"])


async def test_the_map_pin_from_typed_coordinates(api: httpx.AsyncClient, db: AsyncSession) -> None:
    await import_visit_catalog(db)
    await make_team(db)
    auth = await coordinator(api, db)
    visit = await (await Requester.create(api)).request(position=None)
    store = await board_for(api, auth)
    assert store.board.items[0].has_position is False
    assert await store.set_position(visit["id"], "dekat masjid") is False
    assert store.problem is not None and store.problem.key == "visit_board.position.invalid"
    assert await store.set_position(visit["id"], "48.85, 2.35") is False
    assert store.problem is not None and store.problem.key == "visit_board.position.outside"
    assert await store.set_position(visit["id"], "-7,881; 112,534")
    assert store.board.items[0].has_position is True
    where = (await officer_read(api, auth, visit["id"]))["location"]
    assert (where["latitude"], where["longitude"]) == (-7.881, 112.534)


async def test_a_picked_day_shows_every_team_load_and_sign_out_forgets(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    await import_visit_catalog(db)
    one, two = await make_team(db), await make_team(db, "Tim Jemput Bola 2", capacity=4)
    auth = await coordinator(api, db)
    await (await Requester.create(api)).request()
    store = await board_for(api, auth)
    quiet = working_days(1, skip=5)[0]  # nobody asked for it
    assert store.load_of(one, quiet) is None
    await store.day_loads(quiet)
    assert [
        (ld.booked, ld.capacity)
        for ld in (store.load_of(one, quiet), store.load_of(two, quiet))
        if ld
    ] == [(0, 8), (0, 4)]
    await store.forget()
    assert (store.board.items, store.teams, store.loads) == ((), (), {})
