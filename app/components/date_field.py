"""Components layer: the calendar for a form's date field (any date a form may ask about)."""

from datetime import date, datetime
from typing import Any

import flet as ft

from app.components.context import Translate
from app.state.apply_form import ApplyForm
from app.state.forms import parse_birth_date


def calendar_locale(t: Translate) -> ft.Locale:
    """The calendar's language (day and month names, its buttons): "id-ID" or "en-GB"."""
    language, _, country = t("common.locale").partition("-")
    return ft.Locale(language, country or None)


def field_date_picker(
    t: Translate, code: str | None, form: ApplyForm | None, on_pick: Any, on_dismiss: Any
) -> ft.DatePicker:
    current_text = form.values.get(code or "", "") if form else ""
    current = parse_birth_date(current_text) if isinstance(current_text, str) else None
    today = date.today()
    return ft.DatePicker(
        first_date=datetime(1900, 1, 1),
        last_date=datetime(today.year + 5, 12, 31),
        value=datetime(current.year, current.month, current.day) if current else None,
        locale=calendar_locale(t),
        cancel_text=t("common.cancel"),
        confirm_text=t("common.ok"),
        on_change=on_pick,
        on_dismiss=on_dismiss,
    )
