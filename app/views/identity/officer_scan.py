"""Views layer: officer "Pindai QR": scan a citizen's QR, verify it offline with cached keys,
then (online) exchange it for the fields the chosen purpose allows."""

from datetime import date
from enum import Enum
from typing import Any

import flet as ft

from app.components.a11y import with_id
from app.components.buttons import choice_buttons, primary_button, secondary_button
from app.components.context import Translate, use_deps, use_session, use_t
from app.components.feedback import busy_indicator, message_banner
from app.components.labels import known_text
from app.components.layout import heading, screen
from app.components.qr import card_text, verdict_card
from app.components.qr_scanner import QrScanner, clock_text
from app.components.scan_notes import keys_note, problem_text
from app.components.store_status import use_store
from app.components.style import BODY_SIZE
from app.state.identity import ScanOutcome, ScanStore
from contracts.access import Purpose
from contracts.enums import Role
from contracts.identity import ExchangeResult
from contracts.profile import ROLE_PURPOSES

PURPOSES = [Purpose.IDENTITY_CHECK, Purpose.COUNTER_SERVICE, Purpose.HOME_VISIT]


def role_purposes(role: Role | None) -> list[Purpose]:
    """The purposes this officer's role may state (the server refuses the others)."""
    allowed = ROLE_PURPOSES.get(role, frozenset()) if role else frozenset()
    return [p for p in PURPOSES if p in allowed]


def citizen_verdict(t: Translate, outcome: ScanOutcome) -> ft.Control:
    claims = outcome.claims
    if claims is None:
        lines = [card_text(problem_text(t, outcome.problem), bold=True)]
        return verdict_card("scan-result-invalid", False, t("qr.result.invalid"), lines)
    badge = t("qr.badge.verified") if claims.verified else t("qr.badge.unverified")
    lines = [
        card_text(claims.name, bold=True),
        card_text(t("qr.result.nik", nik=claims.nik_masked or "")),
        card_text(badge),
        card_text(t("qr.result.valid_until", time=clock_text(claims.expires_at))),
    ]
    if claims.has_photo:
        lines.append(card_text(t("qr.result.photo_on_file")))
    return verdict_card("scan-result-valid", True, t("qr.result.valid"), lines)


def field_value(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, list):
        return str(len(value))
    return str(value)


def exchange_card(t: Translate, result: ExchangeResult, photo: bytes | None) -> ft.Control:
    """The allowed fields, labelled, ready to copy into a counter or visit form."""
    rows: list[ft.Control] = [ft.Text(t("qr.exchange.title"), size=20, weight=ft.FontWeight.BOLD)]
    if photo:
        label = t("qr.exchange.photo")
        image = ft.Image(src=photo, width=150, height=200, fit=ft.BoxFit.CONTAIN)
        image.semantics_label = label
        rows.append(with_id(image, "scan-photo", label))
    for name in result.allowed:
        label = known_text(t, f"access.field.{name}", name.replace("_", " "))
        value = field_value(getattr(result.fields, name, None))
        rows.append(with_id(ft.Text(f"{label}: {value}", size=BODY_SIZE), f"scan-field-{name}"))
    until = clock_text(result.grant_expires_at)
    rows.append(ft.Text(t("qr.exchange.grant_until", time=until), size=16))
    box = ft.Container(
        content=ft.Column(rows, spacing=6),
        bgcolor=ft.Colors.SURFACE_CONTAINER_HIGH,
        border_radius=12,
        padding=16,
    )
    return with_id(box, "scan-exchange-result")


def exchange_part(
    t: Translate,
    state: ScanStore,
    purposes: list[Purpose],
    purpose: Purpose | None,
    set_purpose: Any,
    fetch: Any,
) -> list[ft.Control]:
    if state.exchange_result is not None:
        return [exchange_card(t, state.exchange_result, state.photo)]
    controls: list[ft.Control] = []
    if state.exchange_problem:
        problem = known_text(
            t,
            f"qr.problem.{state.exchange_problem}",
            state.exchange_message or t("qr.problem.generic"),
        )
        lines = [card_text(problem, bold=True)]
        controls.append(verdict_card("scan-exchange-error", False, t("qr.result.invalid"), lines))
        if state.exchange_problem == "token_used":
            return controls
    if not state.online:
        return [*controls, message_banner("scan-needs-online", t("qr.exchange.needs_online"))]
    if not purposes or purpose is None:
        return [*controls, message_banner("scan-no-purpose", t("qr.exchange.no_purpose"))]
    options = [(p.value, t(f"qr.purpose.{p.value}")) for p in purposes]  # the officer's words
    controls += [
        ft.Text(t("qr.exchange.purpose"), size=BODY_SIZE, weight=ft.FontWeight.W_600),
        choice_buttons("scan-purpose", options, purpose.value, lambda v: set_purpose(Purpose(v))),
    ]
    if state.exchanging:
        controls.append(busy_indicator(t("common.please_wait")))
    controls.append(
        primary_button(
            "scan-exchange",
            t("qr.exchange.fetch"),
            fetch,
            disabled=state.exchanging,
            icon=ft.Icons.DOWNLOAD,
        )
    )
    return controls


@ft.component
def OfficerScanScreen():
    t, session = use_t(), use_session()
    store = use_store(use_deps().citizen_scan)
    purposes = role_purposes(session.account.role if session.account else None)
    preferred = Purpose.COUNTER_SERVICE if Purpose.COUNTER_SERVICE in purposes else None
    purpose, set_purpose = ft.use_state(preferred or (purposes[0] if purposes else None))
    ft.use_effect(store.prepare, [])

    async def on_image(data: bytes, from_camera: bool) -> bool:
        outcome = await store.check_image(data, quiet_if_empty=from_camera)
        return outcome is not None

    async def fetch() -> None:
        if purpose is not None:
            await store.exchange(purpose)

    body: list[ft.Control] = [heading(t("qr.scan.title")), *keys_note(t, store)]
    if store.outcome is None:
        body.append(QrScanner("scan", on_image, store.busy))
    else:
        body.append(citizen_verdict(t, store.outcome))
        if store.outcome.ok:
            body += exchange_part(t, store, purposes, purpose, set_purpose, fetch)
        body.append(
            secondary_button("scan-again", t("qr.scan.again"), store.reset, icon=ft.Icons.REFRESH)
        )
    return screen(ft.use_view_path(), t("qr.scan.title"), body)
