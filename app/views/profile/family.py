"""Views layer: "Anggota Keluarga": people the citizen acts for; add, list, edit, remove."""

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import flet as ft

from app.components.a11y import full_width
from app.components.buttons import icon_button, primary_button, secondary_button
from app.components.context import Translate, use_deps, use_t
from app.components.feedback import busy_indicator, message_banner
from app.components.fields import text_input
from app.components.layout import heading, screen
from app.components.style import BODY_SIZE, SMALL_SIZE
from app.services.errors import ApiError, AuthExpiredError
from app.services.profile_api import add_family, edit_family, list_family, remove_family
from app.state.forms import FormInvalid, format_birth_date
from app.state.profile import FamilyForm, family_form, to_family_member, to_family_patch
from app.views.profile._parts import date_picker, form_errors, picked_date
from contracts.profile import FamilyMember, Relationship

Handler = Callable[..., Any]


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


@ft.component
def FamilyScreen():
    deps, t = use_deps(), use_t()
    no_members: list[FamilyMember] | None = None
    members, set_members = ft.use_state(no_members)
    form, set_form = ft.use_state(FamilyForm())
    adding, set_adding = ft.use_state(False)
    no_errors: dict[str, str] = {}
    no_text: str | None = None
    errors, set_errors = ft.use_state(no_errors)
    banner, set_banner = ft.use_state(no_text)
    busy, set_busy = ft.use_state(True)
    picking, set_picking = ft.use_state(False)
    no_member: FamilyMember | None = None
    removing, set_removing = ft.use_state(no_member)
    editing, set_editing = ft.use_state(no_member)  # the form edits this member, if set

    async def call(action: Callable[[], Any]) -> None:
        set_busy(True)
        set_banner(None)
        try:
            await action()
        except AuthExpiredError:
            return  # the API client's hook has signed out
        except (FormInvalid, ApiError) as exc:
            fields, message = form_errors(exc, t)
            set_errors(fields)
            set_banner(message)
        finally:
            set_busy(False)

    async def load() -> None:
        async def fetch() -> None:
            set_members(await list_family(deps.auth.api))

        await call(fetch)

    def close_form() -> None:
        set_form(FamilyForm())
        set_errors({})
        set_adding(False)
        set_editing(None)

    def open_edit(member: FamilyMember) -> None:
        set_form(family_form(member))
        set_errors({})
        set_editing(member)
        set_adding(True)

    async def save() -> None:
        async def send() -> None:
            if editing is None:
                added = await add_family(deps.auth.api, to_family_member(form))
                set_members(lambda current: [*(current or []), added])
            else:
                saved = await edit_family(deps.auth.api, editing.id, to_family_patch(form))
                set_members(
                    lambda current: [saved if m.id == saved.id else m for m in current or []]
                )
            close_form()

        await call(send)

    async def remove() -> None:
        member = removing
        set_removing(None)
        if member is None:
            return

        async def send() -> None:
            await remove_family(deps.auth.api, member.id)
            set_members(lambda current: [m for m in current or [] if m.id != member.id])

        await call(send)

    def set_value(name: str, value: str) -> None:
        set_form(lambda f: replace(f, **{name: value}))
        set_errors(lambda errs: {k: v for k, v in errs.items() if k != name})

    def change(name: str) -> Handler:
        return lambda e: set_value(name, e.control.value or "")

    def on_pick(e: ft.Event[ft.DatePicker]) -> None:
        if picked := picked_date(e):
            set_value("birth_date", format_birth_date(picked))
        set_picking(False)

    ft.use_effect(load, [])
    dialog: ft.DialogControl | None = None
    if picking:
        dialog = date_picker(
            t, t("register.birth_date"), form.birth_date, on_pick, lambda: set_picking(False)
        )
    elif removing is not None:
        dialog = remove_dialog(t, removing, remove, lambda: set_removing(None))
    ft.use_dialog(dialog)

    err = errors.get
    body: list[ft.Control] = [ft.Text(t("family.intro"), size=BODY_SIZE)]
    for member in members or []:
        body.append(
            member_card(
                t,
                member,
                lambda _e, m=member: set_removing(m),
                lambda _e, m=member: open_edit(m),
            )
        )
    if members is not None and not members:
        empty = ft.Text(t("family.empty"), size=BODY_SIZE)
        empty.key = "family-empty"
        body.append(ft.Semantics(identifier="family-empty", content=empty))
    if adding:
        body += [
            heading(t("family.edit_title" if editing else "family.add_title"), size=20),
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
                suffix=icon_button(
                    "family-birth-date-picker",
                    ft.Icons.CALENDAR_MONTH,
                    t("register.pick_date"),
                    lambda: set_picking(True),
                ),
            ),
            text_input(
                "family-nik",
                t("family.nik"),
                form.nik,
                change("nik"),
                error=err("nik"),
                hint=t("family.nik_keep_hint", nik=editing.nik)
                if editing and editing.nik
                else t("family.nik_hint"),
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
    if banner:
        body.append(message_banner("family-error", banner))
    if busy:
        body.append(busy_indicator(t("common.please_wait")))
    if members is None and not busy:
        body.append(primary_button("family-retry", t("common.retry"), load))
    elif adding:
        body += [
            primary_button("family-save", t("family.save"), save, disabled=busy),
            secondary_button("family-add-cancel", t("common.cancel"), close_form, disabled=busy),
        ]
    elif members is not None:
        body.append(
            primary_button(
                "family-add",
                t("family.add"),
                lambda: set_adding(True),
                disabled=busy,
                icon=ft.Icons.PERSON_ADD,
            )
        )
    return screen(ft.use_view_path(), t("feature.family"), body)
