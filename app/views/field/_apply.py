"""Views layer: "Ajukan permohonan" at the door — the service's form from the catalog on the
device, pre-filled from the person visited, checked on the device and queued like every other
step (it is filed on the citizen's behalf when the signal returns)."""

from collections.abc import Callable
from datetime import datetime
from typing import Any

import flet as ft

from app.components.apply_fields import error_texts, form_fields
from app.components.buttons import primary_button, secondary_button
from app.components.context import Translate, use_deps, use_t
from app.components.date_field import field_date_picker
from app.components.feedback import message_banner
from app.components.officer import block, fact
from app.components.store_status import use_store
from app.state.apply_form import ApplyForm, ApplyInvalid, Value
from app.state.field import field_application, start_field_form
from app.state.field_day import FieldDayStore
from contracts.catalog import PublicService
from contracts.visits import FieldService, FieldVisit


def filing_line(
    t: Translate, lang: str, store: FieldDayStore, visit_id: str, service: FieldService
) -> ft.Control | None:
    name = service.name.get(lang)
    number = store.filed(visit_id, service.code)
    if number:
        text = t("field.apply.filed", service=name, number=number)
    elif store.filing_queued(visit_id, service.code):
        text = t("field.apply.waiting", service=name)
    else:
        return None
    return fact(f"field-apply-status-{service.code}", text)


def catalog_service(deps_catalog: Any, code: str) -> PublicService | None:
    loaded = deps_catalog.loaded
    if loaded is None:
        return None
    return next((s for s in loaded.catalog.services if s.code == code), None)


@ft.component
def ApplyForService(
    store: FieldDayStore,
    visit: FieldVisit,
    field: FieldService,
    service: PublicService,
    lang: str,
    close: Callable[[], Any],
) -> ft.Control:
    """The form for one service, pre-filled from the day's data of the person visited."""
    t = use_t()
    first: ApplyForm = start_field_form(service, visit)  # used on the first render only
    form, set_form = ft.use_state(first)
    errors, set_errors = ft.use_state(dict[str, str]())
    no_pick: str | None = None
    picking, set_picking = ft.use_state(no_pick)

    def on_value(code: str) -> Callable[[Value], None]:
        return lambda value: set_form(form.with_value(code, value))

    async def picked(e: Any) -> None:
        set_picking(None)
        if picking and isinstance(e.control.value, datetime):
            set_form(form.with_value(picking, e.control.value.strftime("%d-%m-%Y")))

    ft.use_dialog(
        field_date_picker(t, picking, form, picked, lambda: set_picking(None)) if picking else None
    )

    async def send() -> None:
        try:
            body = field_application(service, field, form)
        except ApplyInvalid as exc:
            set_errors(error_texts(t, exc.fields))
            return
        await store.file_application(visit.id, body)
        close()

    fields = {f.code: f for f in service.form.fields}
    rows = form_fields(t, lang, fields, form, errors, on_value, lambda c: lambda: set_picking(c))
    rows += [
        primary_button("field-apply-send", t("field.apply.send"), send, icon=ft.Icons.SEND),
        secondary_button("field-apply-close", t("field.apply.close"), close),
    ]
    return ft.Column(rows, spacing=12)


def apply_row(
    t: Translate,
    lang: str,
    catalog: Any,
    field: FieldService,
    opened: str | None,
    open_form: Callable[[str | None], None],
) -> list[ft.Control]:
    name = field.name.get(lang)
    if opened != field.code:
        return [
            secondary_button(
                f"field-apply-{field.code}",
                t("field.apply.open", service=name),
                lambda: open_form(field.code),
                icon=ft.Icons.ASSIGNMENT,
            )
        ]
    service = catalog_service(catalog, field.code)
    if service is None:
        return [message_banner("field-apply-no-form", t("field.apply.no_form"))]
    if field.form_version and service.form_version != field.form_version:
        return [message_banner("field-apply-no-form", t("field.apply.form_changed"))]
    return []


@ft.component
def ApplyPart(store: FieldDayStore, visit: FieldVisit, lang: str) -> ft.Control:
    t = use_t()
    catalog = use_store(use_deps().catalog_source)
    no_code: str | None = None
    opened, set_opened = ft.use_state(no_code)
    ft.use_effect(catalog.load, [])
    rows: list[ft.Control] = []
    for field in visit.services:
        if field.form_version is None:
            continue
        line = filing_line(t, lang, store, visit.id, field)
        if line is not None:
            rows.append(line)
            continue
        shown = apply_row(t, lang, catalog, field, opened, set_opened)
        service = catalog_service(catalog, field.code)
        if opened == field.code and not shown and service is not None:
            shown = [ApplyForService(store, visit, field, service, lang, lambda: set_opened(None))]
        rows += shown
    return block("field-apply", t("field.apply.title"), rows) if rows else ft.Column([])
