"""Views layer: the board's way into a day plan — a team (with that day's load) and a day,
then "Lihat rencana hari" opens /officer/visits/plan/{team}/{date}."""

from datetime import date
from typing import Any, cast

import flet as ft

from app.components.buttons import primary_button, secondary_button
from app.components.catalog import picker, section
from app.components.context import use_t
from app.components.navigation import go
from app.components.store_status import use_store
from app.state.visit_board import VisitBoardStore
from app.views.visit_board._sheet import day_picker, team_label
from app.views.visit_board._sheet_hook import ensure_loads, picked_day
from app.views.visit_board._words import Translate, day_words

PLAN_PATH = "/officer/visits/plan"


def plan_path(team_id: str, day: date) -> str:
    return f"{PLAN_PATH}/{team_id}/{day.isoformat()}"


def entry_controls(
    t: Translate, store: VisitBoardStore, team: str, day: date, handlers: tuple[Any, Any, Any]
) -> list[ft.Control]:
    on_team, on_day, on_open = handlers
    teams = [(tm.id, team_label(t, store, tm, day)) for tm in store.teams]
    return [
        picker("visit-board-plan-team", t("visit_board.plan.team"), team, teams, on_team),
        secondary_button(
            "visit-board-plan-day",
            t("visit_board.plan.day", day=day_words(t, day)),
            on_day,
            icon=ft.Icons.CALENDAR_MONTH,
        ),
        primary_button(
            "visit-board-plan-open",
            t("visit_board.plan.open"),
            on_open,
            icon=ft.Icons.ROUTE,
            disabled=not team,
        ),
    ]


@ft.component
def PlanEntry(board: VisitBoardStore) -> ft.Control:
    t = use_t()
    store = use_store(board)
    chosen, set_chosen = ft.use_state(cast("str | None", None))
    day, set_day = ft.use_state(date.today())
    picking, set_picking = ft.use_state(False)
    team = chosen or (store.teams[0].id if store.teams else "")

    async def on_pick(e: Any) -> None:
        set_picking(False)
        picked = picked_day(e.control.value)
        if picked:
            set_day(picked)
            await ensure_loads(store, picked)

    async def show_loads() -> None:
        await ensure_loads(store, day)

    ft.use_effect(show_loads, [day, len(store.teams)])

    async def on_open() -> None:
        if team:
            await go(plan_path(team, day))

    dialog = day_picker(t, day, on_pick, lambda: set_picking(False), past=True)
    ft.use_dialog(dialog if picking else None)
    handlers = (lambda e: set_chosen(e.control.value or None), lambda: set_picking(True), on_open)
    title = t("visit_board.plan.title")
    return section("visit-board-plan", title, entry_controls(t, store, team, day, handlers))
