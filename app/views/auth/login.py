"""Views layer: the login screen (NIK or staff username + password)."""

from collections.abc import Callable
from typing import Any

import flet as ft

from app.components.buttons import primary_button, secondary_button
from app.components.context import Translate, use_deps, use_t
from app.components.fields import password_input, text_input
from app.components.forms import errors_of
from app.components.layout import screen
from app.components.navigation import go_to
from app.components.store_status import status_rows, use_store
from app.state.auth_form import AuthFormStore

Handler = Callable[..., Any]


def login_fields(
    t: Translate, store: AuthFormStore, values: tuple[str, str], on_change: Handler, **password: Any
) -> list[ft.Control]:
    """The login and the password; `password` carries the show/hide toggle and Enter."""
    login, secret = values
    err = errors_of(t, store)
    return [
        text_input(
            "login-login",
            t("login.login"),
            login,
            on_change("login"),
            error=err("login"),
            hint=t("login.login_hint"),
        ),
        password_input(
            "login-password",
            t("login.password"),
            secret,
            on_change("password"),
            show_label=t("common.show_password"),
            hide_label=t("common.hide_password"),
            error=err("password"),
            **password,
        ),
    ]


def login_buttons(
    t: Translate, store: AuthFormStore, submit: Handler, cancel: Handler
) -> list[ft.Control]:
    """ "Batalkan penghapusan" when the right password met an account waiting for erasure."""
    buttons: list[ft.Control] = []
    if store.pending_deletion:
        buttons.append(
            primary_button(
                "login-cancel-deletion", t("login.cancel_deletion"), cancel, disabled=store.busy
            )
        )
    return [
        *buttons,
        primary_button("login-submit", t("login.submit"), submit, disabled=store.busy),
        secondary_button("login-to-register", t("login.no_account"), go_to("/register")),
    ]


@ft.component
def LoginScreen():
    deps, t = use_deps(), use_t()
    store = use_store(deps.auth_form)
    login, set_login = ft.use_state("")
    password, set_password = ft.use_state("")
    shown, set_shown = ft.use_state(False)
    ft.use_effect(store.clear, [])
    setters = {"login": set_login, "password": set_password}

    def on_change(name: str) -> Handler:
        return lambda e: setters[name](e.control.value or "")

    async def submit() -> None:
        await store.login(login, password)

    async def submit_on_enter(e: ft.Event[ft.TextField]) -> None:
        await store.login(login, e.control.value or "")  # the field's own value: not stale

    async def cancel_deletion() -> None:
        await store.cancel_deletion(login, password)

    toggle = {"shown": shown, "on_toggle": lambda: set_shown(not shown)}
    values = (login, password)
    body = login_fields(t, store, values, on_change, on_submit=submit_on_enter, **toggle)
    body += status_rows(t, store, "login", busy_key="login.sending")
    body += login_buttons(t, store, submit, cancel_deletion)
    return screen(ft.use_view_path(), t("login.title"), body)
