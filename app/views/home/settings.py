"""Views layer: settings: language (kept on the device), change password, log out (confirmed
when applications still wait in the outbox: sign-out wipes it), log out of all devices
(always confirmed)."""

from collections.abc import Awaitable, Callable
from typing import Any

import flet as ft

from app.components.buttons import Handler, choice_buttons, primary_button, secondary_button
from app.components.context import Translate, error_text, use_deps, use_session, use_t
from app.components.feedback import busy_indicator, message_banner
from app.components.labels import language_options
from app.components.layout import heading, screen
from app.components.navigation import go_to
from app.components.style import BODY_SIZE
from app.services.errors import ApiError


def confirm_dialog(
    t: Translate,
    everywhere: bool,
    waiting: int,
    on_confirm: Callable[[], Any],
    on_cancel: Callable[[], Any],
) -> ft.AlertDialog:
    """ "Keluar dari semua perangkat?" or "Keluar sekarang?", warning first when applications
    still wait in the outbox (they are deleted from the device at sign-out)."""
    prefix = "settings-logout-all" if everywhere else "settings-logout"
    title = "settings.logout_all_confirm_title" if everywhere else "settings.logout_confirm_title"
    lines: list[ft.Control] = []
    if waiting:
        warning = t("settings.logout_outbox_warning", count=waiting)
        lines.append(message_banner("settings-logout-outbox-warning", warning))
    if everywhere:
        lines.append(ft.Text(t("settings.logout_all_confirm_body"), size=BODY_SIZE))
    action = t("settings.logout_all") if everywhere else t("settings.logout")
    return ft.AlertDialog(
        modal=True,
        title=ft.Text(t(title)),
        content=ft.Column(lines, tight=True, spacing=12),
        actions=[
            secondary_button(f"{prefix}-cancel", t("common.cancel"), on_cancel),
            primary_button(f"{prefix}-confirm", action, on_confirm),
        ],
    )


def account_buttons(
    t: Translate, view_path: str, busy: bool, logout: Handler, logout_all: Handler
) -> list[ft.Control]:
    return [
        secondary_button(
            "settings-change-password",
            t("password.title"),
            go_to(f"{view_path}/password"),
            disabled=busy,
            icon=ft.Icons.PASSWORD,
        ),
        primary_button(
            "settings-logout", t("settings.logout"), logout, disabled=busy, icon=ft.Icons.LOGOUT
        ),
        secondary_button(
            "settings-logout-all",
            t("settings.logout_all"),
            logout_all,
            disabled=busy,
            icon=ft.Icons.DEVICES,
        ),
        ft.Text(t("settings.logout_all_help"), size=16),
    ]


def language_section(t: Translate, language: str, choose: Callable[[str], Any]) -> list[ft.Control]:
    """The choice is kept on the device (not personal: it survives a sign-out)."""
    options = language_options(t)
    return [
        heading(t("settings.language"), size=20),
        choice_buttons("settings-language", options, language, choose),
    ]


def status_section(
    t: Translate, memory_only: bool, banner: str | None, busy: bool
) -> list[ft.Control]:
    rows: list[ft.Control] = []
    if memory_only:
        notice = t("settings.memory_store")
        rows.append(message_banner("settings-memory-notice", notice, error=False))
    if banner:
        rows.append(message_banner("settings-error", banner))
    if busy:
        rows.append(busy_indicator(t("common.please_wait")))
    return rows


def use_waiting_applications() -> int:
    """How many applications and jemput bola requests the outbox still holds (re-rendered
    when it changes)."""
    hub = use_deps().applications
    apps = ft.use_state(hub.sender.view)[0]
    visits = ft.use_state(hub.visits.view)[0]

    async def load() -> None:
        await hub.sender.load()
        await hub.visits.load()

    ft.use_effect(load, [])
    return len(apps.entries) + len(visits.entries)


@ft.component
def SettingsScreen():
    deps, session, t = use_deps(), use_session(), use_t()
    busy, set_busy = ft.use_state(False)
    no_banner: str | None = None
    banner, set_banner = ft.use_state(no_banner)
    no_dialog: str | None = None
    confirming, set_confirming = ft.use_state(no_dialog)  # "logout" or "logout_all"
    waiting = use_waiting_applications()

    async def run(action: Callable[[], Awaitable[None]]) -> None:
        set_confirming(None)
        set_busy(True)
        set_banner(None)
        try:
            await action()
        except ApiError as exc:
            set_banner(error_text(exc, t))
        finally:
            set_busy(False)

    async def logout() -> None:
        await run(deps.auth.logout)

    async def logout_all() -> None:
        await run(deps.auth.logout_all)

    async def ask_logout() -> None:
        if waiting:
            set_confirming("logout")
        else:
            await logout()

    def ask_all() -> None:
        set_confirming("logout_all")

    everywhere = confirming == "logout_all"
    dialog = confirm_dialog(
        t, everywhere, waiting, logout_all if everywhere else logout, lambda: set_confirming(None)
    )
    ft.use_dialog(dialog if confirming else None)
    body = [
        *language_section(t, session.language, deps.auth.choose_language),
        heading(t("settings.account"), size=20),
        *status_section(t, deps.auth.tokens.kind == "memory", banner, busy),
        *account_buttons(t, ft.use_view_path(), busy, ask_logout, ask_all),
    ]
    return screen(ft.use_view_path(), t("settings.title"), body)
