"""Views layer: the citizen registration screen; logs in and lands on home when it succeeds."""

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime

import flet as ft

from app.components.buttons import icon_button, primary_button, secondary_button
from app.components.context import Translate, use_deps, use_t
from app.components.feedback import busy_indicator, message_banner
from app.components.fields import password_input, radio_choice, text_input
from app.components.forms import field_errors_of
from app.components.layout import screen
from app.components.navigation import go_to
from app.services.errors import ApiError
from app.state.forms import FormInvalid, RegisterForm, format_birth_date, parse_birth_date

Handler = Callable[..., object]


def _birth_picker(
    t: Translate, form: RegisterForm, on_pick: Handler, on_dismiss: Handler
) -> ft.DatePicker:
    today = date.today()
    current = parse_birth_date(form.birth_date)
    return ft.DatePicker(
        first_date=datetime(today.year - 130, 1, 1),
        last_date=datetime(today.year, today.month, today.day),
        value=datetime(current.year, current.month, current.day) if current else None,
        help_text=t("register.birth_date"),
        cancel_text=t("common.cancel"),
        confirm_text=t("common.ok"),
        on_change=on_pick,
        on_dismiss=on_dismiss,
    )


@ft.component
def RegisterScreen():
    deps, t = use_deps(), use_t()
    form, set_form = ft.use_state(RegisterForm())
    no_errors: dict[str, str] = {}
    no_banner: str | None = None
    errors, set_errors = ft.use_state(no_errors)
    banner, set_banner = ft.use_state(no_banner)
    busy, set_busy = ft.use_state(False)
    shown, set_shown = ft.use_state(False)
    picking, set_picking = ft.use_state(False)

    def set_value(name: str, value: str) -> None:
        set_form(lambda f: replace(f, **{name: value}))
        set_errors(lambda errs: {k: v for k, v in errs.items() if k != name})

    def on_change(name: str) -> Handler:
        return lambda e: set_value(name, e.control.value or "")

    def on_pick(e: ft.Event[ft.DatePicker]) -> None:
        picked = e.control.value
        if isinstance(picked, datetime):
            picked = picked.date()
        if picked:
            set_value("birth_date", format_birth_date(picked))
        set_picking(False)

    async def submit() -> None:
        set_busy(True)
        set_banner(None)
        try:
            await deps.auth.register(form)
        except (FormInvalid, ApiError) as exc:
            fields, message = field_errors_of(exc, t)
            set_errors(fields)
            set_banner(message)
        finally:
            set_busy(False)

    ft.use_dialog(_birth_picker(t, form, on_pick, lambda: set_picking(False)) if picking else None)
    err = errors.get
    body: list[ft.Control] = [
        ft.Text(t("register.intro"), size=18),
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
                "register-birth-date-picker",
                ft.Icons.CALENDAR_MONTH,
                t("register.pick_date"),
                lambda: set_picking(True),
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
            shown=shown,
            on_toggle=lambda: set_shown(not shown),
            show_label=t("common.show_password"),
            hide_label=t("common.hide_password"),
            error=err("password") or None,
        ),
        ft.Text(t("register.password_hint"), size=16),
    ]
    if banner:
        body.append(message_banner("register-error", banner))
    if busy:
        body.append(busy_indicator(t("register.sending")))
    body += [
        primary_button("register-submit", t("register.submit"), submit, disabled=busy),
        secondary_button("register-to-login", t("register.have_account"), go_to("/login")),
    ]
    return screen(ft.use_view_path(), t("register.title"), body)
