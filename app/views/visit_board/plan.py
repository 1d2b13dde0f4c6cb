"""Views layer: one team's day plan (/officer/visits/plan/{team}/{date}) — "Susun otomatis",
the route on a map when a tile source is configured (else a clear list: order, time, leg in
km and direction, the way back), moving stops by hand and "Simpan urutan", the visits that do
not fit; the data is `VisitPlanStore`'s."""

from datetime import date

import flet as ft

from app.components.a11y import with_id
from app.components.buttons import icon_button, primary_button, secondary_button
from app.components.context import Translate, use_deps, use_session, use_t
from app.components.feedback import busy_indicator, message_banner
from app.components.layout import screen
from app.components.store_status import status_rows, use_store
from app.settings import AppSettings
from app.state.visit_plan import PlanView, VisitPlanStore
from app.views.visit_board._map import plan_map
from app.views.visit_board._plan_list import (
    empty_rows,
    stop_cards,
    stop_lines,
    totals,
    unplanned_rows,
)
from app.views.visit_board._words import day_words
from contracts.visits import DayPlan


def parse_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def plan_status(t: Translate, store: VisitPlanStore) -> list[ft.Control]:
    if store.planning:
        return [with_id(busy_indicator(t("visit_plan.planning")), "visit-plan-planning")]
    rows = status_rows(t, store, "visit-plan", busy_key="visit_plan.loading", retry=store.refresh)
    if store.dirty:
        rows.append(message_banner("visit-plan-unsaved", t("visit_plan.unsaved"), error=False))
    return rows


def plan_buttons(t: Translate, store: VisitPlanStore) -> list[ft.Control]:
    busy = store.busy or store.plan is None
    return [
        ft.Row(
            [
                primary_button(
                    "visit-plan-optimize",
                    t("visit_plan.optimize"),
                    store.optimize,
                    icon=ft.Icons.AUTO_FIX_HIGH,
                    disabled=busy,
                ),
                secondary_button(
                    "visit-plan-save",
                    t("visit_plan.save"),
                    store.save_order,
                    icon=ft.Icons.SAVE,
                    disabled=busy or not store.dirty,
                ),
            ],
            wrap=True,
            spacing=8,
            run_spacing=8,
        )
    ]


def map_rows(
    t: Translate, lang: str, plan: DayPlan, view: PlanView, settings: AppSettings
) -> list[ft.Control]:
    """The route on a map only with a tile source; without one the list says it all."""
    if not settings.map_tiles_url or not view.lines:
        return []
    labels = [", ".join(stop_lines(t, lang, line, plan.zone)[:2]) for line in view.lines]
    tiles = (settings.map_tiles_url, settings.map_attribution)
    return [plan_map(plan, view, tiles, labels, plan.depot_name)]


def plan_body(
    t: Translate, lang: str, store: VisitPlanStore, settings: AppSettings
) -> list[ft.Control]:
    plan, view = store.plan, store.view()
    if plan is None or view is None or not store.showing(store.team_id, store.day):
        return []
    body = totals(t, lang, plan, view) + map_rows(t, lang, plan, view, settings)
    body += stop_cards(t, lang, plan, view, store.move)
    return body + unplanned_rows(t, plan) + empty_rows(t, plan)


def plan_title(t: Translate, store: VisitPlanStore, day: date | None) -> str:
    team = store.team.name if store.team else t("visit_plan.team_unknown")
    return t("visit_plan.title", team=team, day=day_words(t, day) if day else "")


@ft.component
def VisitPlanScreen():
    deps, t, session = use_deps(), use_t(), use_session()
    store = use_store(deps.visit_plan)
    params = ft.use_route_params()
    team_id, day = str(params.get("team", "")), parse_day(str(params.get("date", "")))

    async def open_plan() -> None:
        if day is not None:
            await store.open(team_id, day)

    ft.use_effect(open_plan, [team_id, day])
    body: list[ft.Control] = plan_status(t, store)
    if day is None:
        body = [message_banner("visit-plan-error", t("visit_plan.bad_day"))]
    if store.showing(team_id, day):
        body += plan_buttons(t, store) + plan_body(t, session.language, store, deps.settings)
    reload = icon_button("visit-plan-refresh", ft.Icons.REFRESH, t("visit_plan.refresh"), open_plan)
    return screen(ft.use_view_path(), plan_title(t, store, day), body, actions=[reload])
