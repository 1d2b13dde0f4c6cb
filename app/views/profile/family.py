"""Views layer: "Anggota Keluarga": people the citizen acts for; add, list, edit, remove."""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

import flet as ft

from app.components.a11y import full_width
from app.components.birth_date import birth_date_picker, picked_date
from app.components.buttons import icon_button, primary_button, secondary_button
from app.components.context import Translate, use_deps, use_t
from app.components.fields import text_input
from app.components.forms import FieldError, errors_of
from app.components.layout import heading, screen
from app.components.store_status import status_rows, use_store
from app.components.style import BODY_SIZE, SMALL_SIZE
from app.state.family import FamilyStore
from app.state.forms import format_birth_date
from app.state.profile import FamilyForm, family_form
from contracts.profile import FamilyMember, Relationship

Handler = Callable[..., Any]
Pick = Callable[[FamilyMember], Any]


@dataclass(frozen=True)
class Editor:
    """The member form on screen: open (adding or editing `member`) and what is typed."""

    open: bool = False
    form: FamilyForm = field(default_factory=FamilyForm)
    member: FamilyMember | None = None


def member_card(
    t: Translate, member: FamilyMember, on_remove: Handler, on_edit: Handler
) -> ft.Control:
    relation = t(f"family.relationship.{member.relationship.value}")
    born = format_birth_date(member.birth_date)
    lines: list[ft.Control] = [
        ft.Text(member.full_name, size=BODY_SIZE + 2, weight=ft.FontWeight.BOLD),
        ft.Text(t("family.card_line", relationship=relation, born=born), size=BODY_SIZE),
    ]
    if member.nik:
        lines.append(ft.Text(t("home.nik", nik=member.nik), size=SMALL_SIZE))
    if member.note:
        lines.append(ft.Text(member.note, size=SMALL_SIZE, italic=True))
    remove = icon_button(
        f"family-remove-{member.id}",
        ft.Icons.DELETE_OUTLINE,
        t("family.remove_named", name=member.full_name),
        on_remove,
    )
    edit = icon_button(
        f"family-edit-{member.id}",
        ft.Icons.EDIT_OUTLINED,
        t("family.edit_named", name=member.full_name),
        on_edit,
    )
    row = ft.Row(
        [ft.Column(lines, spacing=4, expand=True), edit, remove],
        vertical_alignment=ft.CrossAxisAlignment.START,
    )
    card = ft.Card(content=ft.Container(content=row, padding=16))
    identifier = f"family-member-{member.id}"
    card.key = identifier
    return ft.Semantics(identifier=identifier, container=True, content=card)


def relationship_picker(
    t: Translate, value: str, on_select: Handler, error: str | None
) -> ft.Control:
    dropdown = ft.Dropdown(
        label=t("family.relationship"),
        value=value or None,
        options=[
            ft.DropdownOption(key=r.value, text=t(f"family.relationship.{r.value}"))
            for r in Relationship
        ],
        on_select=on_select,
        error_text=error or None,
        expand=True,
        text_size=BODY_SIZE,
        label_style=ft.TextStyle(size=BODY_SIZE),
        error_style=ft.TextStyle(size=SMALL_SIZE),
    )
    return full_width(dropdown, "family-relationship")


def remove_dialog(
    t: Translate, member: FamilyMember, on_confirm: Handler, on_cancel: Handler
) -> ft.AlertDialog:
    return ft.AlertDialog(
        modal=True,
        title=ft.Text(t("family.remove_title")),
        content=ft.Text(t("family.remove_body", name=member.full_name), size=BODY_SIZE),
        actions=[
            secondary_button("family-remove-cancel", t("common.cancel"), on_cancel),
            primary_button("family-remove-confirm", t("family.remove"), on_confirm),
        ],
    )


def member_rows(
    t: Translate, members: tuple[FamilyMember, ...] | None, on_remove: Pick, on_edit: Pick
) -> list[ft.Control]:
    """The cards, or "nobody yet" once the list arrived empty."""
    rows = [
        member_card(t, m, lambda _e, m=m: on_remove(m), lambda _e, m=m: on_edit(m))
        for m in members or ()
    ]
    if members is not None and not members:
        empty = ft.Text(t("family.empty"), size=BODY_SIZE)
        empty.key = "family-empty"
        rows.append(ft.Semantics(identifier="family-empty", content=empty))
    return rows


def who_fields(
    t: Translate, form: FamilyForm, change: Callable[[str], Handler], err: FieldError, pick: Handler
) -> list[ft.Control]:
    """Name, relationship and birth date (typed or from the calendar: `pick`)."""
    calendar = icon_button(
        "family-birth-date-picker", ft.Icons.CALENDAR_MONTH, t("register.pick_date"), pick
    )
    return [
        text_input(
            "family-full-name",
            t("register.full_name"),
            form.full_name,
            change("full_name"),
            error=err("full_name"),
            keyboard=ft.KeyboardType.NAME,
        ),
        relationship_picker(t, form.relationship, change("relationship"), err("relationship")),
        text_input(
            "family-birth-date",
            t("register.birth_date"),
            form.birth_date,
            change("birth_date"),
            error=err("birth_date"),
            hint=t("register.birth_date_hint"),
            keyboard=ft.KeyboardType.DATETIME,
            suffix=calendar,
        ),
    ]


def nik_note_fields(
    t: Translate, editor: Editor, change: Callable[[str], Handler], err: FieldError
) -> list[ft.Control]:
    """The optional NIK (editing: blank keeps the saved one, its hint shows it masked), a note."""
    editing, form = editor.member, editor.form
    nik_hint = t("family.nik_hint")
    if editing is not None and editing.nik:
        nik_hint = t("family.nik_keep_hint", nik=editing.nik)
    return [
        text_input(
            "family-nik",
            t("family.nik"),
            form.nik,
            change("nik"),
            error=err("nik"),
            hint=nik_hint,
            keyboard=ft.KeyboardType.NUMBER,
            max_length=16,
        ),
        text_input(
            "family-note",
            t("family.note"),
            form.note,
            change("note"),
            error=err("note"),
            hint=t("family.note_hint"),
            max_length=200,
        ),
    ]


def editor_rows(
    t: Translate, editor: Editor, change: Callable[[str], Handler], err: FieldError, pick: Handler
) -> list[ft.Control]:
    """The add form, also used to edit `editor.member`; nothing while it is closed."""
    if not editor.open:
        return []
    title = t("family.edit_title" if editor.member else "family.add_title")
    return [
        heading(title, size=20),
        *who_fields(t, editor.form, change, err, pick),
        *nik_note_fields(t, editor, change, err),
    ]


def action_rows(
    t: Translate, store: FamilyStore, adding: bool, save: Handler, close: Handler, add: Handler
) -> list[ft.Control]:
    """Save/cancel while the form is open, "Tambah" otherwise (once the list is known)."""
    if adding:
        return [
            primary_button("family-save", t("family.save"), save, disabled=store.busy),
            secondary_button("family-add-cancel", t("common.cancel"), close, disabled=store.busy),
        ]
    if store.members is None:
        return []
    icon = ft.Icons.PERSON_ADD
    return [primary_button("family-add", t("family.add"), add, disabled=store.busy, icon=icon)]


@ft.component
def FamilyScreen():
    deps, t = use_deps(), use_t()
    store = use_store(deps.family)
    editor, set_editor = ft.use_state(Editor())
    picking, set_picking = ft.use_state(False)  # the calendar is open
    no_member: FamilyMember | None = None
    removing, set_removing = ft.use_state(no_member)  # asking "remove this member?"
    ft.use_effect(store.load, [])

    def open_form(member: FamilyMember | None = None) -> None:
        store.clear()
        set_editor(Editor(True, family_form(member) if member else FamilyForm(), member))

    def set_value(name: str, value: str) -> None:
        set_editor(lambda ed: replace(ed, form=replace(ed.form, **{name: value})))
        store.typed(name)

    def change(name: str) -> Handler:
        return lambda e: set_value(name, e.control.value or "")

    def on_pick(e: ft.Event[ft.DatePicker]) -> None:
        if picked := picked_date(e):
            set_value("birth_date", format_birth_date(picked))
        set_picking(False)

    async def save() -> None:
        if await store.save(editor.form, editor.member):
            set_editor(Editor())

    async def remove() -> None:
        member = removing
        set_removing(None)
        if member is not None:
            await store.remove(member)

    dialog: ft.DialogControl | None = None
    if picking:
        dialog = birth_date_picker(t, editor.form.birth_date, on_pick, partial(set_picking, False))
    elif removing is not None:
        dialog = remove_dialog(t, removing, remove, partial(set_removing, None))
    ft.use_dialog(dialog)
    body: list[ft.Control] = [ft.Text(t("family.intro"), size=BODY_SIZE)]
    body += member_rows(t, store.members, set_removing, open_form)
    body += editor_rows(t, editor, change, errors_of(t, store), partial(set_picking, True))
    retry = store.load if store.members is None else None
    body += status_rows(t, store, "family", busy_key="common.please_wait", retry=retry)
    close = partial(set_editor, Editor())
    body += action_rows(t, store, editor.open, save, close, partial(open_form, None))
    return screen(ft.use_view_path(), t("feature.family"), body)
