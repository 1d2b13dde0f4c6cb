"""Views layer: pieces of the profile screens (verification badge, read-only values; the region
pickers are in components/region_pickers.py)."""

from collections.abc import Callable
from typing import Any

import flet as ft

from app.components.context import Translate
from app.components.style import BODY_SIZE, SMALL_SIZE
from app.state.access_log import local_time
from contracts.profile import Profile, Verification

Handler = Callable[..., Any]


def verification_badge(t: Translate, profile: Profile) -> ft.Control:
    """Green "Terverifikasi" with who/when, or "Belum diverifikasi" with what to do."""
    if profile.verification is Verification.VERIFIED:
        detail = t("profile.verified_by", name=profile.verified_by_name or "-")
        if profile.verified_at:
            at = local_time(profile.verified_at)
            month = t(f"access.month.{at.month}")
            detail = t(
                "profile.verified_by_at",
                name=profile.verified_by_name or "-",
                date=f"{at.day} {month} {at.year}",
            )
        icon, title = ft.Icons.VERIFIED, t("profile.verified")
        colour, on_colour = ft.Colors.GREEN_700, ft.Colors.WHITE
    else:
        icon, title, detail = (
            ft.Icons.INFO_OUTLINE,
            t("profile.unverified"),
            t("profile.unverified_hint"),
        )
        colour, on_colour = ft.Colors.AMBER_100, ft.Colors.BLACK
    box = ft.Container(
        content=ft.Row(
            [
                ft.Icon(icon, color=on_colour, size=32),
                ft.Column(
                    [
                        ft.Text(title, size=BODY_SIZE, weight=ft.FontWeight.BOLD, color=on_colour),
                        ft.Text(detail, size=SMALL_SIZE, color=on_colour),
                    ],
                    spacing=4,
                    expand=True,
                ),
            ],
            spacing=12,
        ),
        bgcolor=colour,
        border_radius=12,
        padding=16,
    )
    box.key = "profile-verification"
    return ft.Semantics(identifier="profile-verification", label=f"{title}. {detail}", content=box)


def read_only(identifier: str, label: str, value: str, note: str | None = None) -> ft.Control:
    """A value the citizen cannot change here, with the reason underneath."""
    texts: list[ft.Control] = [
        ft.Text(label, size=SMALL_SIZE),
        ft.Text(value, size=BODY_SIZE, weight=ft.FontWeight.W_600),
    ]
    if note:
        texts.append(ft.Text(note, size=SMALL_SIZE, italic=True))
    column = ft.Column(texts, spacing=2)
    column.key = identifier
    return ft.Semantics(identifier=identifier, container=True, content=column)
