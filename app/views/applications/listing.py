"""Views layer: "Permohonan Saya" — what waits in the outbox on top ("menunggu sinyal"),
then the citizen's applications with status, tracking number, due date and overdue flag;
without signal, the list last synced (ApplicationsStore) and when."""

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
    when,
)
from app.components.buttons import primary_button, secondary_button
from app.components.context import Translate, use_deps, use_session, use_t
from app.components.feedback import message_banner
from app.components.layout import screen
from app.components.navigation import go, go_to
from app.components.store_status import status_rows, use_store
from app.components.style import BODY_SIZE
from app.services.outbox import EntryState, OutboxEntry
from app.state.application_list import ApplicationsStore
from contracts.applications import ApplicationSummary

LIST_PATH = "/home/applications"


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
        lines.append(outbox_actions(t, index, on_fix, on_discard))
    return card(f"applications-outbox-{index}", lines, None, f"{name}, {state}")


def outbox_actions(t: Translate, index: int, on_fix: Any, on_discard: Any) -> ft.Row:
    fix = primary_button(f"applications-outbox-fix-{index}", t("applications.fix"), on_fix)
    discard = secondary_button(
        f"applications-outbox-discard-{index}", t("applications.discard"), on_discard
    )
    return ft.Row([fix, discard], wrap=True, spacing=8)


def outbox_section(t: Translate, language: str, store: ApplicationsStore) -> list[ft.Control]:
    """What waits in the outbox, newest first; "Perbaiki" opens the apply form again."""

    def fix(entry: OutboxEntry) -> Any:
        async def handler() -> None:
            await go(f"/home/services/{entry.payload.service_code}/apply")

        return handler

    def discard(entry: OutboxEntry) -> Any:
        async def handler() -> None:
            await store.discard(entry.key)

        return handler

    entries = list(reversed(store.outbox.entries))
    return [
        outbox_card(t, language, i, entry, fix(entry), discard(entry))
        for i, entry in enumerate(entries)
    ]


def list_section(t: Translate, language: str, store: ApplicationsStore) -> list[ft.Control]:
    """The copy's age when offline, the cards, "Muat lagi" and "Muat ulang"."""
    rows: list[ft.Control] = []
    if store.offline and store.synced_at is not None:
        note = t("applications.offline_copy", time=when(store.synced_at))
        rows.append(message_banner("applications-offline", note, error=False))
    if store.items is not None and not store.items and not store.outbox.entries:
        rows.append(empty_note(t))
    rows += [application_card(t, language, item) for item in store.items or []]
    if store.busy:
        return rows
    if store.cursor:
        more = primary_button(
            "applications-more", t("applications.more"), store.more, icon=ft.Icons.EXPAND_MORE
        )
        rows.append(more)
    refresh = secondary_button(
        "applications-refresh", t("applications.refresh"), store.load, icon=ft.Icons.REFRESH
    )
    return [*rows, refresh]


def empty_note(t: Translate) -> ft.Control:
    empty = ft.Text(t("applications.empty"), size=BODY_SIZE)
    empty.key = "applications-empty"
    return ft.Semantics(identifier="applications-empty", content=empty)


@ft.component
def ApplicationsScreen():
    t, language = use_t(), use_session().language
    store = use_store(use_deps().applications_list)
    view = ft.use_state(store.outbox)[0]  # re-render when the outbox changes
    online = not use_session().offline
    ft.use_effect(store.load, [view.sent, online])  # after a delivery; when back online
    body = [
        *outbox_section(t, language, store),
        *status_rows(t, store, "applications"),
        *list_section(t, language, store),
    ]
    return screen(ft.use_view_path(), t("applications.title"), body)
