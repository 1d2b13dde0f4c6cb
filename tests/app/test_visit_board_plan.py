"""Tests: one team's day plan for the coordinator — `VisitPlanStore` and the plan screen
against the real API in-process (the stored or fresh plan, "Susun otomatis", moving stops and
saving the hand order with late stops, the visits that do not fit), the list with km and
compass directions without a tile source, and the flet-map route with one."""

from __future__ import annotations

from datetime import date
from typing import Any

import flet as ft
import flet_map as ftm
import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.services import visit_board_api
from app.state.visit_board import VisitBoardStore
from app.state.visit_plan import VisitPlanStore, plan_lines
from contracts.visits import UnplannedReason
from tests.app.screen_support import db_url, t  # noqa: F401
from tests.app.visit_board_support import (
    TILES,
    Requester,
    client,
    coordinator,
    harness,
    import_visit_catalog,
    make_team,
    schedule_behind,
    working_days,
)

PLANS = "/api/v1/officer/visit-plans"
EAST = (-7.8705, 112.5400)  # ~2.2 km east of MPP Batu (-7.87, 112.52)
NORTH = (-7.8500, 112.5205)  # ~2.2 km north
SOUTH_WEST = (-7.8850, 112.5050)


class Day:
    """A team's day with three pinned visits (east: morning, north: afternoon, south-west:
    morning) and one without a pin."""

    def __init__(self, team: str, day: date, visits: dict[str, dict[str, Any]]) -> None:
        self.team, self.day, self.visits = team, day, visits

    def number(self, name: str) -> str:
        return str(self.visits[name]["number"])

    def id(self, name: str) -> str:
        return str(self.visits[name]["id"])


async def planned_day(api: httpx.AsyncClient, db: AsyncSession, auth: dict[str, str]) -> Day:
    await import_visit_catalog(db)
    team = await make_team(db)
    day = working_days(1, skip=1)[0]
    mbah = await Requester.create(api)
    visits: dict[str, dict[str, Any]] = {}
    for name, where, window in (
        ("east", EAST, "morning"),
        ("north", NORTH, "afternoon"),
        ("south_west", SOUTH_WEST, "morning"),
        ("no_pin", None, "morning"),
    ):
        visits[name] = await mbah.request(position=where, village=f"Desa {name}")
        await schedule_behind(api, auth, visits[name]["id"], team, day, window)
    return Day(team, day, visits)


async def plan_store(api: httpx.AsyncClient, auth: dict[str, str]) -> VisitPlanStore:
    api_client = client(api, auth)
    return VisitPlanStore(api_client, VisitBoardStore(api_client))


async def server_order(api: httpx.AsyncClient, auth: dict[str, str], d: Day) -> list[str]:
    resp = await api.get(f"{PLANS}/{d.team}/{d.day.isoformat()}", headers=auth)
    assert resp.status_code == 200, resp.text
    return [s["number"] for s in resp.json()["stops"]]


async def test_the_plan_store_optimizes_reorders_and_saves_with_late_stops(
    api: httpx.AsyncClient, db: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    auth = await coordinator(api, db)
    d = await planned_day(api, db, auth)
    store = await plan_store(api, auth)
    solving: list[bool] = []  # what the screen shows while the solver runs
    real_optimize = visit_board_api.optimize

    async def watched(*args: Any) -> Any:
        solving.append(store.planning and store.busy)
        return await real_optimize(*args)

    monkeypatch.setattr(visit_board_api, "optimize", watched)
    await store.open(d.team, d.day)
    assert store.problem is None, store.problem
    assert store.team is not None and store.team.name == "Tim Jemput Bola 1"
    assert store.plan is not None and store.plan.zone == "Asia/Jakarta"
    assert {s.number for s in store.plan.stops} == {
        d.number(n) for n in ("east", "north", "south_west")
    }
    assert [(u.number, u.reason) for u in store.plan.unplanned] == [
        (d.number("no_pin"), UnplannedReason.NO_POSITION)
    ]

    await store.optimize()
    assert solving == [True]
    assert store.plan.solver == "vroom" and not store.planning and not store.dirty
    assert store.notice is not None and store.notice.key == "visit_plan.optimized"
    assert store.plan.stops[-1].number == d.number("north")  # the afternoon visit last

    store.move(d.id("north"), -1)
    store.move(d.id("north"), -1)  # first now: both morning visits are pushed past noon
    assert store.dirty and store.order[0] == d.id("north")
    view = store.view()
    assert view is not None and not view.saved and view.lines[0].arrival is None
    await store.save_order()
    assert not store.dirty and store.plan.solver == "manual"
    assert store.plan.stops[0].number == d.number("north")
    assert [s.late for s in store.plan.stops] == [False, True, True]
    assert store.notice is not None and store.notice.key == "visit_plan.saved_late"
    assert store.notice.params == {"late": 2}
    assert (await server_order(api, auth, d))[0] == d.number("north")  # stored

    again = await plan_store(api, auth)
    await again.open(d.team, d.day)
    assert again.order == store.order
    await again.forget()
    assert (again.plan, again.order, again.team_id) == (None, (), "")


async def test_the_list_reads_legs_in_km_with_compass_words_and_the_way_back(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    auth = await coordinator(api, db)
    d = await planned_day(api, db, auth)
    store = await plan_store(api, auth)
    await store.open(d.team, d.day)
    await store.optimize()
    assert store.plan is not None
    by_number = {s.number: s.visit_id for s in store.plan.stops}
    order = (
        by_number[d.number("east")],
        by_number[d.number("south_west")],
        by_number[d.number("north")],
    )
    view = plan_lines(store.plan, order)
    assert view.lines[0].leg.direction == "east"
    assert view.back.direction == "south"  # from the northern stop back to the center
    assert 2.0 < view.lines[0].leg.km < 2.4 and not view.saved


async def test_the_plan_screen_without_tiles_is_a_clear_list(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    auth = await coordinator(api, db)
    d = await planned_day(api, db, auth)
    path = f"/officer/visits/plan/{d.team}/{d.day.isoformat()}"
    async with harness(api, "/officer/visits", auth) as h:
        await h.click(identifier="visit-board-plan-day")
        await h.pick_date(d.day)
        teams = h.input(identifier="visit-board-plan-team")
        assert [o.text for o in teams.options] == ["Tim Jemput Bola 1 — 4/8 terisi"]
        await h.click(identifier="visit-board-plan-open")
        assert h.route == path
        await h.click(identifier="visit-plan-optimize")
        assert h.has_text(t("visit_plan.optimized"))
        assert not h.find_all(type=ftm.Map)  # no tile source: no map at all
        east = label_of(h, f"visit-plan-stop-{d.number('east')}")
        assert "km ke timur" in east and " WIB — Mbah Sarinah" in east and "Desa east" in east
        assert "pagi (08:00–12:00)" in east and "UTC" not in east
        back = h.text_of(identifier="visit-plan-return")
        assert back.startswith("Kembali ke MPP Batu: ") and " km ke " in back and "WIB" in back
        summary = h.text_of(identifier="visit-plan-summary")
        assert "3 kunjungan" in summary and "km" in summary
        unplanned = h.text_of(identifier=f"visit-plan-unplanned-{d.number('no_pin')}")
        assert t("visit_plan.unplanned.no_position") in unplanned
        h.assert_accessible()

        first = stop_numbers(h)[0]
        await h.click(identifier=f"visit-plan-down-{first}")
        assert h.exists(identifier="visit-plan-unsaved") and stop_numbers(h)[1] == first
        await h.click(identifier="visit-plan-save")
        assert not h.exists(identifier="visit-plan-unsaved")
        moved = stop_numbers(h)
    assert await server_order(api, auth, d) == moved


def label_of(h: Any, identifier: str) -> str:
    return str(getattr(h.find(identifier=identifier), "label", ""))


def maps(h: Any) -> list[ftm.Map]:
    return [c for c in h.find_all(type=ftm.Map) if isinstance(c, ftm.Map)]


def stop_numbers(h: Any) -> list[str]:
    prefix = "visit-plan-stop-"
    found = [str(getattr(c, "identifier", "") or "") for c in h.find_all(type=ft.Semantics)]
    return [i[len(prefix) :] for i in found if i.startswith(prefix)]


async def test_a_late_stop_is_marked_in_words_and_colour(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    auth = await coordinator(api, db)
    d = await planned_day(api, db, auth)
    path = f"/officer/visits/plan/{d.team}/{d.day.isoformat()}"
    async with harness(api, path, auth) as h:
        await h.click(identifier="visit-plan-optimize")
        while stop_numbers(h)[0] != d.number("north"):
            await h.click(identifier=f"visit-plan-up-{d.number('north')}")
        await h.click(identifier="visit-plan-save")
        late = label_of(h, f"visit-plan-stop-{stop_numbers(h)[1]}")
        assert t("visit_plan.late") in late
        assert any(
            isinstance(c, ft.Text)
            and c.value == t("visit_plan.late")
            and c.color == ft.Colors.RED_800
            for c in h.find_all(type=ft.Text)
        )
        on_time = label_of(h, f"visit-plan-stop-{d.number('north')}")
        assert t("visit_plan.late") not in on_time


async def test_with_a_tile_source_the_route_is_a_flet_map(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    auth = await coordinator(api, db)
    d = await planned_day(api, db, auth)
    path = f"/officer/visits/plan/{d.team}/{d.day.isoformat()}"
    async with harness(api, path, auth, tiles=TILES) as h:
        await h.click(identifier="visit-plan-optimize")
        (route_map,) = maps(h)
        layers = route_map.layers
        tiles = [layer for layer in layers if isinstance(layer, ftm.TileLayer)]
        assert [tl.url_template for tl in tiles] == [TILES]
        (markers,) = [layer for layer in layers if isinstance(layer, ftm.MarkerLayer)]
        assert len(markers.markers) == 4  # the service center and three numbered stops
        numbers = [c.value for m in markers.markers[1:] for c in walk_texts(m.content)]
        assert numbers == ["1", "2", "3"]
        (lines,) = [layer for layer in layers if isinstance(layer, ftm.PolylineLayer)]
        points = [(p.latitude, p.longitude) for p in lines.polylines[0].coordinates]
        assert len(points) == 5 and points[0] == points[-1] == (-7.87, 112.52)  # there and back
        (attribution,) = [layer for layer in layers if isinstance(layer, ftm.SimpleAttribution)]
        assert attribution.text == "© Peta Uji"
        fit = route_map.initial_camera_fit
        assert fit is not None and len(fit.coordinates or []) == 5
        assert h.exists(identifier="visit-plan-return")  # the list stays under the map


def walk_texts(control: Any) -> list[ft.Text]:
    found: list[ft.Text] = []
    stack = [control]
    while stack:
        c = stack.pop()
        if isinstance(c, ft.Text):
            found.append(c)
        for name in ("content", "controls"):
            child = getattr(c, name, None)
            stack.extend(child if isinstance(child, list) else [child] if child is not None else [])
    return found
