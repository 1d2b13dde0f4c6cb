"""Components layer: busy indicator and message banners (errors, notices)."""

import flet as ft

from app.components.style import BODY_SIZE


def busy_indicator(label: str) -> ft.Row:
    return ft.Row(
        [
            ft.ProgressRing(width=28, height=28, semantics_label=label),
            ft.Text(label, size=BODY_SIZE),
        ],
        spacing=12,
    )


def message_banner(identifier: str, text: str, *, error: bool = True) -> ft.Semantics:
    """A coloured box with a message; announced politely to screen readers (live region)."""
    icon = ft.Icons.ERROR_OUTLINE if error else ft.Icons.INFO_OUTLINE
    box = ft.Container(
        content=ft.Row(
            [ft.Icon(icon), ft.Text(text, size=BODY_SIZE, expand=True)],
            spacing=12,
        ),
        bgcolor=ft.Colors.ERROR_CONTAINER if error else ft.Colors.SECONDARY_CONTAINER,
        border_radius=12,
        padding=16,
    )
    box.key = identifier
    return ft.Semantics(identifier=identifier, live_region=True, content=box)
