"""Components layer: labelled form fields that show errors under themselves (error=)."""

from collections.abc import Callable
from typing import Any

import flet as ft

from app.components.a11y import with_id
from app.components.buttons import icon_button
from app.components.style import BODY_SIZE, SMALL_SIZE

Handler = Callable[..., Any] | None


def text_input(
    identifier: str,
    label: str,
    value: str,
    on_change: Handler,
    *,
    error: str | None = None,
    hint: str | None = None,
    keyboard: ft.KeyboardType = ft.KeyboardType.TEXT,
    max_length: int | None = None,
    suffix: ft.Control | None = None,
    password: bool = False,
    disabled: bool = False,
    on_submit: Handler = None,
) -> ft.Semantics:
    """A TextField whose label is its accessible name (web: <input aria-label=label>)."""
    field = ft.TextField(
        label=label,
        value=value,
        on_change=on_change,
        on_submit=on_submit,
        error=error or None,
        hint_text=hint,
        keyboard_type=keyboard,
        max_length=max_length,
        password=password,
        suffix=suffix,
        disabled=disabled,
        text_size=BODY_SIZE,
        label_style=ft.TextStyle(size=BODY_SIZE),
        error_style=ft.TextStyle(size=SMALL_SIZE),
        hint_style=ft.TextStyle(size=SMALL_SIZE),
        error_max_lines=3,
    )
    return with_id(field, identifier)


def password_input(
    identifier: str,
    label: str,
    value: str,
    on_change: Handler,
    *,
    shown: bool,
    on_toggle: Handler,
    show_label: str,
    hide_label: str,
    error: str | None = None,
    disabled: bool = False,
    on_submit: Handler = None,
) -> ft.Semantics:
    """Password field with our own show/hide button (id: `<identifier>-toggle`)."""
    toggle = icon_button(
        f"{identifier}-toggle",
        ft.Icons.VISIBILITY_OFF if shown else ft.Icons.VISIBILITY,
        hide_label if shown else show_label,
        on_toggle,
    )
    return text_input(
        identifier,
        label,
        value,
        on_change,
        error=error,
        password=not shown,
        suffix=toggle,
        disabled=disabled,
        on_submit=on_submit,
    )


def radio_choice(
    prefix: str,
    label: str,
    options: list[tuple[str, str]],
    value: str,
    on_change: Handler,
    *,
    error: str | None = None,
) -> ft.Column:
    """A labelled radio group; each radio gets id `prefix-value`; error text below."""
    radios: list[ft.Control] = [
        with_id(
            ft.Radio(value=v, label=text, label_style=ft.TextStyle(size=BODY_SIZE)),
            f"{prefix}-{v}",
        )
        for v, text in options
    ]
    group = ft.RadioGroup(
        content=ft.Row(radios, wrap=True), value=value or None, on_change=on_change
    )
    controls: list[ft.Control] = [ft.Text(label, size=BODY_SIZE), group]
    if error:
        controls.append(ft.Text(error, size=SMALL_SIZE, color=ft.Colors.ERROR))
    return ft.Column(controls, spacing=4)
