"""Views layer: the inbox — one line per change to an application or a jemput bola visit, in
the app's language, unread ones marked; "tandai semua dibaca"; a tap opens the application
or the visit."""

import contextlib
from datetime import date
from typing import Any

import flet as ft

from app.components.applications import card, chip, chip_row, small, status_text, when
from app.components.buttons import secondary_button
from app.components.context import Translate, use_deps, use_session, use_t
from app.components.layout import screen
from app.components.navigation import go
from app.components.store_status import status_rows, use_store
from app.components.style import BODY_SIZE
from app.components.visits import day_text, window_text
from app.components.visits import status_text as visit_status_text
from app.state.notifications import InboxStore
from contracts.applications import ApplicationStatus, NotificationKind, NotificationOut
from contracts.visits import DayWindow, VisitStatus


def visit_notice(t: Translate, n: NotificationOut) -> str:
    """ "Jemput bola JB-261203-AB12CD: Terjadwal, Senin, 7 Desember 2026 · Pagi (08.00–12.00)"."""
    p = n.params
    try:
        status = visit_status_text(t, VisitStatus(p.get("status", "")))
    except ValueError:
        status = p.get("status", "")
    when = ""
    with contextlib.suppress(ValueError):
        when = day_text(t, date.fromisoformat(p.get("date", "")))
        with contextlib.suppress(ValueError):
            when = f"{when} · {window_text(t, DayWindow(p.get('window', '')))}"
    key = "notifications.kind.visit_status_on" if when else "notifications.kind.visit_status"
    return t(key, number=p.get("number", ""), status=status, when=when)


def notice_text(t: Translate, language: str, n: NotificationOut) -> str:
    """Built from kind + params in the current language (the server sends no prose)."""
    if n.kind is NotificationKind.VISIT_STATUS:
        return visit_notice(t, n)
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


def read_all_button(t: Translate, inbox: InboxStore) -> list[ft.Control]:
    if not inbox.unread:
        return []
    return [
        secondary_button(
            "notifications-read-all",
            t("notifications.read_all"),
            inbox.read_all,
            disabled=inbox.busy,
            icon=ft.Icons.DONE_ALL,
        )
    ]


def empty_note(t: Translate, inbox: InboxStore) -> list[ft.Control]:
    if not inbox.loaded or inbox.items:
        return []
    empty = ft.Text(t("notifications.empty"), size=BODY_SIZE)
    empty.key = "notifications-empty"
    return [ft.Semantics(identifier="notifications-empty", content=empty)]


@ft.component
def NotificationsScreen():
    t, language = use_t(), use_session().language
    inbox = use_store(use_deps().applications.inbox)
    ft.use_effect(inbox.refresh, [])

    def opener(n: NotificationOut) -> Any:
        async def handler() -> None:
            await inbox.open(n.id)
            if n.visit_id:
                await go(f"/home/visits/{n.visit_id}")
            elif n.application_id:
                await go(f"/home/applications/{n.application_id}")

        return handler

    body = status_rows(t, inbox, "notifications")
    body += read_all_button(t, inbox)
    body += empty_note(t, inbox)
    body += [notice_card(t, language, n, opener(n)) for n in inbox.items]
    return screen(ft.use_view_path(), t("notifications.title"), body)
