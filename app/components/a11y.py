"""Components layer: stable semantics identifiers and accessible names for controls."""

import flet as ft


def with_id(control: ft.Control, identifier: str, label: str | None = None) -> ft.Semantics:
    """Wrap `control` in a Semantics node with a stable identifier (web: flt-semantics-identifier).

    `label` names controls that have no visible text of their own (icon buttons).
    The inner control gets the same value as its `key`, so tests can find it too.
    """
    control.key = identifier
    return ft.Semantics(identifier=identifier, label=label, content=control)
