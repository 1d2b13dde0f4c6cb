"""Views layer: the login screen (NIK or staff username + password)."""

from collections.abc import Awaitable, Callable
from typing import Any

import flet as ft

from app.components.buttons import primary_button, secondary_button
from app.components.context import use_deps, use_t
from app.components.feedback import busy_indicator, message_banner
from app.components.fields import password_input, text_input
from app.components.forms import field_errors_of
from app.components.layout import screen
from app.components.navigation import go_to
from app.services.errors import AccountPendingDeletion, ApiError
from app.state.forms import FormInvalid


@ft.component
def LoginScreen():
    deps, t = use_deps(), use_t()
    login, set_login = ft.use_state("")
    password, set_password = ft.use_state("")
    no_errors: dict[str, str] = {}
    no_banner: str | None = None
    errors, set_errors = ft.use_state(no_errors)
    banner, set_banner = ft.use_state(no_banner)
    busy, set_busy = ft.use_state(False)
    shown, set_shown = ft.use_state(False)
    # the right password on an account waiting for deletion: offer to take it back
    pending, set_pending = ft.use_state(False)

    async def attempt(action: Callable[[str, str], Awaitable[Any]], password_now: str) -> None:
        set_busy(True)
        set_banner(None)
        try:
            await action(login, password_now)
        except (FormInvalid, ApiError) as exc:
            fields, message = field_errors_of(exc, t)
            set_errors(fields)
            set_banner(message)
            set_pending(isinstance(exc, AccountPendingDeletion))
        finally:
            set_busy(False)

    async def send(password_now: str) -> None:
        await attempt(deps.auth.login, password_now)

    async def cancel_deletion() -> None:
        await attempt(deps.auth.cancel_deletion, password)

    async def submit() -> None:
        await send(password)

    async def submit_on_enter(e: ft.Event[ft.TextField]) -> None:
        await send(e.control.value or "")  # the field's own value: no stale render state

    body: list[ft.Control] = [
        text_input(
            "login-login",
            t("login.login"),
            login,
            lambda e: set_login(e.control.value or ""),
            error=errors.get("login"),
            hint=t("login.login_hint"),
        ),
        password_input(
            "login-password",
            t("login.password"),
            password,
            lambda e: set_password(e.control.value or ""),
            shown=shown,
            on_toggle=lambda: set_shown(not shown),
            show_label=t("common.show_password"),
            hide_label=t("common.hide_password"),
            error=errors.get("password"),
            on_submit=submit_on_enter,  # Enter on the keyboard logs in
        ),
    ]
    if banner:
        body.append(message_banner("login-error", banner))
    if busy:
        body.append(busy_indicator(t("login.sending")))
    if pending:
        body.append(
            primary_button(
                "login-cancel-deletion", t("login.cancel_deletion"), cancel_deletion, disabled=busy
            )
        )
    body += [
        primary_button("login-submit", t("login.submit"), submit, disabled=busy),
        secondary_button("login-to-register", t("login.no_account"), go_to("/register")),
    ]
    return screen(ft.use_view_path(), t("login.title"), body)
