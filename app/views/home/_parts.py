"""Views layer: what the citizen's home does for applications — on opening, the applications
store sends what waits in the outbox and asks the inbox for news; the inbox tile."""

import flet as ft

from app.components.applications import count_tile
from app.components.buttons import icon_button
from app.components.context import Translate, use_deps
from app.components.navigation import go_to
from app.components.store_status import use_store


def inbox_tile(t: Translate, unread: int) -> ft.Control:
    badge = t("notifications.new", count=unread) if unread else None
    return count_tile(
        "home-tile-notifications",
        ft.Icons.NOTIFICATIONS,
        t("notifications.title"),
        badge,
        go_to("/home/notifications"),
    )


def use_home_sync() -> int:
    """The unread count; re-rendered when the inbox changes."""
    hub = use_deps().applications
    inbox = use_store(hub.inbox)
    ft.use_effect(hub.sync, [])
    return inbox.unread


def settings_action(view_path: str, t: Translate) -> ft.Control:
    return icon_button(
        "nav-settings", ft.Icons.SETTINGS, t("settings.title"), go_to(f"{view_path}/settings")
    )
