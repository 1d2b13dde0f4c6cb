"""Views layer: pieces shared by the identity screens (a centred row; the QR verdict texts and
the offline-keys note are in components/scan_notes.py); builders, no I/O."""

import flet as ft


def centered(control: ft.Control) -> ft.Row:
    inner = getattr(control, "content", control)
    if isinstance(inner, ft.Text):
        inner.text_align = ft.TextAlign.CENTER
        inner.expand = True  # long lines wrap inside the row, centred
    return ft.Row([control], alignment=ft.MainAxisAlignment.CENTER)
