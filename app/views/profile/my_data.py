"""Views layer: "Data Saya" (UU PDP): download all my data, request account deletion."""

from collections.abc import Callable
from datetime import date
from typing import Any

import flet as ft

from app.components.buttons import primary_button, secondary_button
from app.components.context import Translate, use_deps, use_t
from app.components.hooks import use_once
from app.components.layout import heading, screen
from app.components.store_status import status_rows, use_store
from app.components.style import BODY_SIZE
from app.state.access_log import local_time
from contracts.profile import DeletionScheduled

Handler = Callable[..., Any]
# Deletion goes through three dialogs: explain → are you sure → done (then sign out).
EXPLAIN, CONFIRM, DONE = "explain", "confirm", "done"
NOTICE = "data-download-saved"


def export_file_name(today: date) -> str:
    return f"satupintu-data-saya-{today.isoformat()}.json"


def _dialog(identifier: str, title: str, body: str, actions: list[ft.Control]) -> ft.AlertDialog:
    content = ft.Text(body, size=BODY_SIZE)
    content.key = f"{identifier}-body"
    return ft.AlertDialog(
        modal=True,
        title=ft.Text(title),
        content=ft.Semantics(identifier=f"{identifier}-body", content=content),
        actions=actions,
        key=identifier,
    )


def deletion_dialog(
    t: Translate,
    step: str,
    scheduled: DeletionScheduled | None,
    *,
    on_next: Handler,
    on_cancel: Handler,
    on_done: Handler,
) -> ft.AlertDialog:
    cancel = secondary_button("data-delete-cancel", t("common.cancel"), on_cancel)
    if step == EXPLAIN:
        go_on = primary_button("data-delete-continue", t("data.delete_continue"), on_next)
        return _dialog(
            "data-delete-explain", t("data.delete_title"), t("data.delete_rules"), [cancel, go_on]
        )
    if step == CONFIRM:
        confirm = primary_button("data-delete-confirm", t("data.delete_confirm"), on_next)
        return _dialog(
            "data-delete-sure",
            t("data.delete_sure_title"),
            t("data.delete_sure"),
            [cancel, confirm],
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


@ft.component
def MyDataScreen():
    deps, t = use_deps(), use_t()
    store = use_store(deps.my_data)
    no_step: str | None = None
    step, set_step = ft.use_state(no_step)  # which deletion dialog is open
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

    async def next_step() -> None:
        if step == EXPLAIN:
            set_step(CONFIRM)
            return
        set_step(None)
        if await store.delete_account():
            set_step(DONE)

    async def done() -> None:
        set_step(None)
        await store.finish()

    dialog = deletion_dialog(
        t,
        step or "",
        store.scheduled,
        on_next=next_step,
        on_cancel=lambda: set_step(None),
        on_done=done,
    )
    ft.use_dialog(dialog if step else None)
    body = sections(t, store.busy, download, lambda: set_step(EXPLAIN))
    body[4:4] = status_rows(t, store, "data", busy_key="common.please_wait", notice_id=NOTICE)
    return screen(ft.use_view_path(), t("data.title"), body)
