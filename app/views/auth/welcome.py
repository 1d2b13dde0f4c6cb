"""Views layer: the welcome screen (Daftar / Masuk, language toggle)."""

import flet as ft

from app.components.a11y import with_id
from app.components.buttons import choice_buttons, primary_button, secondary_button
from app.components.context import use_deps, use_session, use_t
from app.components.labels import language_options
from app.components.layout import heading, screen
from app.components.navigation import go_to
from app.components.style import BODY_SIZE, GAP


@ft.component
def WelcomeScreen():
    deps, session, t = use_deps(), use_session(), use_t()
    body = [
        ft.Icon(ft.Icons.ACCOUNT_BALANCE, size=64, color=ft.Colors.PRIMARY),
        with_id(heading(t("app.name"), size=32), "welcome-title"),
        ft.Text(t("welcome.tagline"), size=BODY_SIZE),
        ft.Container(height=GAP),
        primary_button(
            "welcome-register", t("welcome.register"), go_to("/register"), icon=ft.Icons.PERSON_ADD
        ),
        secondary_button("welcome-login", t("welcome.login"), go_to("/login"), icon=ft.Icons.LOGIN),
        ft.Container(height=GAP),
        ft.Text(t("settings.language"), size=BODY_SIZE),
        choice_buttons(
            "welcome-language", language_options(t), session.language, deps.auth.choose_language
        ),
    ]
    return screen(ft.use_view_path(), t("app.name"), body, show_appbar=False)
