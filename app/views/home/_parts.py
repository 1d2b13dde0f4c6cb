"""Views layer: what the citizen's home does for applications — on opening, send what waits
in the outbox and ask the inbox for news (a 304 when nothing changed); the inbox tile."""

import logging

import flet as ft

from app.components.applications import count_tile
from app.components.applications_context import use_applications
from app.components.buttons import icon_button
from app.components.context import Translate, use_deps
from app.components.navigation import go_to
from app.services.errors import ApiError, AuthExpiredError

log = logging.getLogger(__name__)


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
    deps, hub = use_deps(), use_applications()
    inbox = ft.use_state(hub.inbox.inbox)[0]

    async def sync() -> None:
        try:
            await hub.sender.flush()
            await hub.inbox.poll()
        except AuthExpiredError:
            await deps.auth.session_expired()
            return
        except ApiError as exc:  # no signal: the badge waits, the outbox retries by itself
            log.info("home sync skipped: %s", exc.code)
        hub.inbox.keep_polling()

    ft.use_effect(sync, [])
    return inbox.unread


def settings_action(view_path: str, t: Translate) -> ft.Control:
    return icon_button(
        "nav-settings", ft.Icons.SETTINGS, t("settings.title"), go_to(f"{view_path}/settings")
    )
