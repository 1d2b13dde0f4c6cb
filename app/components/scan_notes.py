"""Components layer: what a QR check says besides its verdict — the reason a code was refused,
and that the keys used are the device's cached copy (offline); shared by Pindai QR, Periksa
Petugas and the jemput bola door check."""

import flet as ft

from app.components.context import Translate
from app.components.feedback import message_banner
from app.components.labels import known_text
from app.components.qr_scanner import clock_text
from app.state.identity import ScanStore


def problem_text(t: Translate, problem: str | None) -> str:
    return known_text(t, f"qr.problem.{problem}", t("qr.problem.generic"))


def keys_note(t: Translate, state: ScanStore) -> list[ft.Control]:
    if state.online or state.keys_at is None:
        return []
    text = t("qr.scan.keys_cached", time=clock_text(state.keys_at))
    return [message_banner("scan-offline-keys", text, error=False)]
