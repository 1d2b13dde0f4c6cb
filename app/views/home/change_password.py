"""Views layer: "Ubah kata sandi": current, new and repeated password; other devices sign out."""

from dataclasses import replace
from typing import Any

import flet as ft

from app.components.buttons import primary_button
from app.components.context import Translate, use_deps, use_t
from app.components.feedback import busy_indicator, message_banner
from app.components.fields import password_input
from app.components.forms import field_errors_of
from app.components.layout import screen
from app.components.style import BODY_SIZE
from app.services.errors import ApiError, AuthExpiredError
from app.state.forms import FormInvalid
from app.state.password import PasswordForm

FIELDS = (
    ("current_password", "password-current", "password.current"),
    ("new_password", "password-new", "password.new"),
    ("repeat_password", "password-repeat", "password.repeat"),
)


def password_fields(
    t: Translate,
    form: PasswordForm,
    errors: dict[str, str],
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
            error=errors.get(name),
        )
        for name, identifier, label in FIELDS
    ]


@ft.component
def ChangePasswordScreen():
    deps, t = use_deps(), use_t()
    form, set_form = ft.use_state(PasswordForm())
    no_errors: dict[str, str] = {}
    no_text: str | None = None
    errors, set_errors = ft.use_state(no_errors)
    banner, set_banner = ft.use_state(no_text)
    done, set_done = ft.use_state(False)
    busy, set_busy = ft.use_state(False)
    shown, set_shown = ft.use_state(False)

    def change(name: str, value: str) -> None:
        set_form(lambda f: replace(f, **{name: value}))
        set_errors(lambda errs: {k: v for k, v in errs.items() if k != name})
        set_done(False)

    async def submit() -> None:
        set_busy(True)
        set_banner(None)
        try:
            await deps.auth.change_password(form)
        except AuthExpiredError:
            await deps.auth.session_expired()
        except (FormInvalid, ApiError) as exc:
            fields, message = field_errors_of(exc, t)
            set_errors(fields)
            set_banner(message)
        else:
            set_form(PasswordForm())
            set_errors({})
            set_done(True)
        finally:
            set_busy(False)

    body: list[ft.Control] = [
        ft.Text(t("password.intro"), size=BODY_SIZE),
        *password_fields(t, form, errors, shown, change, lambda: set_shown(not shown)),
    ]
    if banner:
        body.append(message_banner("password-error", banner))
    if done:
        body.append(message_banner("password-changed", t("password.changed"), error=False))
    if busy:
        body.append(busy_indicator(t("common.please_wait")))
    body.append(primary_button("password-submit", t("password.submit"), submit, disabled=busy))
    return screen(ft.use_view_path(), t("password.title"), body)
