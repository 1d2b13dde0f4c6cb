"""Views layer: the content shown for an unknown route (the Router wraps it in a View)."""

import flet as ft

from app.components.buttons import primary_button
from app.components.context import use_t
from app.components.layout import heading
from app.components.navigation import go_to
from app.components.style import BODY_SIZE, GAP


@ft.component
def NotFoundScreen():
    t = use_t()
    body = [
        heading(t("not_found.title")),
        ft.Text(t("not_found.body"), size=BODY_SIZE),
        primary_button("not-found-home", t("not_found.home"), go_to("/")),
    ]
    return ft.Container(ft.Column(body, spacing=GAP), padding=GAP)
