"""Screen tests: the coordinator's jemput bola board — the home tile, rows in words (never
codes), filters, the schedule sheet (team with its day's load, preferred dates, the date
picker, a full day keeps the sheet open with its message), cancel with a reason, the map pin
typed or tapped — the real app against the real API in-process."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

import flet as ft
import flet_map as ftm
import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.main import build_deps
from app.services.tokens import MemoryTokenStore
from app.settings import AppSettings
from app.views.visit_board._words import day_words
from contracts.visits import PreferredDate
from tests.app.harness import FletHarness
from tests.app.screen_support import BASE_URL, CATALOG, db_url, t  # noqa: F401
from tests.app.visit_board_support import (
    OTHER_DISTRICT,
    TILES,
    Requester,
    coordinator,
    harness,
    import_visit_catalog,
    make_team,
    officer_read,
    schedule_behind,
    working_days,
)

BOARD = "/officer/visits"


def tr(key: str, **params: Any) -> str:
    return CATALOG.text("id", key, **params)


def row_label(h: FletHarness, number: str) -> str:
    return str(getattr(h.find(identifier=f"visit-board-item-{number}"), "label", ""))


def maps(h: FletHarness) -> list[ftm.Map]:
    return [c for c in h.find_all(type=ftm.Map) if isinstance(c, ftm.Map)]


def rows(h: FletHarness) -> list[str]:
    prefix = "visit-board-item-"
    found = [str(getattr(c, "identifier", "") or "") for c in h.find_all(type=ft.Semantics)]
    return [i[len(prefix) :] for i in found if i.startswith(prefix)]


async def test_the_coordinator_opens_the_board_from_home_and_reads_words_not_codes(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    await import_visit_catalog(db)
    await make_team(db)
    auth = await coordinator(api, db)
    mbah = await Requester.create(api)
    days = working_days(2)
    pinned = await mbah.request(days)
    unpinned = await mbah.request(days, district=OTHER_DISTRICT, position=None, village="Dadaprejo")
    async with harness(api, "/officer", auth) as h:
        await h.click(identifier="officer-tile-visit-board")
        assert h.route == BOARD
        assert rows(h) == [pinned["number"], unpinned["number"]]
        label = row_label(h, pinned["number"])
        wish = PreferredDate(date=days[0], window="morning")
        for words in (
            "Mbah Sarinah, 76 tahun",
            t("visit_board.reason.elderly"),
            t("visit_board.status.requested"),
            "Desa/Kel. Sisir, Kec. Batu",
            day_words(tr, wish.date) + " pagi (08:00–12:00)",
        ):
            assert words in label, (words, label)
        assert t("visit_board.no_position") not in label
        other = row_label(h, unpinned["number"])
        assert "Kec. Junrejo" in other and t("visit_board.no_position") in other
        shown = " ".join(h.texts())
        for code in ("elderly", "requested", "357901", "357903", "morning", "MPP-BATU"):
            assert code not in shown and code not in label
        h.assert_accessible()


async def test_filters_are_dropdowns_with_names_and_narrow_the_board(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    await import_visit_catalog(db)
    team = await make_team(db)
    auth = await coordinator(api, db)
    mbah = await Requester.create(api)
    near, far = await mbah.request(), await mbah.request(district=OTHER_DISTRICT)
    day = working_days(1, skip=2)[0]
    await schedule_behind(api, auth, far["id"], team, day)
    async with harness(api, BOARD, auth) as h:
        for name in ("status", "district", "reason", "min-age", "team"):
            dropdown = h.input(identifier=f"visit-board-filter-{name}")
            assert isinstance(dropdown, ft.Dropdown) and dropdown.label
        districts = h.input(identifier="visit-board-filter-district")
        assert {"Batu", "Junrejo", "Bumiaji"} <= {o.text for o in districts.options}
        await h.select("Junrejo", identifier="visit-board-filter-district")
        assert rows(h) == [far["number"]]
        await h.select("", identifier="visit-board-filter-district")
        await h.select("scheduled", identifier="visit-board-filter-status")
        assert rows(h) == [far["number"]]
        assert t("visit_board.status.scheduled") in row_label(h, far["number"])
        await h.select("", identifier="visit-board-filter-status")
        await h.select("80", identifier="visit-board-filter-min-age")
        assert rows(h) == [] and h.exists(identifier="visit-board-empty")
        await h.select("", identifier="visit-board-filter-min-age")
        await h.click(identifier="visit-board-filter-day")
        await h.pick_date(day)
        assert rows(h) == [far["number"]]
        await h.click(identifier="visit-board-filter-day-clear")
        assert sorted(rows(h)) == sorted([near["number"], far["number"]])
        h.assert_accessible()


async def test_scheduling_from_the_sheet_with_the_team_load_and_a_preferred_date(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    await import_visit_catalog(db)
    team = await make_team(db)
    auth = await coordinator(api, db)
    days = working_days(2)
    visit = await (await Requester.create(api)).request(days)
    async with harness(api, BOARD, auth) as h:
        await h.click(identifier=f"visit-board-item-{visit['number']}")
        teams = h.input(identifier="visit-sheet-team")
        assert [o.text for o in teams.options] == ["Tim Jemput Bola 1 — 0/8 terisi"]
        assert h.has_text(t("visit_sheet.day", day=day_words(tr, days[0])))
        await h.click(identifier="visit-sheet-wish-1")  # the second wish: afternoon
        assert h.has_text(t("visit_sheet.day", day=day_words(tr, days[1])))
        h.assert_accessible()
        await h.type("Mohon siapkan KK asli", identifier="visit-sheet-note")
        await h.click(identifier="visit-sheet-confirm")
        assert not h.exists(identifier="visit-sheet-confirm")
        assert h.has_text(t("visit_board.schedule.done", number=visit["number"]))
        label = row_label(h, visit["number"])
        assert t("visit_board.status.scheduled") in label and "Tim Jemput Bola 1" in label
    server = await officer_read(api, auth, visit["id"])
    assert (server["scheduled_date"], server["window"]) == (days[1].isoformat(), "afternoon")
    assert server["team"]["id"] == team
    assert any(u["note"] == "Mohon siapkan KK asli" for u in server["updates"])


async def test_a_full_day_keeps_the_sheet_open_and_a_picked_date_shows_its_load(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    await import_visit_catalog(db)
    small = await make_team(db, "Tim Kecil", capacity=1)
    auth = await coordinator(api, db)
    mbah = await Requester.create(api)
    days = working_days(3)
    first, second = await mbah.request(days[:2]), await mbah.request(days[:2])
    await schedule_behind(api, auth, first["id"], small, days[2])
    async with harness(api, BOARD, auth) as h:
        await h.click(identifier=f"visit-board-item-{second['number']}")
        await h.click(identifier="visit-sheet-day")
        picker = next(d for d in h.dialogs if isinstance(d, ft.DatePicker))
        assert picker.locale == ft.Locale("id", "ID")
        await h.pick_date(days[2])
        assert h.has_text(t("visit_sheet.day", day=day_words(tr, days[2])))
        teams = h.input(identifier="visit-sheet-team")
        assert [o.text for o in teams.options] == ["Tim Kecil — 1/1 terisi"]
        await h.click(identifier="visit-sheet-confirm")
        assert h.exists(identifier="visit-sheet-confirm")  # still open
        assert h.text_of(identifier="visit-sheet-error") == t("visit_board.schedule.day_full")
        assert "Hari itu sudah penuh untuk tim ini" in t("visit_board.schedule.day_full")
        await h.click(identifier="visit-sheet-close")
        assert t("visit_board.status.requested") in row_label(h, second["number"])
    assert (await officer_read(api, auth, second["id"]))["status"] == "requested"


async def test_cancel_from_the_sheet_needs_the_reason(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    await import_visit_catalog(db)
    await make_team(db)
    auth = await coordinator(api, db)
    mbah = await Requester.create(api)
    visit = await mbah.request()
    async with harness(api, BOARD, auth) as h:
        await h.click(identifier=f"visit-board-item-{visit['number']}")
        await h.click(identifier="visit-sheet-cancel-visit")
        await h.click(identifier="visit-cancel-confirm")
        assert h.text_of(identifier="visit-cancel-error") == t("visit_board.cancel.note_required")
        h.assert_accessible()
        await h.type("Alamat di luar wilayah layanan", identifier="visit-cancel-note")
        await h.click(identifier="visit-cancel-confirm")
        assert not h.exists(identifier="visit-cancel-confirm")
        assert t("visit_board.status.cancelled") in row_label(h, visit["number"])
    mine = await api.get(f"/api/v1/me/visits/{visit['id']}", headers=mbah.auth)
    assert mine.json()["status"] == "cancelled"


async def test_the_map_pin_typed_without_tiles_and_tapped_with_them(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    await import_visit_catalog(db)
    await make_team(db)
    auth = await coordinator(api, db)
    mbah = await Requester.create(api)
    typed, tapped = await mbah.request(position=None), await mbah.request(position=None)
    async with harness(api, BOARD, auth) as h:
        await h.click(identifier=f"visit-board-item-{typed['number']}")
        await h.click(identifier="visit-sheet-position")
        assert not h.find_all(type=ftm.Map)  # no tile source: no map, the field alone
        await h.type("-7,8812; 112,5344", identifier="visit-position-text")
        await h.click(identifier="visit-position-confirm")
        assert t("visit_board.no_position") not in row_label(h, typed["number"])
    where = (await officer_read(api, auth, typed["id"]))["location"]
    assert (where["latitude"], where["longitude"]) == (-7.8812, 112.5344)

    async with harness(api, BOARD, auth, tiles=TILES) as h:
        await h.click(identifier=f"visit-board-item-{tapped['number']}")
        await h.click(identifier="visit-sheet-position")
        (pin_map,) = maps(h)
        assert isinstance(pin_map.layers[0], ftm.TileLayer)
        assert pin_map.layers[0].url_template == TILES
        h._event(pin_map, "tap", {"coordinates": {"latitude": -7.9, "longitude": 112.55}})
        await h.settle()
        assert h.input(identifier="visit-position-text").value == "-7.90000, 112.55000"
        assert any(isinstance(layer, ftm.MarkerLayer) for layer in maps(h)[0].layers)
        h.assert_accessible()
        await h.click(identifier="visit-position-confirm")
    where = (await officer_read(api, auth, tapped["id"]))["location"]
    assert (where["latitude"], where["longitude"]) == (-7.9, 112.55)


async def test_a_visit_changed_meanwhile_closes_the_sheet_and_reloads(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    await import_visit_catalog(db)
    team = await make_team(db)
    auth, other = await coordinator(api, db), await coordinator(api, db)
    days = working_days(2)
    visit = await (await Requester.create(api)).request(days)
    async with harness(api, BOARD, auth) as h:
        await h.click(identifier=f"visit-board-item-{visit['number']}")
        await schedule_behind(api, other, visit["id"], team, days[1], "afternoon")
        await h.click(identifier="visit-sheet-confirm")  # the first wish, with the old version
        assert not h.exists(identifier="visit-sheet-confirm")
        assert h.text_of(identifier="visit-board-changed") == t("visit_board.changed")
        label = row_label(h, visit["number"])
        assert day_words(tr, days[1]) + " siang" in label  # what the other coordinator chose
    server = await officer_read(api, auth, visit["id"])
    assert server["scheduled_date"] == days[1].isoformat()


async def test_sign_out_forgets_the_board_and_the_plan(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    """Both stores are registered for sign-out when build_deps makes them."""
    await import_visit_catalog(db)
    team = await make_team(db)
    auth = await coordinator(api, db)
    await (await Requester.create(api)).request()
    page = SimpleNamespace(web=False, platform=None)
    settings = AppSettings(api_url=BASE_URL, device_name="pytest")
    deps = build_deps(cast(ft.Page, page), settings, api, CATALOG, MemoryTokenStore())
    deps.auth.api.token = auth["Authorization"].removeprefix("Bearer ")
    await deps.visit_board.load()
    await deps.visit_plan.open(team, working_days(1)[0])
    assert deps.visit_board.board.items and deps.visit_plan.plan is not None
    for forget in deps.auth.on_sign_out:
        await forget()
    assert deps.visit_board.board.items == () and deps.visit_board.teams == ()
    assert deps.visit_plan.plan is None and deps.visit_plan.team is None
