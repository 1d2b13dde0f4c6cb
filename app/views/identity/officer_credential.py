"""Views layer: officer "Kartu Petugas": the officer's own signed QR, full-screen, for
citizens to check at the door (works offline until it expires)."""

import flet as ft

from app.components.a11y import with_id
from app.components.buttons import secondary_button
from app.components.context import Translate, say, use_deps, use_t
from app.components.feedback import busy_indicator, message_banner
from app.components.hooks import use_bright_screen
from app.components.labels import role_label
from app.components.layout import screen
from app.components.qr import qr_image
from app.components.qr_scanner import clock_text
from app.components.store_status import use_store
from app.components.style import BODY_SIZE, SMALL_SIZE, TITLE_SIZE
from app.state.identity import CredentialStore
from app.views.identity._parts import centered


def credential_section(t: Translate, state: CredentialStore, expired: bool) -> list[ft.Control]:
    if state.credential is None or state.png is None:
        if state.loading:
            return [busy_indicator(t("common.loading"))]
        return [message_banner("credential-unavailable", t("qr.credential.unavailable"))]
    if expired:
        return [message_banner("credential-expired", t("qr.credential.expired"))]
    controls: list[ft.Control] = [
        qr_image("credential-image", state.png, t("qr.credential.image_label"))
    ]
    claims = state.claims
    if claims is not None:
        name = ft.Text(claims.name, size=TITLE_SIZE, weight=ft.FontWeight.BOLD)
        controls.append(centered(with_id(name, "credential-name")))
        if claims.agency_code:
            agency = ft.Text(t("qr.check.agency", agency=claims.agency_code), size=BODY_SIZE)
            controls.append(centered(agency))
        if claims.role is not None:
            role = t("qr.check.role", role=role_label(claims.role, t))
            controls.append(centered(ft.Text(role, size=BODY_SIZE)))
    until = t("qr.result.valid_until", time=clock_text(state.credential.expires_at))
    controls.append(centered(with_id(ft.Text(until, size=BODY_SIZE), "credential-valid-until")))
    return controls


@ft.component
def OfficerCredentialScreen():
    t = use_t()
    store = use_store(use_deps().credential)
    ft.use_effect(store.start, [])
    use_bright_screen()
    body = credential_section(t, store, store.expired())
    if store.problem:
        body.append(message_banner("credential-error", say(t, store.problem)))
    if not store.online:
        body.append(message_banner("credential-offline", t("qr.my.offline"), error=False))
    body += [
        ft.Text(t("qr.credential.hint"), size=SMALL_SIZE),
        ft.Text(t("qr.my.brightness_hint"), size=SMALL_SIZE),
        secondary_button(
            "credential-refresh", t("qr.my.refresh"), store.refresh, icon=ft.Icons.REFRESH
        ),
    ]
    return screen(ft.use_view_path(), t("qr.credential.title"), body)
