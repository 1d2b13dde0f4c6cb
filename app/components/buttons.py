"""Components layer: large, labelled buttons with stable semantics identifiers."""

import inspect
from collections.abc import Callable
from typing import Any

import flet as ft

from app.components.a11y import with_id
from app.components.style import BODY_SIZE, BUTTON_HEIGHT, ICON_SIZE

Handler = Callable[..., Any] | None


def primary_button(
    identifier: str,
    text: str,
    on_click: Handler,
    *,
    disabled: bool = False,
    icon: ft.IconData | None = None,
) -> ft.Semantics:
    button = ft.FilledButton(
        content=ft.Text(text, size=BODY_SIZE, weight=ft.FontWeight.W_600),
        icon=icon,
        on_click=on_click,
        disabled=disabled,
        height=BUTTON_HEIGHT,
    )
    return with_id(button, identifier)


def secondary_button(
    identifier: str,
    text: str,
    on_click: Handler,
    *,
    disabled: bool = False,
    icon: ft.IconData | None = None,
) -> ft.Semantics:
    button = ft.OutlinedButton(
        content=ft.Text(text, size=BODY_SIZE),
        icon=icon,
        on_click=on_click,
        disabled=disabled,
        height=BUTTON_HEIGHT,
    )
    return with_id(button, identifier)


def icon_button(identifier: str, icon: ft.IconData, label: str, on_click: Handler) -> ft.Semantics:
    """An icon-only button: the tooltip and semantics label give it an accessible name."""
    button = ft.IconButton(
        icon=icon,
        icon_size=ICON_SIZE,
        tooltip=label,
        on_click=on_click,
        width=BUTTON_HEIGHT,
        height=BUTTON_HEIGHT,
    )
    return with_id(button, identifier, label)


def choice_buttons(
    prefix: str, options: list[tuple[str, str]], selected: str, on_select: Callable[[str], Any]
) -> ft.Row:
    """One button per option (value, text); the selected one is filled. Ids: prefix-value.
    `on_select` may be async (e.g. a store action): it is then awaited."""
    buttons: list[ft.Control] = []
    for value, text in options:
        make = primary_button if value == selected else secondary_button
        buttons.append(make(f"{prefix}-{value}", text, _select(on_select, value)))
    return ft.Row(buttons, wrap=True, spacing=8, run_spacing=8)


def _select(on_select: Callable[[str], Any], value: str) -> Callable[[], Any]:
    if inspect.iscoroutinefunction(on_select):

        async def chosen() -> None:
            await on_select(value)

        return chosen
    return lambda: on_select(value)
