"""Components layer: the full-screen QR, verification badge and green/red verdict cards."""

from collections.abc import Sequence

import flet as ft

from app.components.a11y import with_id
from app.components.style import BODY_SIZE, SMALL_SIZE, TITLE_SIZE

QR_MAX_SIDE = 420  # fills a 360 px phone edge to edge, stays scannable on a desktop


def qr_image(identifier: str, png: bytes, label: str) -> ft.Semantics:
    """The QR on a white card with a black border-free quiet zone: maximum contrast."""
    image = ft.Image(
        src=png,
        fit=ft.BoxFit.CONTAIN,
        filter_quality=ft.FilterQuality.NONE,  # keep module edges crisp when scaled
        semantics_label=label,
        width=QR_MAX_SIDE,
        height=QR_MAX_SIDE,
    )
    box = ft.Container(
        content=image,
        bgcolor=ft.Colors.WHITE,
        alignment=ft.Alignment.CENTER,
        padding=0,
    )
    wrapped = with_id(box, identifier, label)
    wrapped.image = True
    return wrapped


def verified_badge(identifier: str, verified: bool, text: str) -> ft.Semantics:
    icon = ft.Icons.VERIFIED if verified else ft.Icons.HELP_OUTLINE
    chip = ft.Container(
        content=ft.Row(
            [ft.Icon(icon, size=22), ft.Text(text, size=SMALL_SIZE, weight=ft.FontWeight.W_600)],
            spacing=6,
            tight=True,
        ),
        bgcolor=ft.Colors.GREEN_100 if verified else ft.Colors.AMBER_100,
        border_radius=16,
        padding=ft.Padding.symmetric(horizontal=12, vertical=6),
    )
    return with_id(chip, identifier, text)


def verdict_card(
    identifier: str, ok: bool, title: str, lines: Sequence[ft.Control], *, warn: bool = False
) -> ft.Semantics:
    """Green with a check for a trusted QR, red with a cross otherwise, dark orange with a
    warning sign for a genuine card that is still not the one expected; read out at once."""
    icon = ft.Icons.CHECK_CIRCLE if ok else ft.Icons.CANCEL
    colour = ft.Colors.GREEN_800 if ok else ft.Colors.RED_800
    if warn:
        icon, colour = ft.Icons.WARNING_AMBER, ft.Colors.DEEP_ORANGE_900
    box = ft.Container(
        content=ft.Column(
            [
                ft.Row(
                    [
                        ft.Icon(icon, size=40, color=ft.Colors.WHITE),
                        ft.Text(
                            title,
                            size=TITLE_SIZE,
                            weight=ft.FontWeight.BOLD,
                            color=ft.Colors.WHITE,
                            expand=True,
                        ),
                    ],
                    spacing=12,
                ),
                *lines,
            ],
            spacing=8,
        ),
        bgcolor=colour,
        border_radius=16,
        padding=20,
    )
    box.key = identifier
    return ft.Semantics(identifier=identifier, live_region=True, content=box)


def card_text(text: str, *, bold: bool = False) -> ft.Text:
    """White body text for verdict cards (contrast ≥ 7:1 on the green, red and orange)."""
    weight = ft.FontWeight.W_600 if bold else ft.FontWeight.NORMAL
    return ft.Text(text, size=BODY_SIZE, color=ft.Colors.WHITE, weight=weight)
