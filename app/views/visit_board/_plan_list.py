"""Views layer: the day plan as a list — order, time in the plan's zone (WIB/WITA/WIT), name,
village and landmark, the leg in km with its compass direction, late stops in words and colour,
move up/down; the way back, the total; the visits that do not fit with the reason in words;
builders, data in, controls out."""

from collections.abc import Callable
from typing import Any

import flet as ft

from app.components.a11y import with_id
from app.components.buttons import icon_button
from app.components.catalog import section
from app.components.style import BODY_SIZE, SMALL_SIZE
from app.state.visit_geo import clock, km_text
from app.state.visit_plan import PlanView, StopLine
from app.views.visit_board._words import Translate, leg_words, unplanned_word, window_word
from contracts.visits import DayPlan

LATE_COLOUR = ft.Colors.RED_800  # 7:1 on white
Move = Callable[[str, int], Any]


def stop_head(t: Translate, line: StopLine, zone: str) -> str:
    if line.arrival is None:
        return t("visit_plan.stop_unsaved", n=line.n, name=line.stop.subject_name)
    return t(
        "visit_plan.stop", n=line.n, time=clock(line.arrival, zone), name=line.stop.subject_name
    )


def stop_lines(t: Translate, lang: str, line: StopLine, zone: str) -> list[str]:
    """What a stop says, in reading order (also its accessible name)."""
    stop = line.stop
    place = ", ".join(p for p in (stop.village, stop.landmark) if p) or t(
        "visit_plan.place_unknown"
    )
    lines = [stop_head(t, line, zone), stop.number, place]
    lines.append(t("visit_plan.window", window=window_word(t, stop.window)))
    lines.append(leg_words(t, lang, line.leg))
    return lines + ([t("visit_plan.late")] if line.late else [])


def move_buttons(t: Translate, line: StopLine, count: int, move: Move) -> ft.Row:
    number = line.stop.number
    buttons: list[ft.Control] = []
    if line.n > 1:
        up = t("visit_plan.up", number=number)
        buttons.append(
            icon_button(
                f"visit-plan-up-{number}",
                ft.Icons.ARROW_UPWARD,
                up,
                lambda: move(line.stop.visit_id, -1),
            )
        )
    if line.n < count:
        down = t("visit_plan.down", number=number)
        buttons.append(
            icon_button(
                f"visit-plan-down-{number}",
                ft.Icons.ARROW_DOWNWARD,
                down,
                lambda: move(line.stop.visit_id, 1),
            )
        )
    return ft.Row(buttons, spacing=4)


def stop_card(t: Translate, lang: str, line: StopLine, zone: str, tail: ft.Control) -> ft.Semantics:
    texts = stop_lines(t, lang, line, zone)
    colour = LATE_COLOUR if line.late else None
    column: list[ft.Control] = [
        ft.Text(texts[0], size=BODY_SIZE, weight=ft.FontWeight.BOLD, color=colour)
    ]
    column += [ft.Text(text, size=SMALL_SIZE) for text in texts[1:-1]]
    weight = ft.FontWeight.BOLD if line.late else None
    column.append(ft.Text(texts[-1], size=SMALL_SIZE, color=colour, weight=weight))
    border = ft.Border.all(2, LATE_COLOUR) if line.late else None
    box = ft.Container(
        content=ft.Column([*column, tail], spacing=2), padding=12, border=border, border_radius=12
    )
    identifier = f"visit-plan-stop-{line.stop.number}"
    card = ft.Card(content=box)
    card.key = identifier
    return ft.Semantics(identifier=identifier, label=", ".join(texts), container=True, content=card)


def stop_cards(
    t: Translate, lang: str, plan: DayPlan, view: PlanView, move: Move
) -> list[ft.Control]:
    count = len(view.lines)
    return [
        stop_card(t, lang, line, plan.zone, move_buttons(t, line, count, move))
        for line in view.lines
    ]


def summary_text(t: Translate, lang: str, plan: DayPlan, view: PlanView) -> str:
    total = km_text(view.total_km, lang)
    if plan.leaves_at is None or not view.saved:
        return t("visit_plan.summary_short", stops=len(view.lines), km=total)
    leaves = clock(plan.leaves_at, plan.zone)
    return t(
        "visit_plan.summary", stops=len(view.lines), km=total, leaves=leaves, depot=plan.depot_name
    )


def return_text(t: Translate, lang: str, plan: DayPlan, view: PlanView) -> str:
    leg = leg_words(t, lang, view.back)
    if view.returns_at is None:
        return t("visit_plan.back_unsaved", depot=plan.depot_name, leg=leg)
    return t(
        "visit_plan.back", depot=plan.depot_name, leg=leg, time=clock(view.returns_at, plan.zone)
    )


def totals(t: Translate, lang: str, plan: DayPlan, view: PlanView) -> list[ft.Control]:
    rows: list[ft.Control] = [
        with_id(
            ft.Text(summary_text(t, lang, plan, view), size=BODY_SIZE, weight=ft.FontWeight.W_600),
            "visit-plan-summary",
        )
    ]
    if view.lines:
        rows.append(
            with_id(ft.Text(return_text(t, lang, plan, view), size=BODY_SIZE), "visit-plan-return")
        )
    return rows


def unplanned_rows(t: Translate, plan: DayPlan) -> list[ft.Control]:
    if not plan.unplanned:
        return []
    rows: list[ft.Control] = [
        with_id(
            ft.Text(
                t("visit_plan.unplanned_one", number=u.number, reason=unplanned_word(t, u.reason)),
                size=BODY_SIZE,
            ),
            f"visit-plan-unplanned-{u.number}",
        )
        for u in plan.unplanned
    ]
    return [section("visit-plan-unplanned", t("visit_plan.unplanned_title"), rows)]


def empty_rows(t: Translate, plan: DayPlan) -> list[ft.Control]:
    if plan.stops or plan.unplanned:
        return []
    return [with_id(ft.Text(t("visit_plan.empty"), size=BODY_SIZE), "visit-plan-empty")]
