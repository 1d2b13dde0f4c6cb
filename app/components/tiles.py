"""Components layer: feature tiles for the home screens ("Segera hadir" placeholders)."""

from collections.abc import Callable
from typing import Any

import flet as ft

from app.components.style import BODY_SIZE, SMALL_SIZE


def coming_soon_tile(identifier: str, icon: ft.IconData, title: str, badge: str) -> ft.Semantics:
    """A card for a feature a later release delivers; read out as "title, badge"."""
    card = ft.Card(
        content=ft.Container(
            content=ft.Column(
                [
                    ft.Icon(icon, size=36),
                    ft.Text(title, size=BODY_SIZE, weight=ft.FontWeight.W_600),
                    ft.Container(
                        content=ft.Text(badge, size=SMALL_SIZE),
                        bgcolor=ft.Colors.TERTIARY_CONTAINER,
                        border_radius=8,
                        padding=ft.Padding.symmetric(horizontal=8, vertical=4),
                    ),
                ],
                spacing=8,
            ),
            padding=16,
        ),
    )
    card.key = identifier
    return ft.Semantics(identifier=identifier, label=f"{title}, {badge}", content=card)


def tile_grid(tiles: list[ft.Control]) -> ft.ResponsiveRow:
    """Two tiles per row on phones, three on wider screens."""
    cells: list[ft.Control] = [ft.Container(content=t, col={"xs": 6, "md": 4}) for t in tiles]
    return ft.ResponsiveRow(cells, spacing=8, run_spacing=8)


def nav_tile(
    identifier: str, icon: ft.IconData, title: str, on_click: Callable[..., Any]
) -> ft.Semantics:
    """A card that opens a feature screen; the whole card is the (large) touch target."""
    card = ft.Card(
        content=ft.Container(
            content=ft.Column(
                [
                    ft.Icon(icon, size=36, color=ft.Colors.PRIMARY),
                    ft.Text(title, size=BODY_SIZE, weight=ft.FontWeight.W_600),
                ],
                spacing=8,
            ),
            padding=16,
            on_click=on_click,
            ink=True,
            border_radius=12,
        ),
    )
    card.key = identifier
    return ft.Semantics(identifier=identifier, label=title, button=True, content=card)
