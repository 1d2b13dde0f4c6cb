"""Views layer: the officer's home: name, role, agency, tiles for features still to come."""

import flet as ft

from app.components.a11y import with_id
from app.components.layout import heading, screen
from app.components.style import BODY_SIZE
from app.components.tiles import coming_soon_tile, nav_tile, tile_grid
from app.views.citizen_home import settings_action
from app.views.context import Translate, use_session, use_t
from app.views.navigation import go_to
from contracts.accounts import AccountOut
from contracts.enums import Role


def role_label(role: Role, t: Translate) -> str:
    labels = {
        Role.CITIZEN: t("role.citizen"),
        Role.FIELD: t("role.field"),
        Role.BACK_OFFICE: t("role.back_office"),
        Role.COORDINATOR: t("role.coordinator"),
        Role.ADMIN: t("role.admin"),
    }
    return labels[role]


def officer_tiles(t: Translate) -> list[ft.Control]:
    soon = t("common.coming_soon")
    return [
        nav_tile(
            "officer-tile-scan-qr",
            ft.Icons.QR_CODE_SCANNER,
            t("feature.scan_qr"),
            go_to("/officer/scan"),
        ),
        nav_tile(
            "officer-tile-credential",
            ft.Icons.BADGE,
            t("feature.officer_credential"),
            go_to("/officer/credential"),
        ),
        nav_tile(
            "officer-tile-review",
            ft.Icons.INBOX,
            t("feature.review_queue"),
            go_to("/officer/applications"),
        ),
        coming_soon_tile(
            "officer-tile-visits", ft.Icons.DIRECTIONS_CAR, t("feature.officer_visits"), soon
        ),
    ]


def officer_facts(account: AccountOut, t: Translate) -> list[ft.Control]:
    facts = [("officer-role", t("officer.role", role=role_label(account.role, t)))]
    if account.agency_code:
        facts.append(("officer-agency", t("officer.agency", agency=account.agency_code)))
    if account.service_center_code:
        center = t("officer.service_center", center=account.service_center_code)
        facts.append(("officer-service-center", center))
    return [with_id(ft.Text(text, size=BODY_SIZE), ident) for ident, text in facts]


@ft.component
def OfficerHome():
    session, t = use_session(), use_t()
    account = session.account
    view_path = ft.use_view_path()
    body: list[ft.Control] = []
    if account:
        greeting = heading(t("home.greeting", name=account.full_name))
        body = [with_id(greeting, "home-greeting"), *officer_facts(account, t)]
    body += [ft.Text(t("officer.features"), size=BODY_SIZE), tile_grid(officer_tiles(t))]
    return screen(view_path, t("officer.title"), body, actions=[settings_action(view_path, t)])
