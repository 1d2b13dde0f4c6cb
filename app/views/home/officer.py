"""Views layer: the officer's home: name, role, agency, tiles for features still to come."""

import flet as ft

from app.components.a11y import with_id
from app.components.context import Translate, use_session, use_t
from app.components.labels import role_label
from app.components.layout import heading, screen
from app.components.navigation import go_to
from app.components.style import BODY_SIZE
from app.components.tiles import nav_tile, tile_grid
from app.views.home._parts import settings_action
from contracts.accounts import AccountOut
from contracts.enums import Role


def visits_tile(t: Translate, role: Role | None) -> list[ft.Control]:
    """Jemput bola: coordinators open the board, field officers their day; nobody else has a
    part in home visits."""
    if role is Role.COORDINATOR:
        board = go_to("/officer/visits")
        return [
            nav_tile(
                "officer-tile-visit-board", ft.Icons.DIRECTIONS_CAR, t("visit_board.tile"), board
            )
        ]
    if role is Role.FIELD:
        today = go_to("/officer/today")
        return [nav_tile("officer-tile-today", ft.Icons.ROUTE, t("field.tile"), today)]
    return []


def officer_tiles(t: Translate, role: Role | None = None) -> list[ft.Control]:
    return [
        *(visits_tile(t, role) if role is Role.FIELD else []),
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
        *(visits_tile(t, role) if role is not Role.FIELD else []),
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
    body += [
        ft.Text(t("officer.features"), size=BODY_SIZE),
        tile_grid(officer_tiles(t, account.role if account else None)),
    ]
    return screen(view_path, t("officer.title"), body, actions=[settings_action(view_path, t)])
