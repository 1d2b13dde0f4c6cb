"""Components layer: the calendar behind a birth-date field (sign-up, profile, family)."""

from datetime import date, datetime
from typing import Any

import flet as ft

from app.components.context import Translate
from app.components.date_field import calendar_locale
from app.state.forms import parse_birth_date


def birth_date_picker(
    t: Translate, current_text: str, on_pick: Any, on_dismiss: Any
) -> ft.DatePicker:
    """Today back to 130 years ago, opened on the date already typed (DD-MM-YYYY)."""
    today = date.today()
    current = parse_birth_date(current_text)
    return ft.DatePicker(
        first_date=datetime(today.year - 130, 1, 1),
        last_date=datetime(today.year, today.month, today.day),
        value=datetime(current.year, current.month, current.day) if current else None,
        locale=calendar_locale(t),
        help_text=t("register.birth_date"),
        cancel_text=t("common.cancel"),
        confirm_text=t("common.ok"),
        on_change=on_pick,
        on_dismiss=on_dismiss,
    )


def picked_date(e: ft.Event[ft.DatePicker]) -> date | None:
    picked = e.control.value
    if isinstance(picked, datetime):
        return picked.date()
    return picked
