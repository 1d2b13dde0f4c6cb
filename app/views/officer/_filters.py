"""Views layer: the queue's filters — status, service, overdue and the submitted-date range
(buttons that open a date picker, and clear buttons); builders, data in, controls out."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import flet as ft

from app.components.a11y import with_id
from app.components.buttons import icon_button, secondary_button
from app.components.catalog import picker
from app.components.context import Translate
from app.components.officer import day_text
from app.components.style import BODY_SIZE
from app.state.officer import QueueFilters
from app.state.officer_queue import OfficerQueueStore
from contracts.applications import ApplicationStatus

Handler = Callable[..., Any]


@dataclass(frozen=True)
class FilterHandlers:
    status: Handler
    service: Handler
    overdue: Handler
    dates: Mapping[str, tuple[Handler, Handler]]  # "from" / "to": open the picker, clear


def date_handlers(
    store: OfficerQueueStore, set_picking: Callable[[str], Any], which: str
) -> tuple[Handler, Handler]:
    def on_open() -> None:
        set_picking(which)

    async def on_clear() -> None:
        await store.filter(**{f"submitted_{which}": None})

    return on_open, on_clear


def filter_handlers(store: OfficerQueueStore, set_picking: Callable[[str], Any]) -> FilterHandlers:
    """Each change loads the first page of what the filters now select."""

    async def on_status(e: Any) -> None:
        value = e.control.value or ""
        await store.filter(status=ApplicationStatus(value) if value else None)

    async def on_service(e: Any) -> None:
        await store.filter(service=e.control.value or None)

    async def on_overdue(e: Any) -> None:
        await store.filter(overdue=bool(e.control.value))

    dates = {which: date_handlers(store, set_picking, which) for which in ("from", "to")}
    return FilterHandlers(on_status, on_service, on_overdue, dates)


def status_picker(t: Translate, filters: QueueFilters, on_select: Any) -> ft.Control:
    options = [("", t("review.filter.status_open"))]
    options += [(s.value, t(f"review.status.{s.value}")) for s in ApplicationStatus]
    value = filters.status.value if filters.status else ""
    return picker("review-filter-status", t("review.filter.status"), value, options, on_select)


def service_picker(
    t: Translate, services: list[tuple[str, str]], filters: QueueFilters, on_select: Any
) -> ft.Control:
    options = [("", t("review.filter.all_services")), *services]
    value = filters.service or ""
    return picker("review-filter-service", t("review.filter.service"), value, options, on_select)


def date_text(t: Translate, which: str, value: date | None) -> str:
    if value:
        return t(f"review.filter.{which}", date=day_text(value))
    return t(f"review.filter.{which}_any")


def date_row(t: Translate, which: str, value: date | None, h: FilterHandlers) -> ft.Control:
    on_open, on_clear = h.dates[which]
    text = date_text(t, which, value)
    button = secondary_button(f"review-filter-{which}", text, on_open, icon=ft.Icons.CALENDAR_MONTH)
    parts: list[ft.Control] = [ft.Container(content=button, expand=True)]
    if value:
        clear = icon_button(
            f"review-filter-{which}-clear",
            ft.Icons.CLEAR,
            t(f"review.filter.{which}_clear"),
            on_clear,
        )
        parts.append(clear)
    return ft.Row(parts)


def date_dialog(
    t: Translate, which: str, value: date | None, on_pick: Any, on_dismiss: Any
) -> ft.DatePicker:
    today = date.today()
    return ft.DatePicker(
        first_date=datetime(today.year - 5, 1, 1),
        last_date=datetime(today.year, today.month, today.day),
        value=datetime(value.year, value.month, value.day) if value else None,
        help_text=t(f"review.filter.{which}_title"),
        cancel_text=t("common.cancel"),
        confirm_text=t("common.ok"),
        on_change=on_pick,
        on_dismiss=on_dismiss,
    )


def picked_day(value: Any) -> date | None:
    """What a DatePicker hands over (a datetime on most platforms) as a day."""
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def overdue_switch(t: Translate, on: bool, on_change: Any) -> ft.Control:
    switch = ft.Switch(label=t("review.filter.overdue"), value=on, on_change=on_change)
    switch.label_text_style = ft.TextStyle(size=BODY_SIZE)
    return with_id(switch, "review-filter-overdue")


def filter_controls(
    t: Translate, filters: QueueFilters, services: list[tuple[str, str]], h: FilterHandlers
) -> list[ft.Control]:
    return [
        status_picker(t, filters, h.status),
        service_picker(t, services, filters, h.service),
        overdue_switch(t, filters.overdue, h.overdue),
        date_row(t, "from", filters.submitted_from, h),
        date_row(t, "to", filters.submitted_to, h),
    ]
