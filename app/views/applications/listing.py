"""Views layer: "Permohonan Saya" — what waits in the outbox on top ("menunggu sinyal"),
then the citizen's applications with status, tracking number, due date and overdue flag."""

from typing import Any

import flet as ft

from app.components.applications import (
    card,
    chip,
    chip_row,
    overdue_chip,
    small,
    status_chip,
    title_line,
)
from app.components.buttons import primary_button, secondary_button
from app.components.context import Translate, error_text, use_deps, use_session, use_t
from app.components.feedback import busy_indicator, message_banner
from app.components.layout import screen
from app.components.navigation import go, go_to
from app.components.style import BODY_SIZE
from app.services import applications_api
from app.services.errors import ApiError, AuthExpiredError
from app.services.outbox import EntryState, OutboxEntry
from contracts.applications import ApplicationSummary

LIST_PATH = "/home/applications"
PAGE_SIZE = 20


def day_text(value: Any) -> str:
    return str(value.strftime("%d/%m/%Y"))


def application_card(t: Translate, language: str, item: ApplicationSummary) -> ft.Control:
    name = item.service_name.get(language)
    chips: list[ft.Control] = [status_chip(t, item.status)]
    if item.overdue:
        chips.append(overdue_chip(t))
    due = t("applications.due", date=day_text(item.due_date))
    lines: list[ft.Control] = [
        title_line(name),
        chip_row(chips),
        small(t("applications.tracking", number=item.tracking_number)),
        small(t("applications.for", name=item.subject_name)),
        small(due),
    ]
    status = t(f"applications.status.{item.status.value}")
    overdue = f", {t('applications.overdue')}" if item.overdue else ""
    label = f"{name}, {status}{overdue}, {item.tracking_number}, {due}"
    return card(f"applications-item-{item.id}", lines, go_to(f"{LIST_PATH}/{item.id}"), label)


def outbox_card(
    t: Translate, language: str, index: int, entry: OutboxEntry, on_fix: Any, on_discard: Any
) -> ft.Control:
    name = entry.service_name.get(language)
    waiting = entry.state is EntryState.PENDING
    state = t("applications.outbox_waiting") if waiting else t("applications.outbox_attention")
    colour = ft.Colors.AMBER_100 if waiting else ft.Colors.RED_100
    icon = ft.Icons.CLOUD_UPLOAD if waiting else ft.Icons.ERROR_OUTLINE
    lines: list[ft.Control] = [title_line(name), chip_row([chip(state, colour, icon)])]
    if waiting:
        lines.append(small(t("applications.outbox_auto")))
    else:
        lines.append(small(entry.error or t("applications.error.invalid"), ft.Colors.ERROR))
        lines.append(
            ft.Row(
                [
                    primary_button(
                        f"applications-outbox-fix-{index}", t("applications.fix"), on_fix
                    ),
                    secondary_button(
                        f"applications-outbox-discard-{index}",
                        t("applications.discard"),
                        on_discard,
                    ),
                ],
                wrap=True,
                spacing=8,
            )
        )
    return card(f"applications-outbox-{index}", lines, None, f"{name}, {state}")


@ft.component
def ApplicationsScreen():
    t, deps, hub = use_t(), use_deps(), use_deps().applications
    language = use_session().language
    view = ft.use_state(hub.sender.view)[0]  # re-render when the outbox changes
    no_items: list[ApplicationSummary] | None = None
    no_text: str | None = None
    items, set_items = ft.use_state(no_items)
    cursor, set_cursor = ft.use_state(no_text)
    busy, set_busy = ft.use_state(True)
    banner, set_banner = ft.use_state(no_text)

    async def load() -> None:
        set_busy(True)
        set_banner(None)
        try:
            await hub.sender.flush()  # opening the list is a moment to send what waits
            page = await applications_api.list_page(deps.auth.api, limit=PAGE_SIZE)
        except AuthExpiredError:
            return  # the API client's hook has signed out
        except ApiError as exc:
            set_banner(error_text(exc, t))
        else:
            set_items(page.items)
            set_cursor(page.next_cursor)
        finally:
            set_busy(False)

    ft.use_effect(load, [view.sent])

    async def more() -> None:
        set_busy(True)
        try:
            page = await applications_api.list_page(deps.auth.api, cursor, PAGE_SIZE)
        except AuthExpiredError:
            return  # the API client's hook has signed out
        except ApiError as exc:
            set_banner(error_text(exc, t))
        else:
            set_items(lambda shown: [*(shown or []), *page.items])
            set_cursor(page.next_cursor)
        finally:
            set_busy(False)

    def fix(entry: OutboxEntry) -> Any:
        async def handler() -> None:
            await go(f"/home/services/{entry.payload.service_code}/apply")

        return handler

    def discard(entry: OutboxEntry) -> Any:
        async def handler() -> None:
            await hub.sender.discard(entry.key)

        return handler

    body: list[ft.Control] = []
    for i, entry in enumerate(reversed(view.entries)):
        body.append(outbox_card(t, language, i, entry, fix(entry), discard(entry)))
    if banner:
        body.append(message_banner("applications-error", banner))
    if busy:
        body.append(busy_indicator(t("common.loading")))
    if items is not None and not items and not view.entries:
        empty = ft.Text(t("applications.empty"), size=BODY_SIZE)
        empty.key = "applications-empty"
        body.append(ft.Semantics(identifier="applications-empty", content=empty))
    for item in items or []:
        body.append(application_card(t, language, item))
    if cursor and not busy:
        body.append(
            primary_button(
                "applications-more", t("applications.more"), more, icon=ft.Icons.EXPAND_MORE
            )
        )
    if not busy:
        body.append(
            secondary_button(
                "applications-refresh", t("applications.refresh"), load, icon=ft.Icons.REFRESH
            )
        )
    return screen(ft.use_view_path(), t("applications.title"), body)
