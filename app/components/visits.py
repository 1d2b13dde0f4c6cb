"""Components layer: builders for jemput bola visits — status in words and its chip, dates with
Indonesian day and month names, morning / afternoon, times in the place's zone (WIB / WITA /
WIT from the visit's service center), a visit's card; data in, controls out."""

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import flet as ft

from app.components.applications import card, chip, chip_row, small, title_line
from app.components.context import Translate
from contracts.visits import WINDOW_HOURS, DayWindow, VisitStatus, VisitSummary
from contracts.zones import zone_label

STATUS_COLOURS = {
    VisitStatus.REQUESTED: ft.Colors.BLUE_100,
    VisitStatus.RESCHEDULE_REQUESTED: ft.Colors.AMBER_200,
    VisitStatus.SCHEDULED: ft.Colors.INDIGO_100,
    VisitStatus.ON_THE_WAY: ft.Colors.CYAN_100,
    VisitStatus.ARRIVED: ft.Colors.TEAL_100,
    VisitStatus.COMPLETED: ft.Colors.GREEN_200,
    VisitStatus.NOT_COMPLETED: ft.Colors.RED_100,
    VisitStatus.CANCELLED: ft.Colors.GREY_300,
}


def status_text(t: Translate, status: VisitStatus) -> str:
    return t(f"visits.status.{status.value}")


def status_chip(t: Translate, status: VisitStatus) -> ft.Container:
    return chip(status_text(t, status), STATUS_COLOURS[status])


def day_text(t: Translate, day: date) -> str:
    """ "Senin, 7 Desember 2026" (the app's language)."""
    weekday = t(f"catalog.weekday.{day.isoweekday()}")
    month = t(f"access.month.{day.month}")
    return t("visits.date", weekday=weekday, day=day.day, month=month, year=day.year)


def window_text(t: Translate, window: DayWindow) -> str:
    """ "Pagi (08.00–12.00)" — the hours are the place's own."""
    start, end = (h.replace(":", ".") for h in WINDOW_HOURS[window])
    return t(f"visits.window.{window.value}", start=start, end=end)


def zoned_text(t: Translate, at: datetime, zone: str) -> str:
    """A moment in the zone of the service center: "3 Desember 2026, 08.15 WIB"."""
    local = at.astimezone(ZoneInfo(zone))
    month = t(f"access.month.{local.month}")
    return t(
        "visits.moment",
        day=local.day,
        month=month,
        year=local.year,
        clock=local.strftime("%H.%M"),
        zone=zone_label(zone),
    )


def schedule_line(t: Translate, item: VisitSummary) -> str | None:
    if item.scheduled_date is None:
        return None
    when = day_text(t, item.scheduled_date)
    return f"{when} · {window_text(t, item.window)}" if item.window else when


def services_text(language: str, item: VisitSummary) -> str:
    return ", ".join(s.name.get(language) for s in item.services)


def visit_card(t: Translate, language: str, item: VisitSummary, on_open: Any) -> ft.Control:
    status = status_text(t, item.status)
    lines: list[ft.Control] = [
        title_line(services_text(language, item)),
        chip_row([status_chip(t, item.status)]),
        small(t("visits.number", number=item.number)),
        small(t("visits.for", name=item.subject_name)),
    ]
    scheduled = schedule_line(t, item)
    if scheduled:
        lines.append(small(t("visits.scheduled", when=scheduled)))
    label = f"{services_text(language, item)}, {status}, {item.number}"
    return card(f"visits-item-{item.id}", lines, on_open, label)
