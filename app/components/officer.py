"""Components layer: builders for the officer's back office — status chips, queue rows,
labelled facts, timeline entries; data in, controls out."""

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

import flet as ft

from app.components.a11y import with_id
from app.components.style import BODY_SIZE, SMALL_SIZE
from contracts.applications import (
    ApplicationStatus,
    ApplicationUpdateOut,
    OfficerApplicationSummary,
)

Translate = Callable[..., str]
Handler = Callable[..., Any]

STATUS_COLOURS = {
    ApplicationStatus.SUBMITTED: ft.Colors.BLUE_100,
    ApplicationStatus.IN_REVIEW: ft.Colors.AMBER_100,
    ApplicationStatus.NEEDS_REVISION: ft.Colors.ORANGE_100,
    ApplicationStatus.PROCESSING: ft.Colors.CYAN_100,
    ApplicationStatus.COMPLETED: ft.Colors.GREEN_100,
    ApplicationStatus.REJECTED: ft.Colors.RED_100,
    ApplicationStatus.WITHDRAWN: ft.Colors.GREY_300,
}
OVERDUE_COLOUR = ft.Colors.RED_800  # 7:1 on white


def day_text(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def moment_text(at: datetime) -> str:
    return at.astimezone().strftime("%d/%m/%Y %H:%M")


def status_name(t: Translate, status: ApplicationStatus) -> str:
    return t(f"review.status.{status.value}")


def status_chip(t: Translate, status: ApplicationStatus) -> ft.Container:
    """Coloured, but always with the status written out (colour alone carries nothing)."""
    return ft.Container(
        content=ft.Text(status_name(t, status), size=SMALL_SIZE, weight=ft.FontWeight.W_600),
        bgcolor=STATUS_COLOURS[status],
        border_radius=16,
        padding=ft.Padding.symmetric(horizontal=12, vertical=4),
    )


def due_line(t: Translate, due: date, overdue: bool) -> ft.Row:
    parts: list[ft.Control] = [
        ft.Icon(ft.Icons.EVENT, size=20, color=OVERDUE_COLOUR if overdue else None),
        ft.Text(
            t("review.due", date=day_text(due)),
            size=SMALL_SIZE,
            color=OVERDUE_COLOUR if overdue else None,
        ),
    ]
    if overdue:
        parts.append(
            ft.Text(
                t("review.overdue"),
                size=SMALL_SIZE,
                color=OVERDUE_COLOUR,
                weight=ft.FontWeight.BOLD,
            )
        )
    return ft.Row(parts, spacing=6, wrap=True)


def row_label(t: Translate, lang: str, item: OfficerApplicationSummary) -> str:
    label = t(
        "review.row_label",
        tracking=item.tracking_number,
        service=item.service_name.get(lang),
        citizen=item.citizen_name,
        status=status_name(t, item.status),
        due=day_text(item.due_date),
    )
    return f"{label}, {t('review.overdue')}" if item.overdue else label


def queue_row(
    t: Translate, lang: str, item: OfficerApplicationSummary, on_click: Handler
) -> ft.Semantics:
    """One application in the queue; the whole card opens it."""
    body = ft.Column(
        [
            ft.Row(
                [
                    ft.Text(item.tracking_number, size=BODY_SIZE, weight=ft.FontWeight.BOLD),
                    status_chip(t, item.status),
                ],
                wrap=True,
                spacing=8,
            ),
            ft.Text(item.service_name.get(lang), size=BODY_SIZE),
            ft.Text(item.citizen_name, size=SMALL_SIZE),
            ft.Text(t("review.submitted", date=moment_text(item.submitted_at)), size=SMALL_SIZE),
            due_line(t, item.due_date, item.overdue),
        ],
        spacing=4,
    )
    box = ft.Container(content=body, padding=16, on_click=on_click, ink=True, border_radius=12)
    card = ft.Card(content=box)
    identifier = f"review-item-{item.tracking_number}"
    card.key = identifier
    return ft.Semantics(
        identifier=identifier, label=row_label(t, lang, item), button=True, content=card
    )


def fact(identifier: str, text: str, *, bold: bool = False) -> ft.Semantics:
    weight = ft.FontWeight.W_600 if bold else None
    return with_id(ft.Text(text, size=BODY_SIZE, selectable=True, weight=weight), identifier)


def block(identifier: str, title: str, controls: Sequence[ft.Control]) -> ft.Semantics:
    """A titled section of the detail screen."""
    column = ft.Column(
        [ft.Text(title, size=20, weight=ft.FontWeight.BOLD), *controls],
        spacing=8,
    )
    card = ft.Card(content=ft.Container(content=column, padding=16))
    card.key = identifier
    return ft.Semantics(identifier=identifier, container=True, content=card)


def labelled(label: str, value: str) -> ft.Column:
    return ft.Column(
        [
            ft.Text(label, size=SMALL_SIZE, color=ft.Colors.ON_SURFACE_VARIANT),
            ft.Text(value, size=BODY_SIZE, selectable=True),
        ],
        spacing=0,
    )


def timeline_entry(t: Translate, index: int, update: ApplicationUpdateOut) -> ft.Semantics:
    head = t(
        "review.timeline.entry", date=moment_text(update.at), status=status_name(t, update.status)
    )
    who = update.actor_name or t(f"review.actor.{update.actor.value}")
    lines: list[ft.Control] = [
        ft.Text(head, size=BODY_SIZE, weight=ft.FontWeight.W_600),
        ft.Text(t("review.timeline.by", name=who), size=SMALL_SIZE),
    ]
    if update.note:
        lines.append(ft.Text(update.note, size=SMALL_SIZE, selectable=True))
    lines += [ft.Text(f"• {i.message}", size=SMALL_SIZE) for i in update.items]
    return with_id(ft.Column(lines, spacing=2), f"review-update-{index}")
