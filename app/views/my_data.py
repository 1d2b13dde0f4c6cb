"""Views layer: "Data Saya" (UU PDP): download all my data, request account deletion (the
last step asks for the password again)."""

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import flet as ft

from app.components.buttons import primary_button, secondary_button
from app.components.feedback import busy_indicator, message_banner
from app.components.fields import password_input
from app.components.layout import heading, screen
from app.components.style import BODY_SIZE
from app.services.errors import ApiError, ValidationFailed
from app.services.profile_api import export_data, request_deletion
from app.state.access_log import local_time
from app.views.context import Translate, error_text, use_deps, use_guarded, use_t
from contracts.profile import DeletionScheduled

Handler = Callable[..., Any]
# Deletion goes through three dialogs: explain → are you sure (with the password) → done
# (then sign out).
EXPLAIN, CONFIRM, DONE = "explain", "confirm", "done"


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
    entry, set_entry = ft.use_state(PasswordEntry())

    async def call(action: Callable[[], Any], on_error: Handler | None = None) -> None:
        set_notice(None)
        await guard.run(action, on_error)

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
        if not entry.value:
            set_entry(replace(entry, error=t("field.required")))
            return

        async def send() -> None:
            set_entry(lambda e: replace(e, busy=True, error=None))
            try:
                set_scheduled(await request_deletion(deps.auth.api, entry.value))
            except ValidationFailed as exc:  # a wrong password: say so beside the field
                message = exc.fields.get("password") or error_text(exc, t)
                set_entry(lambda e: replace(e, busy=False, error=message))
                return
            set_entry(PasswordEntry())
            set_step(DONE)

        async def close(_exc: ApiError) -> None:
            set_entry(PasswordEntry())
            set_step(None)

        await call(send, on_error=close)

    def cancel() -> None:
        set_entry(PasswordEntry())
        set_step(None)

    async def signed_out() -> None:
        set_step(None)
        await deps.auth.session_expired()  # the server has already revoked every session

    async def next_step() -> None:
        if step == EXPLAIN:
            set_step(CONFIRM)
        else:
            await delete()

    password = password_field(
        t,
        entry,
        lambda e: set_entry(lambda en: replace(en, value=e.control.value or "", error=None)),
        lambda: set_entry(lambda en: replace(en, shown=not en.shown)),
    )
    ft.use_dialog(
        deletion_dialog(
            t,
            step,
            scheduled,
            on_next=next_step,
            on_cancel=cancel,
            on_done=signed_out,
            password=password,
            busy=entry.busy,
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
