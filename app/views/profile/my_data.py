"""Views layer: "Data Saya" (UU PDP): download all my data, request account deletion (the
last step asks for the password again)."""

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import flet as ft

from app.components.buttons import primary_button, secondary_button
from app.components.context import Translate, use_deps, use_t
from app.components.fields import password_input
from app.components.hooks import use_once
from app.components.layout import heading, screen
from app.components.store_status import status_rows, use_store
from app.components.style import BODY_SIZE
from app.state.access_log import local_time
from app.state.my_data import MyDataStore
from contracts.profile import DeletionScheduled

Handler = Callable[..., Any]
# Deletion goes through three dialogs: explain → are you sure (with the password) → done
# (then sign out).
EXPLAIN, CONFIRM, DONE = "explain", "confirm", "done"
NOTICE = "data-download-saved"


def export_file_name(today: date) -> str:
    return f"satupintu-data-saya-{today.isoformat()}.json"


def _dialog(
    identifier: str,
    title: str,
    body: str,
    actions: list[ft.Control],
    extra: list[ft.Control] | None = None,
) -> ft.AlertDialog:
    text = ft.Text(body, size=BODY_SIZE)
    text.key = f"{identifier}-body"
    content: ft.Control = ft.Semantics(identifier=f"{identifier}-body", content=text)
    if extra:
        content = ft.Column([content, *extra], tight=True, spacing=16)
    return ft.AlertDialog(
        modal=True,
        title=ft.Text(title),
        content=content,
        actions=actions,
        key=identifier,
    )


@dataclass(frozen=True)
class PasswordEntry:
    """The password typed in the last deletion dialog, and what the dialog says about it."""

    value: str = ""
    error: str | None = None
    shown: bool = False
    busy: bool = False


def password_field(
    t: Translate, entry: PasswordEntry, on_change: Handler, on_toggle: Handler
) -> ft.Control:
    return password_input(
        "data-delete-password",
        t("data.delete_password"),
        entry.value,
        on_change,
        shown=entry.shown,
        on_toggle=on_toggle,
        show_label=t("common.show_password"),
        hide_label=t("common.hide_password"),
        error=entry.error,
        disabled=entry.busy,
    )


def deletion_dialog(
    t: Translate,
    step: str,
    scheduled: DeletionScheduled | None,
    *,
    on_next: Handler,
    on_cancel: Handler,
    on_done: Handler,
    password: ft.Control | None = None,
    busy: bool = False,
) -> ft.AlertDialog:
    cancel = secondary_button("data-delete-cancel", t("common.cancel"), on_cancel, disabled=busy)
    if step == EXPLAIN:
        go_on = primary_button("data-delete-continue", t("data.delete_continue"), on_next)
        return _dialog(
            "data-delete-explain", t("data.delete_title"), t("data.delete_rules"), [cancel, go_on]
        )
    if step == CONFIRM:
        confirm = primary_button(
            "data-delete-confirm", t("data.delete_confirm"), on_next, disabled=busy
        )
        return _dialog(
            "data-delete-sure",
            t("data.delete_sure_title"),
            t("data.delete_sure"),
            [cancel, confirm],
            [password] if password is not None else None,
        )
    when = "-"
    if scheduled is not None:
        at = local_time(scheduled.scheduled_for)
        when = f"{at.day} {t(f'access.month.{at.month}')} {at.year}"
    done = primary_button("data-delete-done", t("common.ok"), on_done)
    return _dialog(
        "data-delete-done-dialog", t("data.deleted_title"), t("data.deleted", date=when), [done]
    )


def sections(t: Translate, busy: bool, download: Handler, ask_delete: Handler) -> list[ft.Control]:
    download_button = primary_button(
        "data-download", t("data.download"), download, disabled=busy, icon=ft.Icons.DOWNLOAD
    )
    delete_button = secondary_button(
        "data-delete", t("data.delete"), ask_delete, disabled=busy, icon=ft.Icons.DELETE_FOREVER
    )
    return [
        ft.Text(t("data.intro"), size=BODY_SIZE),
        heading(t("data.download_title"), size=20),
        ft.Text(t("data.download_help"), size=BODY_SIZE),
        download_button,
        heading(t("data.delete_title"), size=20),
        ft.Text(t("data.delete_help"), size=BODY_SIZE),
        delete_button,
    ]


@dataclass(frozen=True)
class Deletion:
    """The deletion dialogs' flow, for the screen: which one is open and what it does."""

    dialog: ft.AlertDialog | None
    ask: Handler


def use_deletion(store: MyDataStore, t: Translate) -> Deletion:
    """explain → are you sure (with the password) → done (then sign out here)."""
    no_step: str | None = None
    step, set_step = ft.use_state(no_step)  # which deletion dialog is open
    entry, set_entry = ft.use_state(PasswordEntry())  # the password being typed

    def close() -> None:
        set_entry(PasswordEntry())
        set_step(None)

    async def delete() -> None:
        if not entry.value:
            set_entry(replace(entry, error=t("field.required")))
            return
        set_entry(replace(entry, busy=True, error=None))
        if await store.delete_account(entry.value):
            set_entry(PasswordEntry())
            set_step(DONE)
        elif "password" in store.fields:  # a wrong password: say so beside the field
            set_entry(replace(entry, busy=False, error=store.fields["password"]))
        else:
            close()

    async def next_step() -> None:
        if step == CONFIRM:
            await delete()
        else:
            set_step(CONFIRM)

    async def done() -> None:
        set_step(None)
        await store.finish()

    password = password_field(
        t,
        entry,
        lambda e: set_entry(lambda en: replace(en, value=e.control.value or "", error=None)),
        lambda: set_entry(lambda en: replace(en, shown=not en.shown)),
    )
    dialog = deletion_dialog(
        t,
        step or "",
        store.scheduled,
        on_next=next_step,
        on_cancel=close,
        on_done=done,
        password=password,
        busy=entry.busy,
    )
    return Deletion(dialog if step else None, lambda: set_step(EXPLAIN))


@ft.component
def MyDataScreen():
    deps, t = use_deps(), use_t()
    store = use_store(deps.my_data)
    deletion = use_deletion(store, t)
    picker = use_once(ft.FilePicker)  # a device service: keep the reference

    async def download() -> None:
        data = await store.export()
        if data is None:
            return
        name = export_file_name(date.today())
        # src_bytes: the web and phones write the file themselves; desktop writes the bytes
        # to the path the user chose
        path = await picker.save_file(
            dialog_title=t("data.download"), file_name=name, src_bytes=data
        )
        if path or ft.context.page.web:
            store.saved(name, len(data))

    ft.use_dialog(deletion.dialog)
    body = sections(t, store.busy, download, deletion.ask)
    body[4:4] = status_rows(t, store, "data", busy_key="common.please_wait", notice_id=NOTICE)
    return screen(ft.use_view_path(), t("data.title"), body)
