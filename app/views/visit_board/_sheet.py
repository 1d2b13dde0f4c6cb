"""Views layer: the schedule sheet a board row opens — team (with how full its day is),
date (the date picker, in Indonesian), window, a note; the visit's preferred dates as quick
picks; from it, cancelling with a reason and placing the map pin (typed, or a tap on the map
when tiles are configured). The sheet's fields are transient UI state (`Sheet`)."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import flet as ft

from app.components.buttons import choice_buttons, primary_button, secondary_button
from app.components.catalog import picker
from app.components.context import say
from app.components.date_field import calendar_locale
from app.components.feedback import message_banner
from app.components.fields import text_input
from app.components.style import BODY_SIZE
from app.state.visit_board import VisitBoardStore
from app.views.visit_board._words import Translate, day_words, preferred_words, window_word
from contracts.visits import (
    BOOK_AHEAD_DAYS,
    NOTE_MAX,
    BoardRow,
    DayWindow,
    TeamOut,
    VisitAction,
    next_status,
)

Handler = Callable[..., Any]
SCHEDULE, CANCEL, POSITION, PICK_DAY = "schedule", "cancel", "position", "day"


@dataclass(frozen=True)
class Sheet:
    """What the coordinator is choosing for one visit (nothing is sent until confirmed)."""

    visit_id: str
    mode: str = SCHEDULE
    team: str = ""
    day: date | None = None
    window: DayWindow = DayWindow.MORNING
    note: str = ""
    position: str = ""


def sheet_for(row: BoardRow, teams: tuple[TeamOut, ...]) -> Sheet:
    """Pre-filled: the team and day it has, else the first team and the first wish."""
    wish = row.preferred[0] if row.preferred else None
    team = row.team_id or (teams[0].id if teams else "")
    day = row.scheduled_date or (wish.date if wish else None)
    window = row.window or (wish.window if wish else DayWindow.MORNING)
    return Sheet(row.id, team=team, day=day, window=window)


def can(action: VisitAction, row: BoardRow) -> bool:
    return next_status(action, row.status) is not None


def schedule_action(row: BoardRow) -> VisitAction | None:
    for action in (VisitAction.SCHEDULE, VisitAction.RESCHEDULE):
        if can(action, row):
            return action
    return None


def team_label(t: Translate, store: VisitBoardStore, team: TeamOut, day: date | None) -> str:
    """ "Tim Jemput Bola 1 — 3/8 terisi"; the capacity alone when the day's load is unknown."""
    load = store.load_of(team.id, day) if day else None
    if load is None:
        return t("visit_sheet.team_capacity", team=team.name, capacity=team.daily_capacity)
    return t("visit_sheet.team_load", team=team.name, booked=load.booked, capacity=load.capacity)


def problem_rows(t: Translate, store: VisitBoardStore, prefix: str) -> list[ft.Control]:
    if store.problem is None:
        return []
    return [message_banner(f"{prefix}-error", say(t, store.problem))]


def chose(on_wish: Callable[[int], Awaitable[None]], i: int) -> Callable[[], Awaitable[None]]:
    """A click handler for one preferred date (async, so Flet awaits it)."""

    async def handler() -> None:
        await on_wish(i)

    return handler


def wish_buttons(
    t: Translate, row: BoardRow, on_wish: Callable[[int], Awaitable[None]]
) -> list[ft.Control]:
    buttons: list[ft.Control] = [
        secondary_button(f"visit-sheet-wish-{i}", preferred_words(t, wish), chose(on_wish, i))
        for i, wish in enumerate(row.preferred)
    ]
    if not buttons:
        return []
    return [ft.Text(t("visit_sheet.wishes"), size=BODY_SIZE), ft.Row(buttons, wrap=True)]


@dataclass(frozen=True)
class SheetHandlers:
    change: Callable[..., Any]  # Sheet fields to replace
    wish: Callable[[int], Awaitable[None]]
    confirm: Handler
    cancel_visit: Handler
    place: Handler
    close: Handler


def schedule_fields(
    t: Translate, store: VisitBoardStore, sheet: Sheet, h: SheetHandlers
) -> list[ft.Control]:
    teams = [(tm.id, team_label(t, store, tm, sheet.day)) for tm in store.teams]
    day = day_words(t, sheet.day) if sheet.day else t("visit_sheet.day_none")
    windows = [(w.value, window_word(t, w)) for w in DayWindow]
    return [
        picker(
            "visit-sheet-team",
            t("visit_sheet.team"),
            sheet.team,
            teams,
            lambda e: h.change(team=e.control.value or ""),
        ),
        secondary_button(
            "visit-sheet-day",
            t("visit_sheet.day", day=day),
            lambda: h.change(mode=PICK_DAY),
            icon=ft.Icons.CALENDAR_MONTH,
        ),
        ft.Text(t("visit_sheet.window"), size=BODY_SIZE),
        choice_buttons(
            "visit-sheet-window",
            windows,
            sheet.window.value,
            lambda v: h.change(window=DayWindow(v)),
        ),
        text_input(
            "visit-sheet-note",
            t("visit_sheet.note"),
            sheet.note,
            lambda e: h.change(note=e.control.value or ""),
            max_length=NOTE_MAX,
        ),
    ]


def sheet_actions(
    t: Translate, store: VisitBoardStore, row: BoardRow, h: SheetHandlers
) -> list[ft.Control]:
    busy = store.busy
    actions: list[ft.Control] = []
    if can(VisitAction.CANCEL, row):
        actions.append(
            secondary_button(
                "visit-sheet-cancel-visit",
                t("visit_sheet.cancel_visit"),
                h.cancel_visit,
                disabled=busy,
            )
        )
    if row.status.is_open:
        actions.append(
            secondary_button(
                "visit-sheet-position", t("visit_sheet.position"), h.place, disabled=busy
            )
        )
    actions.append(
        secondary_button("visit-sheet-close", t("visit_sheet.close"), h.close, disabled=busy)
    )
    action = schedule_action(row)
    if action is not None:
        actions.append(
            primary_button(
                "visit-sheet-confirm",
                t(f"visit_sheet.confirm.{action.value}"),
                h.confirm,
                disabled=busy or not sheet_ready(store),
            )
        )
    return actions


def sheet_ready(store: VisitBoardStore) -> bool:
    return bool(store.teams)


def schedule_dialog(
    t: Translate, store: VisitBoardStore, row: BoardRow, sheet: Sheet, h: SheetHandlers
) -> ft.AlertDialog:
    body: list[ft.Control] = [ft.Text(row.subject_name, size=BODY_SIZE, weight=ft.FontWeight.W_600)]
    if schedule_action(row) is not None:
        body += wish_buttons(t, row, h.wish) + schedule_fields(t, store, sheet, h)
    else:
        body.append(ft.Text(t("visit_sheet.closed"), size=BODY_SIZE))
    body += problem_rows(t, store, "visit-sheet")
    return ft.AlertDialog(
        modal=True,
        title=ft.Text(t("visit_sheet.title", number=row.number)),
        content=ft.Column(body, tight=True, spacing=12, scroll=ft.ScrollMode.AUTO, width=480),
        actions=sheet_actions(t, store, row, h),
        actions_overflow_button_spacing=8,
    )


def day_picker(
    t: Translate, value: date | None, on_pick: Handler, on_dismiss: Handler, *, past: bool = False
) -> ft.DatePicker:
    """Scheduling days run from tomorrow (the server's rule: the team's day is downloaded
    before it starts) up to the booking horizon; `past`: a year back too and today, for the
    board's filter and the day plan. In the app's language."""
    today = date.today()
    first = today - timedelta(days=365) if past else today + timedelta(days=1)
    last = today + timedelta(days=BOOK_AHEAD_DAYS)
    return ft.DatePicker(
        first_date=datetime(first.year, first.month, first.day),
        last_date=datetime(last.year, last.month, last.day),
        value=datetime(value.year, value.month, value.day) if value else None,
        locale=calendar_locale(t),
        help_text=t("visit_sheet.day_title"),
        cancel_text=t("common.cancel"),
        confirm_text=t("common.ok"),
        on_change=on_pick,
        on_dismiss=on_dismiss,
    )
