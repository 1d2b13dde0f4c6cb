"""Views layer: the inbox — one line per change to an application, in the app's language,
unread ones marked; "tandai semua dibaca"; a tap opens the application."""

from typing import Any

import flet as ft

from app.components.applications import card, chip, chip_row, small, status_text, when
from app.components.applications_context import use_applications
from app.components.buttons import secondary_button
from app.components.context import Translate, use_guarded, use_session, use_t
from app.components.feedback import busy_indicator, message_banner
from app.components.layout import screen
from app.components.navigation import go
from app.components.style import BODY_SIZE
from contracts.applications import ApplicationStatus, NotificationOut


def notice_text(t: Translate, language: str, n: NotificationOut) -> str:
    """Built from kind + params in the current language (the server sends no prose)."""
    p = n.params
    service = p.get(f"service_name_{language}") or p.get("service_name_id", "")
    try:
        status = status_text(t, ApplicationStatus(p.get("status", "")))
    except ValueError:
        status = p.get("status", "")
    return t(
        f"notifications.kind.{n.kind.value}",
        service=service,
        tracking=p.get("tracking_number", ""),
        status=status,
    )


def notice_card(t: Translate, language: str, n: NotificationOut, on_open: Any) -> ft.Control:
    text = notice_text(t, language, n)
    weight = ft.FontWeight.NORMAL if n.read else ft.FontWeight.BOLD
    lines: list[ft.Control] = []
    if not n.read:
        lines.append(chip_row([chip(t("notifications.unread"), ft.Colors.RED_100)]))
    lines += [ft.Text(text, size=BODY_SIZE, weight=weight), small(when(n.at))]
    label = text if n.read else f"{t('notifications.unread')}: {text}"
    return card(f"notifications-item-{n.id}", lines, on_open, label)


@ft.component
def NotificationsScreen():
    t, hub = use_t(), use_applications()
    language = use_session().language
    inbox = ft.use_state(hub.inbox.inbox)[0]
    guard = use_guarded(t, initially_busy=True)
    guarded, busy, banner = guard.run, guard.busy, guard.banner

    async def load() -> None:
        await guarded(hub.inbox.poll)

    ft.use_effect(load, [])

    def opener(n: NotificationOut) -> Any:
        async def handler() -> None:
            await guarded(lambda: hub.inbox.read_one(n.id))
            if n.application_id:
                await go(f"/home/applications/{n.application_id}")

        return handler

    async def read_all() -> None:
        await guarded(hub.inbox.read_all)

    body: list[ft.Control] = []
    if banner:
        body.append(message_banner("notifications-error", banner))
    if busy:
        body.append(busy_indicator(t("common.loading")))
    if inbox.unread:
        body.append(
            secondary_button(
                "notifications-read-all",
                t("notifications.read_all"),
                read_all,
                disabled=busy,
                icon=ft.Icons.DONE_ALL,
            )
        )
    if inbox.loaded and not inbox.items:
        empty = ft.Text(t("notifications.empty"), size=BODY_SIZE)
        empty.key = "notifications-empty"
        body.append(ft.Semantics(identifier="notifications-empty", content=empty))
    body += [notice_card(t, language, n, opener(n)) for n in inbox.items]
    return screen(ft.use_view_path(), t("notifications.title"), body)
