"""Views layer: settings: language, change password, log out, log out of all devices (with
confirmation)."""

from collections.abc import Awaitable, Callable
from typing import Any

import flet as ft

from app.components.buttons import choice_buttons, primary_button, secondary_button
from app.components.context import Translate, error_text, use_deps, use_session, use_t
from app.components.feedback import busy_indicator, message_banner
from app.components.labels import language_options
from app.components.layout import heading, screen
from app.components.navigation import go_to
from app.components.style import BODY_SIZE
from app.services.errors import ApiError


def confirm_dialog(
    t: Translate, on_confirm: Callable[[], Any], on_cancel: Callable[[], Any]
) -> ft.AlertDialog:
    return ft.AlertDialog(
        modal=True,
        title=ft.Text(t("settings.logout_all_confirm_title")),
        content=ft.Text(t("settings.logout_all_confirm_body"), size=BODY_SIZE),
        actions=[
            secondary_button("settings-logout-all-cancel", t("common.cancel"), on_cancel),
            primary_button("settings-logout-all-confirm", t("settings.logout_all"), on_confirm),
        ],
    )


@ft.component
def SettingsScreen():
    deps, session, t = use_deps(), use_session(), use_t()
    busy, set_busy = ft.use_state(False)
    no_banner: str | None = None
    banner, set_banner = ft.use_state(no_banner)
    confirming, set_confirming = ft.use_state(False)

    async def run(action: Callable[[], Awaitable[None]]) -> None:
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
        set_confirming(False)
        await run(deps.auth.logout_all)

    ft.use_dialog(
        confirm_dialog(t, logout_all, lambda: set_confirming(False)) if confirming else None
    )
    body: list[ft.Control] = [
        heading(t("settings.language"), size=20),
        choice_buttons(
            "settings-language", language_options(t), session.language, deps.auth.set_language
        ),
        heading(t("settings.account"), size=20),
    ]
    if deps.auth.tokens.kind == "memory":
        body.append(
            message_banner("settings-memory-notice", t("settings.memory_store"), error=False)
        )
    if banner:
        body.append(message_banner("settings-error", banner))
    if busy:
        body.append(busy_indicator(t("common.please_wait")))
    body += [
        secondary_button(
            "settings-change-password",
            t("password.title"),
            go_to(f"{ft.use_view_path()}/password"),
            disabled=busy,
            icon=ft.Icons.PASSWORD,
        ),
        primary_button(
            "settings-logout", t("settings.logout"), logout, disabled=busy, icon=ft.Icons.LOGOUT
        ),
        secondary_button(
            "settings-logout-all",
            t("settings.logout_all"),
            lambda: set_confirming(True),
            disabled=busy,
            icon=ft.Icons.DEVICES,
        ),
        ft.Text(t("settings.logout_all_help"), size=16),
    ]
    return screen(ft.use_view_path(), t("settings.title"), body)
