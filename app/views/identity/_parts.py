"""Views layer: pieces shared by the identity screens (QR verdict texts, the offline-keys note,
a centred row); builders, no I/O."""

import flet as ft

from app.components.context import Translate
from app.components.feedback import message_banner
from app.components.labels import known_text
from app.components.qr_scanner import clock_text
from app.state.identity import ScanStore


def centered(control: ft.Control) -> ft.Row:
    inner = getattr(control, "content", control)
    if isinstance(inner, ft.Text):
        inner.text_align = ft.TextAlign.CENTER
        inner.expand = True  # long lines wrap inside the row, centred
    return ft.Row([control], alignment=ft.MainAxisAlignment.CENTER)


def problem_text(t: Translate, problem: str | None) -> str:
    return known_text(t, f"qr.problem.{problem}", t("qr.problem.generic"))


def keys_note(t: Translate, state: ScanStore) -> list[ft.Control]:
    if state.online or state.keys_at is None:
        return []
    text = t("qr.scan.keys_cached", time=clock_text(state.keys_at))
    return [message_banner("scan-offline-keys", text, error=False)]
