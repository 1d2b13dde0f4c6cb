"""Views layer: the board's filters — status, district, reason, minimum age and team as
dropdowns with accessible names, the day as a button opening the date picker; builders and
their handlers."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import flet as ft

from app.components.buttons import icon_button, secondary_button
from app.components.catalog import picker
from app.services.regions import districts
from app.state.visit_board import BoardFilters, VisitBoardStore
from app.views.visit_board._words import (
    Translate,
    day_words,
    district_word,
    reason_word,
    status_word,
)
from contracts.accounts import AccountOut
from contracts.catalog import Catalog
from contracts.visits import BoardRow, VisitReason, VisitStatus

Handler = Callable[..., Any]
AGES = (60, 70, 80)


@dataclass(frozen=True)
class FilterHandlers:
    status: Handler
    district: Handler
    reason: Handler
    min_age: Handler
    team: Handler
    pick_day: Handler
    clear_day: Handler


def filter_handlers(store: VisitBoardStore, pick_day: Handler) -> FilterHandlers:
    """Each change loads the first page of what the filters now select."""

    async def on_status(e: Any) -> None:
        value = e.control.value or ""
        await store.filter(status=VisitStatus(value) if value else None)

    async def on_district(e: Any) -> None:
        await store.filter(district=e.control.value or None)

    async def on_reason(e: Any) -> None:
        value = e.control.value or ""
        await store.filter(reason=VisitReason(value) if value else None)

    async def on_min_age(e: Any) -> None:
        value = e.control.value or ""
        await store.filter(min_age=int(value) if value else None)

    async def on_team(e: Any) -> None:
        await store.filter(team=e.control.value or None)

    async def clear_day() -> None:
        await store.filter(day=None)

    return FilterHandlers(
        on_status, on_district, on_reason, on_min_age, on_team, pick_day, clear_day
    )


def district_codes(
    account: AccountOut | None, catalog: Catalog | None, rows: Iterable[BoardRow]
) -> set[str]:
    """The coordinator's districts: their own list when set, else every district of their
    service center's regency; plus any district seen on the board."""
    codes = {r.district_code for r in rows}
    if account is not None and account.district_codes:
        return codes | set(account.district_codes)
    center = account.service_center_code if account else None
    found = [c for c in catalog.service_centers if c.code == center] if catalog else []
    if found:
        codes |= {d.code for d in districts(found[0].regency_code)}
    return codes


def district_options(t: Translate, codes: set[str]) -> list[tuple[str, str]]:
    named = [(code, district_word(t, code)) for code in codes]
    return sorted(named, key=lambda kv: kv[1].casefold())


def pickers(
    t: Translate,
    f: BoardFilters,
    districts: list[tuple[str, str]],
    teams: list[tuple[str, str]],
    h: FilterHandlers,
) -> list[ft.Control]:
    every = t("visit_board.filter.all")
    statuses = [(s.value, status_word(t, s)) for s in VisitStatus]
    reasons = [(r.value, reason_word(t, r)) for r in VisitReason]
    ages = [(str(a), t("visit_board.filter.age_at_least", age=a)) for a in AGES]
    rows = [
        ("status", f.status.value if f.status else "", statuses, h.status),
        ("district", f.district or "", districts, h.district),
        ("reason", f.reason.value if f.reason else "", reasons, h.reason),
        ("min-age", str(f.min_age or ""), ages, h.min_age),
        ("team", f.team or "", teams, h.team),
    ]
    firsts = {"status": t("visit_board.filter.status_open")}
    return [
        picker(
            f"visit-board-filter-{name}",
            t(f"visit_board.filter.{name.replace('-', '_')}"),
            value,
            [("", firsts.get(name, every)), *options],
            on_select,
        )
        for name, value, options, on_select in rows
    ]


def day_row(t: Translate, day: date | None, h: FilterHandlers) -> ft.Control:
    text = (
        t("visit_board.filter.day", day=day_words(t, day))
        if day
        else t("visit_board.filter.day_any")
    )
    button = secondary_button(
        "visit-board-filter-day", text, h.pick_day, icon=ft.Icons.CALENDAR_MONTH
    )
    parts: list[ft.Control] = [ft.Container(content=button, expand=True)]
    if day:
        label = t("visit_board.filter.day_clear")
        parts.append(
            icon_button("visit-board-filter-day-clear", ft.Icons.CLEAR, label, h.clear_day)
        )
    return ft.Row(parts)


def filter_controls(
    t: Translate,
    f: BoardFilters,
    districts: list[tuple[str, str]],
    teams: list[tuple[str, str]],
    h: FilterHandlers,
) -> list[ft.Control]:
    return [*pickers(t, f, districts, teams, h), day_row(t, f.day, h)]
