"""Components layer: a service's form being edited (apply, fix) — every field in the screen's
order with its errors, the calendar for date fields, and the attachment requirements; all
edits are actions of the form store (`state/form_edit.py`)."""

from datetime import datetime
from typing import Any

import flet as ft

from app.components.apply_fields import error_texts, form_fields
from app.components.apply_requirements import Requirements
from app.components.context import Translate, use_session, use_t
from app.components.date_field import field_date_picker
from app.components.store_status import use_store
from app.state.apply_form import Value
from app.state.form_edit import FormEdit


def form_errors(t: Translate, store: FormEdit) -> dict[str, str]:
    """The server's words for a field, or the device check's catalog text."""
    return {**store.fields, **error_texts(t, store.invalid)}


def value_handler(store: FormEdit) -> Any:
    def on_value(code: str) -> Any:
        async def changed(value: Value) -> None:
            await store.set_value(code, value)

        return changed

    return on_value


def date_handler(store: FormEdit, code: str | None, close: Any) -> Any:
    """The calendar's pick, written as the field shows dates (dd-mm-yyyy)."""

    async def on_pick(e: Any) -> None:
        value = e.control.value
        close()
        if code and isinstance(value, datetime):
            await store.set_value(code, value.strftime("%d-%m-%Y"))

    return on_pick


@ft.component
def FormEditor(store: FormEdit) -> ft.Control:
    t, language = use_t(), use_session().language
    use_store(store)
    no_pick: str | None = None
    picking, set_picking = ft.use_state(no_pick)  # transient: the calendar is open for it
    form, service = store.form, store.service
    close = lambda: set_picking(None)  # noqa: E731
    ft.use_dialog(
        field_date_picker(t, picking, form, date_handler(store, picking, close), close)
        if picking and form
        else None
    )
    if form is None or service is None:
        return ft.Column([])
    errors = form_errors(t, store)
    fields = {f.code: f for f in service.form.fields}
    rows = form_fields(
        t, language, fields, form, errors, value_handler(store), lambda c: lambda: set_picking(c)
    )
    rows.append(Requirements(store, errors))
    return ft.Column(rows, spacing=16, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
