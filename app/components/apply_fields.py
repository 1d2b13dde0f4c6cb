"""Components layer: pieces of the apply and fix screens — one control per form field type, the
subject picker, attachment rows with wallet pick / upload; builders, no I/O."""

import inspect
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import flet as ft

from app.components.a11y import full_width, with_id
from app.components.applications import filled_badge
from app.components.buttons import icon_button, secondary_button
from app.components.context import Translate
from app.components.fields import text_input
from app.components.style import BODY_SIZE, SMALL_SIZE
from app.state.apply_form import ApplyForm, Value
from contracts.catalog import FieldType, FormField, Requirement, RequirementKind
from contracts.documents import DocumentOut
from contracts.profile import FamilyMember

Handler = Callable[..., Any]
SELF = "self"
KEYBOARDS = {
    FieldType.NUMBER: ft.KeyboardType.NUMBER,
    FieldType.PHONE: ft.KeyboardType.PHONE,
    FieldType.EMAIL: ft.KeyboardType.EMAIL,
    FieldType.NIK: ft.KeyboardType.NUMBER,
    FieldType.DATE: ft.KeyboardType.DATETIME,
}


def _handler(on_value: Callable[[Value], Any], read: Callable[[Any], Value]) -> Handler:
    """An event handler that hands the new value on (and awaits it when it is async)."""

    async def handler(e: Any) -> None:
        result = on_value(read(e.control.value))
        if inspect.isawaitable(result):
            await result

    return handler


def field_label(t: Translate, language: str, f: FormField) -> str:
    label = f.label.get(language)
    return label if f.required else f"{label} ({t('apply.optional')})"


def _dropdown(
    identifier: str, label: str, value: str | None, options: list[tuple[str, str]], **kw: Any
) -> ft.Control:
    dropdown = ft.Dropdown(
        label=label,
        value=value or None,
        options=[ft.DropdownOption(key=k, text=text) for k, text in options],
        expand=True,
        text_size=BODY_SIZE,
        label_style=ft.TextStyle(size=BODY_SIZE),
        error_style=ft.TextStyle(size=SMALL_SIZE),
        **kw,
    )
    return full_width(dropdown, identifier)


def _textarea(
    identifier: str, label: str, value: str, on_change: Handler, **kw: Any
) -> ft.Semantics:
    area = ft.TextField(
        label=label,
        value=value,
        on_change=on_change,
        multiline=True,
        min_lines=3,
        max_lines=6,
        text_size=BODY_SIZE,
        label_style=ft.TextStyle(size=BODY_SIZE),
        error_style=ft.TextStyle(size=SMALL_SIZE),
        error_max_lines=3,
        **kw,
    )
    return with_id(area, identifier)


def input_for(
    t: Translate,
    language: str,
    f: FormField,
    value: Value | None,
    error: str | None,
    on_value: Callable[[Value], Any],
    on_pick_date: Handler,
) -> ft.Control:
    identifier, label = f"apply-field-{f.code}", field_label(t, language, f)
    hint = f.help.get(language) if f.help else None
    text = value if isinstance(value, str) else ""
    if f.type is FieldType.CHECKBOX:
        box = ft.Checkbox(
            label=label,
            value=bool(value),
            on_change=_handler(on_value, bool),
            error=bool(error),
            label_style=ft.TextStyle(size=BODY_SIZE),
        )
        shown: list[ft.Control] = [with_id(box, identifier)]
        if error:
            shown.append(ft.Text(error, size=SMALL_SIZE, color=ft.Colors.ERROR))
        return ft.Column(shown, spacing=2)
    if f.type is FieldType.SELECT:
        options = [(o.key, o.label.get(language)) for o in f.options]
        return _dropdown(
            identifier,
            label,
            text,
            options,
            on_select=_handler(on_value, lambda v: v or ""),
            error_text=error or None,
            helper_text=hint,
        )
    change = _handler(on_value, lambda v: v or "")
    if f.type is FieldType.TEXTAREA:
        return _textarea(
            identifier,
            label,
            text,
            change,
            error=error or None,
            hint_text=hint,
            max_length=f.max_length,
        )
    suffix = None
    if f.type is FieldType.DATE:
        hint = hint or t("apply.date_hint")
        suffix = icon_button(
            f"{identifier}-picker", ft.Icons.CALENDAR_MONTH, t("register.pick_date"), on_pick_date
        )
    return text_input(
        identifier,
        label,
        text,
        change,
        error=error,
        hint=hint,
        keyboard=KEYBOARDS.get(f.type, ft.KeyboardType.TEXT),
        max_length=16 if f.type is FieldType.NIK else f.max_length,
        suffix=suffix,
    )


def field_block(t: Translate, control: ft.Control, code: str, prefilled: bool) -> ft.Control:
    if not prefilled:
        return control
    return ft.Column([control, filled_badge(t, f"apply-filled-{code}")], spacing=4)


def subject_picker(
    t: Translate, members: Sequence[FamilyMember], value: str | None, on_select: Handler
) -> ft.Control:
    options = [(SELF, t("apply.subject_self"))] + [
        (m.id, t("apply.subject_member", name=m.full_name)) for m in members
    ]
    return _dropdown(
        "apply-subject", t("apply.subject"), value or SELF, options, on_select=on_select
    )


def document_text(t: Translate, doc: DocumentOut) -> str:
    kind = t(f"documents.type.{doc.type.value}")
    when = doc.created_at.astimezone().strftime("%d/%m/%Y")
    return f"{kind} · {doc.title} · {when}" if doc.title else f"{kind} · {when}"


def fitting_documents(req: Requirement, wallet: Sequence[DocumentOut]) -> list[DocumentOut]:
    """Document requirements take that type only (the server checks); uploads take any."""
    current = [d for d in wallet if d.superseded_at is None]
    if req.kind is RequirementKind.DOCUMENT:
        return [d for d in current if d.type is req.document_type]
    return current


def attachment_row(
    t: Translate,
    language: str,
    req: Requirement,
    form: ApplyForm,
    wallet: Sequence[DocumentOut],
    error: str | None,
    handlers: tuple[Handler, Handler, Handler | None],
    busy: bool,
) -> ft.Control:
    """Label, the chosen wallet document (badge when auto-picked), pick another, upload."""
    on_select, on_upload, on_camera = handlers
    code = req.code
    label = (
        req.label.get(language)
        if req.required
        else (f"{req.label.get(language)} ({t('apply.optional')})")
    )
    options = [(d.id, document_text(t, d)) for d in fitting_documents(req, wallet)]
    lines: list[ft.Control] = [ft.Text(label, size=BODY_SIZE, weight=ft.FontWeight.W_600)]
    if req.note:
        lines.append(ft.Text(req.note.get(language), size=SMALL_SIZE))
    if options:
        lines.append(
            _dropdown(
                f"apply-attach-{code}",
                t("apply.attach_pick"),
                form.attachments.get(code),
                options,
                on_select=on_select,
                error_text=error or None,
                disabled=busy,
            )
        )
    else:
        lines.append(ft.Text(t("apply.attach_none"), size=SMALL_SIZE))
        if error:
            lines.append(ft.Text(error, size=SMALL_SIZE, color=ft.Colors.ERROR))
    if code in form.auto_attached:
        lines.append(filled_badge(t, f"apply-attach-filled-{code}"))
    buttons: list[ft.Control] = [
        secondary_button(
            f"apply-attach-{code}-upload",
            t("apply.attach_upload"),
            on_upload,
            disabled=busy,
            icon=ft.Icons.UPLOAD_FILE,
        )
    ]
    if on_camera is not None:
        buttons.append(
            secondary_button(
                f"apply-attach-{code}-camera",
                t("apply.attach_camera"),
                on_camera,
                disabled=busy,
                icon=ft.Icons.PHOTO_CAMERA,
            )
        )
    lines.append(ft.Row(buttons, wrap=True, spacing=8, run_spacing=8))
    column = ft.Column(lines, spacing=6)
    box = ft.Card(content=ft.Container(content=column, padding=12))
    box.key = f"apply-requirement-{code}"
    return ft.Semantics(identifier=f"apply-requirement-{code}", container=True, content=box)


def form_fields(
    t: Translate,
    language: str,
    fields: Mapping[str, FormField],
    form: ApplyForm,
    errors: Mapping[str, str],
    on_value: Callable[[str], Callable[[Value], Any]],
    on_pick_date: Callable[[str], Handler],
) -> list[ft.Control]:
    """Every field in the screen's order (what is missing first), with its badge."""
    controls: list[ft.Control] = []
    # fields of a newer form version than the one the order was made for come last
    for code in (*form.order, *(c for c in fields if c not in form.order)):
        f = fields.get(code)
        if f is None:
            continue
        control = input_for(
            t,
            language,
            f,
            form.values.get(code),
            errors.get(code),
            on_value(code),
            on_pick_date(code),
        )
        controls.append(field_block(t, control, code, code in form.prefilled))
    return controls


def error_texts(t: Translate, keys: dict[str, str]) -> dict[str, str]:
    def text(key: str) -> str:
        shown = t(key)
        return shown if shown != key else t("applications.error.invalid")

    return {code: text(key) for code, key in keys.items()}
