"""Components layer: builders for applications (status chip, list cards, "sudah kami isi"
badge, timeline rows, a tile with a count badge); data in, controls out."""

from collections.abc import Callable
from typing import Any

import flet as ft

from app.components.a11y import with_id
from app.components.style import BODY_SIZE, SMALL_SIZE
from app.state.access_log import local_time
from contracts.applications import ApplicationStatus

Translate = Callable[..., str]
Handler = Callable[..., Any]

STATUS_COLOURS = {
    ApplicationStatus.SUBMITTED: ft.Colors.BLUE_100,
    ApplicationStatus.IN_REVIEW: ft.Colors.INDIGO_100,
    ApplicationStatus.NEEDS_REVISION: ft.Colors.AMBER_200,
    ApplicationStatus.PROCESSING: ft.Colors.CYAN_100,
    ApplicationStatus.COMPLETED: ft.Colors.GREEN_200,
    ApplicationStatus.REJECTED: ft.Colors.RED_100,
    ApplicationStatus.WITHDRAWN: ft.Colors.GREY_300,
}


def chip(text: str, colour: str, icon: ft.IconData | None = None) -> ft.Container:
    """A small rounded label; black text on light colours (contrast ≥ 7:1)."""
    parts: list[ft.Control] = [ft.Icon(icon, size=18, color=ft.Colors.BLACK)] if icon else []
    parts.append(ft.Text(text, size=SMALL_SIZE, weight=ft.FontWeight.W_600, color=ft.Colors.BLACK))
    return ft.Container(
        content=ft.Row(parts, spacing=4, tight=True),
        bgcolor=colour,
        border_radius=16,
        padding=ft.Padding.symmetric(horizontal=10, vertical=4),
    )


def status_text(t: Translate, status: ApplicationStatus) -> str:
    return t(f"applications.status.{status.value}")


def status_chip(t: Translate, status: ApplicationStatus) -> ft.Container:
    return chip(status_text(t, status), STATUS_COLOURS[status])


def overdue_chip(t: Translate) -> ft.Container:
    return chip(t("applications.overdue"), ft.Colors.RED_200, ft.Icons.WARNING_AMBER)


def filled_badge(t: Translate, identifier: str) -> ft.Semantics:
    """ "Sudah kami isi": this value came from the profile or the wallet."""
    badge = chip(t("apply.prefilled"), ft.Colors.GREEN_100, ft.Icons.CHECK_CIRCLE)
    node = with_id(badge, identifier, t("apply.prefilled"))
    return node


def card(
    identifier: str, lines: list[ft.Control], on_click: Handler | None, label: str
) -> ft.Semantics:
    box = ft.Container(
        content=ft.Column(lines, spacing=6),
        padding=16,
        on_click=on_click,
        ink=on_click is not None,
        border_radius=12,
    )
    node = ft.Card(content=box)
    node.key = identifier
    return ft.Semantics(
        identifier=identifier, label=label, button=on_click is not None, content=node
    )


def title_line(text: str) -> ft.Text:
    return ft.Text(text, size=BODY_SIZE, weight=ft.FontWeight.W_600)


def small(text: str, colour: str | None = None) -> ft.Text:
    return ft.Text(text, size=SMALL_SIZE, color=colour)


def chip_row(chips: list[ft.Control]) -> ft.Row:
    return ft.Row(chips, wrap=True, spacing=6, run_spacing=6)


def count_tile(
    identifier: str, icon: ft.IconData, title: str, badge: str | None, on_click: Handler
) -> ft.Semantics:
    """A home tile that can carry a count ("3 baru"); the whole card is the touch target."""
    lines: list[ft.Control] = [
        ft.Icon(icon, size=36, color=ft.Colors.PRIMARY),
        ft.Text(title, size=BODY_SIZE, weight=ft.FontWeight.W_600),
    ]
    if badge:
        lines.append(chip(badge, ft.Colors.RED_100))
    box = ft.Container(
        content=ft.Column(lines, spacing=8),
        padding=16,
        on_click=on_click,
        ink=True,
        border_radius=12,
    )
    node = ft.Card(content=box)
    node.key = identifier
    label = f"{title}, {badge}" if badge else title
    return ft.Semantics(identifier=identifier, label=label, button=True, content=node)


def when(value: Any) -> str:
    at = local_time(value)
    return f"{at.day:02d}/{at.month:02d}/{at.year} {at.clock} {at.zone}".strip()
