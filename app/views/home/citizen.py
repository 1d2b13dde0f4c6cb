"""Views layer: the citizen's home: greeting, masked NIK, the features' tiles (and those still
to come)."""

import flet as ft

from app.components.a11y import with_id
from app.components.context import Translate, use_session, use_t
from app.components.layout import heading, screen
from app.components.navigation import go_to
from app.components.style import BODY_SIZE
from app.components.tiles import coming_soon_tile, nav_tile, tile_grid
from app.views.home._parts import inbox_tile, settings_action, use_home_sync


def citizen_tiles(t: Translate) -> list[ft.Control]:
    soon = t("common.coming_soon")
    return [
        nav_tile(
            "home-tile-profile", ft.Icons.PERSON, t("feature.profile"), go_to("/home/profile")
        ),
        nav_tile(
            "home-tile-family", ft.Icons.FAMILY_RESTROOM, t("feature.family"), go_to("/home/family")
        ),
        nav_tile("home-tile-my-qr", ft.Icons.QR_CODE_2, t("feature.my_qr"), go_to("/home/qr")),
        nav_tile(
            "home-tile-documents", ft.Icons.FOLDER, t("documents.tile"), go_to("/home/documents")
        ),
        nav_tile(
            "home-tile-check-officer",
            ft.Icons.VERIFIED_USER,
            t("feature.check_officer"),
            go_to("/home/check-officer"),
        ),
        nav_tile(
            "home-tile-services", ft.Icons.LIST_ALT, t("feature.services"), go_to("/home/services")
        ),
        nav_tile(
            "home-tile-applications",
            ft.Icons.DESCRIPTION,
            t("applications.title"),
            go_to("/home/applications"),
        ),
        nav_tile(
            "home-tile-visits", ft.Icons.HOME_WORK, t("feature.visits"), go_to("/home/visits")
        ),
        coming_soon_tile(
            "home-tile-bookings", ft.Icons.CONFIRMATION_NUMBER, t("feature.bookings"), soon
        ),
        coming_soon_tile("home-tile-complaints", ft.Icons.FEEDBACK, t("feature.complaints"), soon),
        nav_tile(
            "home-tile-access-log",
            ft.Icons.VISIBILITY,
            t("feature.access_log"),
            go_to("/home/access-log"),
        ),
    ]


@ft.component
def CitizenHome():
    session, t = use_session(), use_t()
    account = session.account
    view_path = ft.use_view_path()
    name = account.full_name if account else ""
    body: list[ft.Control] = [
        with_id(heading(t("home.greeting", name=name)), "home-greeting"),
    ]
    if account and account.nik_masked:
        nik = ft.Text(t("home.nik", nik=account.nik_masked), size=BODY_SIZE)
        body.append(with_id(nik, "home-nik"))
    unread = use_home_sync()  # sends what waits in the outbox; polls the inbox (ETag/304)
    tiles = [inbox_tile(t, unread), *citizen_tiles(t)]
    body += [ft.Text(t("home.features"), size=BODY_SIZE), tile_grid(tiles)]
    return screen(view_path, t("app.name"), body, actions=[settings_action(view_path, t)])
