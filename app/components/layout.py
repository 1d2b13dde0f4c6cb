"""Components layer: the screen frame every view uses (app bar, scrollable padded column, the
offline-mode banner on top)."""

import flet as ft

from app.components.offline import OfflineBanner
from app.components.style import GAP, TITLE_SIZE


def screen(
    route: str,
    title: str,
    body: list[ft.Control],
    *,
    actions: list[ft.Control] | None = None,
    show_appbar: bool = True,
) -> ft.View:
    """A View whose content scrolls and stays readable from 360 px phones to desktops. Screens
    with an app bar carry the offline banner (shown only in offline mode)."""
    column = ft.Column(
        [*_offline_banner(), *body] if show_appbar else body,
        spacing=GAP,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
    )
    frame = ft.Container(
        content=column,
        padding=ft.Padding.symmetric(horizontal=GAP, vertical=GAP),
        col={"xs": 12, "md": 9, "lg": 6},
    )
    appbar = (
        ft.AppBar(title=ft.Text(title, size=TITLE_SIZE - 2), actions=actions or None)
        if show_appbar
        else None
    )
    return ft.View(
        route=route,
        appbar=appbar,
        controls=[ft.ResponsiveRow([frame], alignment=ft.MainAxisAlignment.CENTER)],
        scroll=ft.ScrollMode.AUTO,
        padding=0,
    )


def _offline_banner() -> list[ft.Control]:
    """The banner component (it reads the session); a frame built outside a render, as in a
    builder's unit test, has no session to show."""
    try:
        return [OfflineBanner()]
    except RuntimeError:  # flet: "No current renderer is set"
        return []


def heading(text: str, *, size: int = TITLE_SIZE) -> ft.Text:
    return ft.Text(text, size=size, weight=ft.FontWeight.BOLD)
