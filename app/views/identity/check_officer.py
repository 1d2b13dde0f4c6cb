"""Views layer: citizen "Periksa Petugas": scan an officer's credential QR and say plainly
whether the person at the door is an official officer (against fake-officer scams)."""

import flet as ft

from app.components.buttons import secondary_button
from app.components.context import Translate, use_deps, use_t
from app.components.feedback import message_banner
from app.components.labels import role_label
from app.components.layout import heading, screen
from app.components.qr import card_text, verdict_card
from app.components.qr_scanner import QrScanner, clock_text
from app.components.scan_notes import keys_note, problem_text
from app.components.store_status import use_store
from app.components.style import BODY_SIZE
from app.state.identity import ScanOutcome


def officer_verdict(t: Translate, outcome: ScanOutcome) -> ft.Control:
    claims = outcome.claims
    if claims is None:
        reason = (
            t("qr.check.wrong_kind")
            if outcome.problem == "token_wrong_kind"
            else problem_text(t, outcome.problem)
        )
        lines = [card_text(reason, bold=True), card_text(t("qr.check.invalid_advice"))]
        return verdict_card("check-result-invalid", False, t("qr.check.invalid"), lines)
    lines = [card_text(claims.name, bold=True)]
    if claims.agency_code:
        lines.append(card_text(t("qr.check.agency", agency=claims.agency_code)))
    if claims.role is not None:
        lines.append(card_text(t("qr.check.role", role=role_label(claims.role, t))))
    lines.append(card_text(t("qr.result.valid_until", time=clock_text(claims.expires_at))))
    return verdict_card("check-result-valid", True, t("qr.check.valid"), lines)


@ft.component
def CheckOfficerScreen():
    t = use_t()
    store = use_store(use_deps().officer_check)
    ft.use_effect(store.prepare, [])

    async def on_image(data: bytes, from_camera: bool) -> bool:
        return await store.check_image(data, quiet_if_empty=from_camera) is not None

    body: list[ft.Control] = [
        heading(t("qr.check.title")),
        ft.Text(t("qr.check.intro"), size=BODY_SIZE),
        *keys_note(t, store),
    ]
    if store.outcome is None:
        if store.keys_at is None and not store.online:
            body.append(message_banner("check-no-keys", t("qr.problem.no_keys")))
        body.append(QrScanner("check", on_image, store.busy))
    else:
        body += [
            officer_verdict(t, store.outcome),
            secondary_button("check-again", t("qr.scan.again"), store.reset, icon=ft.Icons.REFRESH),
        ]
    return screen(ft.use_view_path(), t("qr.check.title"), body)
