"""Views layer: the citizen registration screen; logs in and lands on home when it succeeds."""

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import flet as ft

from app.components.birth_date import birth_date_picker, picked_date
from app.components.buttons import icon_button, primary_button, secondary_button
from app.components.context import Translate, use_deps, use_t
from app.components.fields import password_input, radio_choice, text_input
from app.components.forms import FieldError, errors_of
from app.components.layout import screen
from app.components.navigation import go_to
from app.components.store_status import status_rows, use_store
from app.state.forms import RegisterForm, format_birth_date

Handler = Callable[..., Any]


def person_fields(
    t: Translate,
    form: RegisterForm,
    on_change: Callable[[str], Handler],
    err: FieldError,
    pick: Handler,
) -> list[ft.Control]:
    """NIK, name, birth date (typed or from the calendar) and sex."""
    return [
        text_input(
            "register-nik",
            t("register.nik"),
            form.nik,
            on_change("nik"),
            error=err("nik"),
            hint=t("register.nik_hint"),
            keyboard=ft.KeyboardType.NUMBER,
            max_length=16,
        ),
        text_input(
            "register-full-name",
            t("register.full_name"),
            form.full_name,
            on_change("full_name"),
            error=err("full_name"),
            hint=t("register.full_name_hint"),
            keyboard=ft.KeyboardType.NAME,
        ),
        text_input(
            "register-birth-date",
            t("register.birth_date"),
            form.birth_date,
            on_change("birth_date"),
            error=err("birth_date"),
            hint=t("register.birth_date_hint"),
            keyboard=ft.KeyboardType.DATETIME,
            suffix=icon_button(
                "register-birth-date-picker", ft.Icons.CALENDAR_MONTH, t("register.pick_date"), pick
            ),
        ),
        radio_choice(
            "register-sex",
            t("register.sex"),
            [("female", t("sex.female")), ("male", t("sex.male"))],
            form.sex,
            on_change("sex"),
            error=err("sex"),
        ),
    ]


def account_fields(
    t: Translate,
    form: RegisterForm,
    on_change: Callable[[str], Handler],
    err: FieldError,
    **toggle: Any,
) -> list[ft.Control]:
    """Phone and password (with the show/hide `toggle`)."""
    return [
        text_input(
            "register-phone",
            t("register.phone"),
            form.phone,
            on_change("phone"),
            error=err("phone"),
            hint=t("register.phone_hint"),
            keyboard=ft.KeyboardType.PHONE,
        ),
        password_input(
            "register-password",
            t("register.password"),
            form.password,
            on_change("password"),
            show_label=t("common.show_password"),
            hide_label=t("common.hide_password"),
            error=err("password"),
            **toggle,
        ),
        ft.Text(t("register.password_hint"), size=16),
    ]


@ft.component
def RegisterScreen():
    deps, t = use_deps(), use_t()
    store = use_store(deps.auth_form)
    form, set_form = ft.use_state(RegisterForm())  # what is being typed
    shown, set_shown = ft.use_state(False)
    picking, set_picking = ft.use_state(False)
    ft.use_effect(store.clear, [])

    def set_value(name: str, value: str) -> None:
        set_form(lambda f: replace(f, **{name: value}))
        store.typed(name)

    def on_change(name: str) -> Handler:
        return lambda e: set_value(name, e.control.value or "")

    def on_pick(e: ft.Event[ft.DatePicker]) -> None:
        if picked := picked_date(e):
            set_value("birth_date", format_birth_date(picked))
        set_picking(False)

    async def submit() -> None:
        await store.register(form)

    picker = birth_date_picker(t, form.birth_date, on_pick, lambda: set_picking(False))
    ft.use_dialog(picker if picking else None)
    err = errors_of(t, store)
    toggle = {"shown": shown, "on_toggle": lambda: set_shown(not shown)}
    return screen(
        ft.use_view_path(),
        t("register.title"),
        [
            ft.Text(t("register.intro"), size=18),
            *person_fields(t, form, on_change, err, lambda: set_picking(True)),
            *account_fields(t, form, on_change, err, **toggle),
            *status_rows(t, store, "register", busy_key="register.sending"),
            primary_button("register-submit", t("register.submit"), submit, disabled=store.busy),
            secondary_button("register-to-login", t("register.have_account"), go_to("/login")),
        ],
    )
