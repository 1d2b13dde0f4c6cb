"""Views layer: "Data Saya" (UU PDP): download all my data, request account deletion."""

from collections.abc import Callable
from datetime import date
from typing import Any

import flet as ft

from app.components.buttons import primary_button, secondary_button
from app.components.context import Translate, use_deps, use_guarded, use_t
from app.components.feedback import busy_indicator, message_banner
from app.components.layout import heading, screen
from app.components.style import BODY_SIZE
from app.services.profile_api import export_data, request_deletion
from app.state.access_log import local_time
from contracts.profile import DeletionScheduled

Handler = Callable[..., Any]
# Deletion goes through three dialogs: explain → are you sure → done (then sign out).
EXPLAIN, CONFIRM, DONE = "explain", "confirm", "done"


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


@ft.component
def MyDataScreen():
    deps, t = use_deps(), use_t()
    guard = use_guarded(t)
    busy, banner = guard.busy, guard.banner
    no_text: str | None = None
    notice, set_notice = ft.use_state(no_text)
    no_step: str | None = None
    step, set_step = ft.use_state(no_step)
    no_schedule: DeletionScheduled | None = None
    scheduled, set_scheduled = ft.use_state(no_schedule)

    async def call(action: Callable[[], Any]) -> None:
        set_notice(None)
        await guard.run(action)

    async def download() -> None:
        async def fetch_and_save() -> None:
            data = await export_data(deps.auth.api)
            name = export_file_name(date.today())
            picker = ft.FilePicker()
            deps.keep_alive.append(picker)  # Flet drops services nobody references
            try:
                # src_bytes: the web and phones write the file themselves; desktop writes
                # the bytes to the path the user chose
                path = await picker.save_file(
                    dialog_title=t("data.download"), file_name=name, src_bytes=data
                )
            finally:
                deps.keep_alive.remove(picker)
            if path or ft.context.page.web:
                set_notice(t("data.download_saved", name=name, size=max(1, len(data) // 1024)))

        await call(fetch_and_save)

    async def delete() -> None:
        set_step(None)

        async def send() -> None:
            set_scheduled(await request_deletion(deps.auth.api))
            set_step(DONE)

        await call(send)

    async def signed_out() -> None:
        set_step(None)
        await deps.auth.session_expired()  # the server has already revoked every session

    async def next_step() -> None:
        if step == EXPLAIN:
            set_step(CONFIRM)
        else:
            await delete()

    ft.use_dialog(
        deletion_dialog(
            t,
            step,
            scheduled,
            on_next=next_step,
            on_cancel=lambda: set_step(None),
            on_done=signed_out,
        )
        if step
        else None
    )
    body: list[ft.Control] = [
        ft.Text(t("data.intro"), size=BODY_SIZE),
        heading(t("data.download_title"), size=20),
        ft.Text(t("data.download_help"), size=BODY_SIZE),
        primary_button(
            "data-download", t("data.download"), download, disabled=busy, icon=ft.Icons.DOWNLOAD
        ),
    ]
    if notice:
        body.append(message_banner("data-download-saved", notice, error=False))
    body += [
        heading(t("data.delete_title"), size=20),
        ft.Text(t("data.delete_help"), size=BODY_SIZE),
        secondary_button(
            "data-delete",
            t("data.delete"),
            lambda: set_step(EXPLAIN),
            disabled=busy,
            icon=ft.Icons.DELETE_FOREVER,
        ),
    ]
    if banner:
        body.append(message_banner("data-error", banner))
    if busy:
        body.append(busy_indicator(t("common.please_wait")))
    return screen(ft.use_view_path(), t("data.title"), body)
