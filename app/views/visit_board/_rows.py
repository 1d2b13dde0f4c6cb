"""Views layer: the board's rows — name, age, reason, district and village, preferred dates,
status (words and colour), the team and day when scheduled, a missing map pin; builders, data
in, controls out."""

from collections.abc import Callable
from typing import Any

import flet as ft

from app.components.style import BODY_SIZE, SMALL_SIZE
from app.views.visit_board._words import (
    Translate,
    day_words,
    district_word,
    preferred_words,
    reason_word,
    status_word,
    window_word,
)
from contracts.visits import BoardRow, TeamOut, VisitStatus

WARN_COLOUR = ft.Colors.RED_800  # 7:1 on white
STATUS_COLOURS = {
    VisitStatus.REQUESTED: ft.Colors.BLUE_100,
    VisitStatus.RESCHEDULE_REQUESTED: ft.Colors.ORANGE_100,
    VisitStatus.SCHEDULED: ft.Colors.CYAN_100,
    VisitStatus.ON_THE_WAY: ft.Colors.AMBER_100,
    VisitStatus.ARRIVED: ft.Colors.AMBER_100,
    VisitStatus.COMPLETED: ft.Colors.GREEN_100,
    VisitStatus.NOT_COMPLETED: ft.Colors.RED_100,
    VisitStatus.CANCELLED: ft.Colors.GREY_300,
}


def status_chip(t: Translate, status: VisitStatus) -> ft.Container:
    """Coloured, with the status always written out (colour alone carries nothing)."""
    return ft.Container(
        content=ft.Text(status_word(t, status), size=SMALL_SIZE, weight=ft.FontWeight.W_600),
        bgcolor=STATUS_COLOURS.get(status, ft.Colors.GREY_300),
        border_radius=16,
        padding=ft.Padding.symmetric(horizontal=12, vertical=4),
    )


def who_line(t: Translate, row: BoardRow) -> str:
    if row.age is None:
        return row.subject_name
    return t("visit_board.who", name=row.subject_name, age=row.age)


def where_line(t: Translate, row: BoardRow) -> str:
    district = district_word(t, row.district_code)
    if row.village:
        return t("visit_board.where", village=row.village, district=district)
    return district


def wishes_line(t: Translate, row: BoardRow) -> str:
    wishes = "; ".join(preferred_words(t, p) for p in row.preferred)
    return t("visit_board.preferred", dates=wishes)


def scheduled_line(t: Translate, row: BoardRow, team: TeamOut | None) -> str | None:
    if row.scheduled_date is None:
        return None
    window = window_word(t, row.window) if row.window else ""
    return t(
        "visit_board.scheduled",
        day=day_words(t, row.scheduled_date),
        window=window,
        team=team.name if team else t("visit_board.team_unknown"),
    )


def row_lines(t: Translate, row: BoardRow, team: TeamOut | None) -> list[str]:
    """What the row says, in reading order (also its accessible name)."""
    lines = [row.number, status_word(t, row.status), who_line(t, row)]
    lines += [reason_word(t, row.reason), where_line(t, row), wishes_line(t, row)]
    scheduled = scheduled_line(t, row, team)
    lines += [scheduled] if scheduled else []
    lines += [] if row.has_position else [t("visit_board.no_position")]
    return lines


def row_body(t: Translate, row: BoardRow, team: TeamOut | None) -> ft.Column:
    lines = row_lines(t, row, team)
    head = ft.Row(
        [
            ft.Text(row.number, size=BODY_SIZE, weight=ft.FontWeight.BOLD),
            status_chip(t, row.status),
        ],
        wrap=True,
        spacing=8,
    )
    texts: list[ft.Control] = [
        ft.Text(lines[2], size=BODY_SIZE, weight=ft.FontWeight.W_600),
        *[ft.Text(line, size=SMALL_SIZE) for line in lines[3:]],
    ]
    if not row.has_position:
        texts[-1] = ft.Text(
            lines[-1], size=SMALL_SIZE, color=WARN_COLOUR, weight=ft.FontWeight.W_600
        )
    return ft.Column([head, *texts], spacing=4)


def board_row(
    t: Translate, row: BoardRow, team: TeamOut | None, on_click: Callable[..., Any]
) -> ft.Semantics:
    """One visit request; the whole card opens its schedule sheet."""
    box = ft.Container(
        content=row_body(t, row, team), padding=16, on_click=on_click, ink=True, border_radius=12
    )
    card = ft.Card(content=box)
    identifier = f"visit-board-item-{row.number}"
    card.key = identifier
    label = ", ".join(row_lines(t, row, team))
    return ft.Semantics(identifier=identifier, label=label, button=True, content=card)
