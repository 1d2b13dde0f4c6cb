"""Components layer: sizes and colours shared by every screen (large, readable, touchable)."""

import flet as ft

BODY_SIZE = 18  # readable type: never below 16
SMALL_SIZE = 16
TITLE_SIZE = 24
BUTTON_HEIGHT = 56  # touch targets ≥ 48 px
ICON_SIZE = 28
GAP = 16
SEED = ft.Colors.TEAL


def theme() -> ft.Theme:
    return ft.Theme(
        color_scheme_seed=SEED,
        text_theme=ft.TextTheme(
            body_large=ft.TextStyle(size=BODY_SIZE),
            body_medium=ft.TextStyle(size=BODY_SIZE),
            body_small=ft.TextStyle(size=SMALL_SIZE),
            label_large=ft.TextStyle(size=BODY_SIZE),
            title_large=ft.TextStyle(size=TITLE_SIZE),
        ),
    )
