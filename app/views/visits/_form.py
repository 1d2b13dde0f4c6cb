"""Views layer: parts of the jemput bola request form — for whom, the services offered by
jemput bola, the reason (elderly checked against the birth date of the person chosen), the
requirements already covered ("sudah kami isi") and what to show at the door, contact and
notes; builders over `VisitRequestStore`, no I/O."""

from typing import Any

import flet as ft

from app.components.a11y import full_width, with_id
from app.components.applications import filled_badge, small
from app.components.catalog import section
from app.components.context import Translate
from app.components.fields import radio_choice, text_input
from app.components.style import BODY_SIZE, SMALL_SIZE
from app.state.visit_request import VisitRequestStore
from contracts.visits import ELDERLY_AGE, VisitReason

SELF = "self"
Err = Any  # (field name) → message or None


def error_text(identifier: str, text: str | None) -> list[ft.Control]:
    if not text:
        return []
    node = ft.Text(text, size=SMALL_SIZE, color=ft.Colors.ERROR)
    return [with_id(node, identifier)]


def subject_rows(t: Translate, store: VisitRequestStore) -> list[ft.Control]:
    """Whom the officers visit: the citizen or a family member they act for."""
    form = store.form
    if form is None or not store.members:
        return []
    options = [(SELF, t("visits.form.subject_self"))]
    options += [(m.id, t("visits.form.subject_member", name=m.full_name)) for m in store.members]

    def chosen(e: Any) -> None:
        value = e.control.value
        store.choose_subject(None if value in (SELF, None) else value)

    dropdown = ft.Dropdown(
        label=t("visits.form.subject"),
        value=form.member_id or SELF,
        options=[ft.DropdownOption(key=k, text=text) for k, text in options],
        on_select=chosen,
        text_size=BODY_SIZE,
        label_style=ft.TextStyle(size=BODY_SIZE),
    )
    return [full_width(dropdown, "visit-form-subject")]


def services_section(t: Translate, language: str, store: VisitRequestStore, err: Err) -> ft.Control:
    form = store.form
    assert form is not None

    def toggle(code: str) -> Any:
        return lambda _: store.toggle_service(code)

    boxes: list[ft.Control] = [
        with_id(
            ft.Checkbox(
                label=s.name.get(language),
                value=s.code in form.services,
                on_change=toggle(s.code),
                label_style=ft.TextStyle(size=BODY_SIZE),
            ),
            f"visit-form-service-{s.code}",
        )
        for s in store.services
    ]
    if not boxes:
        boxes.append(small(t("visits.form.no_services")))
    boxes += error_text("visit-form-services-error", err("services"))
    return section("visit-form-services", t("visits.form.services"), boxes)


def age_line(t: Translate, store: VisitRequestStore) -> ft.Control:
    old = store.elderly
    name = store.subject_name
    if old.age is None:
        text = t("visits.form.age_unknown", name=name)
    else:
        text = t("visits.form.age", name=name, age=old.age)
    return with_id(ft.Text(text, size=SMALL_SIZE), "visit-form-age")


def reason_section(t: Translate, store: VisitRequestStore, err: Err) -> ft.Control:
    form = store.form
    assert form is not None
    options = [(r.value, t(f"visits.reason.{r.value}")) for r in VisitReason]
    options[0] = (VisitReason.ELDERLY.value, t("visits.reason.elderly_min", age=ELDERLY_AGE))

    def chosen(e: Any) -> None:
        store.choose_reason(VisitReason(e.control.value))

    value = form.reason.value if form.reason else ""
    rows: list[ft.Control] = [
        age_line(t, store),
        radio_choice("visit-form-reason", t("visits.form.reason"), options, value, chosen),
        *error_text("visit-form-reason-error", err("reason")),
    ]
    if form.reason is VisitReason.OTHER or form.reason_note:
        rows.append(
            text_input(
                "visit-form-reason-note",
                t("visits.form.reason_note"),
                form.reason_note,
                lambda e: store.set_text("reason_note", e.control.value),
                error=err("reason_note"),
            )
        )
    return section("visit-form-reason-section", t("visits.form.reason_title"), rows)


def need_row(t: Translate, language: str, code: str, label: str, covered: bool) -> ft.Control:
    parts: list[ft.Control] = [ft.Text(label, size=BODY_SIZE, expand=True)]
    if covered:
        parts.append(filled_badge(t, f"visit-form-need-{code}-filled"))
    else:
        parts.append(small(t("visits.form.need_prepare")))
    return with_id(ft.Row(parts, wrap=True), f"visit-form-need-{code}")


def needs_section(t: Translate, language: str, store: VisitRequestStore) -> list[ft.Control]:
    """Each requirement of the chosen services; then what the officers will ask to see."""
    needs = store.needs
    if not needs:
        return []
    rows = [need_row(t, language, n.code, n.label.get(language), n.covered) for n in needs]
    door = [small(f"• {n.label.get(language)}") for n in needs if n.show]
    shown: list[ft.Control] = [section("visit-form-needs", t("visits.form.needs"), rows)]
    if door:
        shown.append(section("visit-form-bring", t("visits.form.bring"), door))
    return shown


def contact_section(t: Translate, store: VisitRequestStore, err: Err) -> ft.Control:
    form = store.form
    assert form is not None
    phone = text_input(
        "visit-form-phone",
        t("visits.form.phone"),
        form.contact_phone,
        lambda e: store.set_text("contact_phone", e.control.value),
        error=err("contact_phone"),
        keyboard=ft.KeyboardType.PHONE,
    )
    notes = text_input(
        "visit-form-notes",
        t("visits.form.notes"),
        form.notes,
        lambda e: store.set_text("notes", e.control.value),
        error=err("notes"),
    )
    rows: list[ft.Control] = [phone]
    if "contact_phone" in form.prefilled:
        rows.append(filled_badge(t, "visit-form-phone-filled"))
    return section("visit-form-contact", t("visits.form.contact"), [*rows, notes])
