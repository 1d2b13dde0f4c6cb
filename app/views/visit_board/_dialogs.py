"""Views layer: the sheet's second steps — cancelling a visit with the reason the citizen will
read, and placing its map pin by typed coordinates or, with tiles configured, a tap on the
map; builders, data in, controls out."""

from collections.abc import Callable
from typing import Any

import flet as ft

from app.components.buttons import primary_button, secondary_button
from app.components.fields import text_input
from app.components.style import BODY_SIZE
from app.state.visit_board import VisitBoardStore
from app.state.visit_geo import Point, parse_position
from app.views.visit_board._map import pin_map
from app.views.visit_board._sheet import Sheet, problem_rows
from app.views.visit_board._words import Translate
from contracts.visits import NOTE_MAX, BoardRow

Handler = Callable[..., Any]


def step_dialog(
    t: Translate,
    prefix: str,
    title: str,
    body: list[ft.Control],
    confirm: tuple[str, Handler],
    back: Handler,
    busy: bool,
) -> ft.AlertDialog:
    return ft.AlertDialog(
        modal=True,
        title=ft.Text(title),
        content=ft.Column(body, tight=True, spacing=12, scroll=ft.ScrollMode.AUTO, width=480),
        actions=[
            secondary_button(f"{prefix}-back", t("visit_sheet.back"), back, disabled=busy),
            primary_button(f"{prefix}-confirm", confirm[0], confirm[1], disabled=busy),
        ],
    )


def cancel_dialog(
    t: Translate,
    store: VisitBoardStore,
    row: BoardRow,
    sheet: Sheet,
    on_note: Handler,
    confirm: Handler,
    back: Handler,
) -> ft.AlertDialog:
    note = text_input(
        "visit-cancel-note",
        t("visit_cancel.note"),
        sheet.note,
        on_note,
        hint=t("visit_cancel.note_hint"),
        max_length=NOTE_MAX,
    )
    body: list[ft.Control] = [
        ft.Text(t("visit_cancel.intro", name=row.subject_name), size=BODY_SIZE),
        note,
    ]
    body += problem_rows(t, store, "visit-cancel")
    title = t("visit_cancel.title", number=row.number)
    return step_dialog(
        t, "visit-cancel", title, body, (t("visit_cancel.confirm"), confirm), back, store.busy
    )


def position_body(
    t: Translate,
    sheet: Sheet,
    on_text: Handler,
    tiles: tuple[str, str | None] | None,
    center: Point | None,
    on_tap: Handler,
) -> list[ft.Control]:
    field = text_input(
        "visit-position-text",
        t("visit_position.text"),
        sheet.position,
        on_text,
        hint=t("visit_position.hint"),
        keyboard=ft.KeyboardType.TEXT,
        max_length=60,
    )
    body: list[ft.Control] = [ft.Text(t("visit_position.intro"), size=BODY_SIZE), field]
    if tiles is not None:
        pin = parse_position(sheet.position)
        body.append(pin_map(tiles, center, pin, on_tap, t("visit_position.map")))
    return body


def position_dialog(
    t: Translate,
    store: VisitBoardStore,
    row: BoardRow,
    body: list[ft.Control],
    confirm: Handler,
    back: Handler,
) -> ft.AlertDialog:
    body = body + problem_rows(t, store, "visit-position")
    title = t("visit_position.title", number=row.number)
    return step_dialog(
        t, "visit-position", title, body, (t("visit_position.confirm"), confirm), back, store.busy
    )
