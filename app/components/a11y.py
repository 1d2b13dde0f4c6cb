"""Components layer: stable semantics identifiers and accessible names for controls."""

import flet as ft


def with_id(control: ft.Control, identifier: str, label: str | None = None) -> ft.Semantics:
    """Wrap `control` in a Semantics node with a stable identifier (web: flt-semantics-identifier).

    `label` names controls that have no visible text of their own (icon buttons).
    The inner control gets the same value as its `key`, so tests can find it too.
    """
    control.key = identifier
    return ft.Semantics(identifier=identifier, label=label, content=control)


def full_width(control: ft.Control, identifier: str, label: str | None = None) -> ft.Semantics:
    """`with_id` for a control that should fill the row (dropdowns): `expand` only works on a
    Row's direct child, so the Semantics node wraps the Row — the other way round the web
    client draws the control as a stray label with zero width."""
    control.key = identifier
    control.expand = True
    return ft.Semantics(identifier=identifier, label=label, content=ft.Row([control]))
