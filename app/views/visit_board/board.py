"""Views layer: the coordinator's jemput bola board (/officer/visits) — filters, rows in words,
"Muat lagi", a row's schedule sheet, and the way into each team's day plan; the data is
`VisitBoardStore`'s."""

from collections.abc import Callable
from typing import Any

import flet as ft

from app.components.a11y import with_id
from app.components.buttons import icon_button, secondary_button
from app.components.catalog_context import use_catalog
from app.components.context import Translate, say, use_deps, use_session, use_t
from app.components.feedback import message_banner
from app.components.layout import screen
from app.components.store_status import status_rows, use_store
from app.components.style import BODY_SIZE
from app.state.catalog import CatalogStore
from app.state.session import Session
from app.state.visit_board import VisitBoardStore
from app.state.visit_geo import Point
from app.views.visit_board._filters import (
    district_codes,
    district_options,
    filter_controls,
    filter_handlers,
)
from app.views.visit_board._plan_entry import PlanEntry
from app.views.visit_board._rows import board_row
from app.views.visit_board._sheet import day_picker
from app.views.visit_board._sheet_hook import picked_day, use_sheet

BOARD_PATH = "/officer/visits"


def board_status(t: Translate, store: VisitBoardStore) -> list[ft.Control]:
    """The store's status the standard way; a stale version has its own banner."""
    if store.changed and store.problem is not None:
        return [message_banner("visit-board-changed", say(t, store.problem))]
    rows = status_rows(t, store, "visit-board", busy_key="visit_board.loading", retry=store.refresh)
    if store.busy:
        rows[0] = with_id(rows[0], "visit-board-progress")
    return rows


def list_rows(t: Translate, store: VisitBoardStore, opener: Callable[..., Any]) -> list[ft.Control]:
    board = store.board
    rows: list[ft.Control] = []
    if board.loaded and not board.items:
        rows.append(with_id(ft.Text(t("visit_board.empty"), size=BODY_SIZE), "visit-board-empty"))
    for row in board.items:
        rows.append(board_row(t, row, store.team(row.team_id), opener(row)))
    return rows


def more_button(t: Translate, store: VisitBoardStore) -> list[ft.Control]:
    if store.busy or not store.board.next_cursor:
        return []
    return [
        secondary_button(
            "visit-board-more", t("visit_board.more"), store.more, icon=ft.Icons.EXPAND_MORE
        )
    ]


def center_point(catalog: CatalogStore, session: Session) -> Point | None:
    """The coordinator's service center on the map (where a pin map opens)."""
    loaded = catalog.loaded.catalog if catalog.loaded else None
    code = session.account.service_center_code if session.account else None
    found = [c for c in loaded.service_centers if c.code == code] if loaded else []
    if not found or found[0].latitude is None or found[0].longitude is None:
        return None
    return found[0].latitude, found[0].longitude


def use_day_filter(t: Translate, store: VisitBoardStore) -> Callable[[], None]:
    """The date filter's picker; returns the handler that opens it."""
    picking, set_picking = ft.use_state(False)

    async def on_pick(e: Any) -> None:
        set_picking(False)
        day = picked_day(e.control.value)
        if day:
            await store.filter(day=day)

    value = store.filters.day
    dialog = day_picker(t, value, on_pick, lambda: set_picking(False), past=True)
    ft.use_dialog(dialog if picking else None)
    return lambda: set_picking(True)


@ft.component
def VisitBoardScreen():
    deps, t, session = use_deps(), use_t(), use_session()
    store = use_store(deps.visit_board)
    catalog = use_catalog(revalidate=False)
    settings = deps.settings
    tiles = (settings.map_tiles_url, settings.map_attribution) if settings.map_tiles_url else None
    opener = use_sheet(t, store, tiles, center_point(catalog, session))
    pick_day = use_day_filter(t, store)
    ft.use_effect(store.load, [])
    loaded = catalog.loaded.catalog if catalog.loaded else None
    districts = district_options(t, district_codes(session.account, loaded, store.board.items))
    teams = [(tm.id, tm.name) for tm in store.teams]
    body: list[ft.Control] = [ft.Text(t("visit_board.intro"), size=BODY_SIZE)]
    body.append(PlanEntry(store))
    body += filter_controls(t, store.filters, districts, teams, filter_handlers(store, pick_day))
    body += board_status(t, store)
    body += list_rows(t, store, opener)
    body += more_button(t, store)
    reload = icon_button(
        "visit-board-refresh", ft.Icons.REFRESH, t("visit_board.refresh"), store.refresh
    )
    return screen(ft.use_view_path(), t("visit_board.title"), body, actions=[reload])
