"""Views layer: "Ubah kata sandi": current, new and repeated password; other devices sign out."""

from dataclasses import replace
from typing import Any

import flet as ft

from app.components.buttons import primary_button
from app.components.context import Translate, use_deps, use_t
from app.components.fields import password_input
from app.components.forms import FieldError, errors_of
from app.components.layout import screen
from app.components.store_status import status_rows, use_store
from app.components.style import BODY_SIZE
from app.state.password import PasswordForm

FIELDS = (
    ("current_password", "password-current", "password.current"),
    ("new_password", "password-new", "password.new"),
    ("repeat_password", "password-repeat", "password.repeat"),
)


def password_fields(
    t: Translate,
    form: PasswordForm,
    err: FieldError,
    shown: bool,
    on_change: Any,
    on_toggle: Any,
) -> list[ft.Control]:
    return [
        password_input(
            identifier,
            t(label),
            getattr(form, name),
            lambda e, name=name: on_change(name, e.control.value or ""),
            shown=shown,
            on_toggle=on_toggle,
            show_label=t("common.show_password"),
            hide_label=t("common.hide_password"),
            error=err(name),
        )
        for name, identifier, label in FIELDS
    ]


@ft.component
def ChangePasswordScreen():
    deps, t = use_deps(), use_t()
    store = use_store(deps.password)
    form, set_form = ft.use_state(PasswordForm())  # what is being typed
    shown, set_shown = ft.use_state(False)
    ft.use_effect(store.clear, [])

    def change(name: str, value: str) -> None:
        set_form(lambda f: replace(f, **{name: value}))
        store.typed(name)

    async def submit() -> None:
        if await store.submit_form(form):
            set_form(PasswordForm())

    body: list[ft.Control] = [
        ft.Text(t("password.intro"), size=BODY_SIZE),
        *password_fields(t, form, errors_of(t, store), shown, change, lambda: set_shown(not shown)),
        *status_rows(
            t, store, "password", busy_key="common.please_wait", notice_id="password-changed"
        ),
        primary_button("password-submit", t("password.submit"), submit, disabled=store.busy),
    ]
    return screen(ft.use_view_path(), t("password.title"), body)
