"""Views layer: "Jemput Bola Saya" — requests waiting in the outbox on top ("menunggu sinyal",
or refused with the reason), then the citizen's visits with their status in words; without
signal, the list last synced (VisitsStore) and when."""

from typing import Any

import flet as ft

from app.components.applications import card, chip, chip_row, small, title_line, when
from app.components.buttons import primary_button, secondary_button
from app.components.context import Translate, use_deps, use_session, use_t
from app.components.feedback import message_banner
from app.components.layout import screen
from app.components.navigation import go_to
from app.components.store_status import status_rows, use_store
from app.components.style import BODY_SIZE
from app.components.visits import visit_card
from app.services.outbox import EntryState, VisitEntry
from app.state.visit_list import VisitsStore

LIST_PATH = "/home/visits"


def outbox_card(
    t: Translate, language: str, index: int, entry: VisitEntry, on_discard: Any
) -> ft.Control:
    name = entry.service_name.get(language)
    waiting = entry.state is EntryState.PENDING
    state = t("visits.outbox_waiting") if waiting else t("visits.outbox_refused")
    colour = ft.Colors.AMBER_100 if waiting else ft.Colors.RED_100
    icon = ft.Icons.CLOUD_UPLOAD if waiting else ft.Icons.ERROR_OUTLINE
    lines: list[ft.Control] = [title_line(name), chip_row([chip(state, colour, icon)])]
    if waiting:
        lines.append(small(t("visits.outbox_auto")))
    else:
        lines.append(small(entry.error or t("error.validation"), ft.Colors.ERROR))
        lines.append(
            secondary_button(
                f"visits-outbox-discard-{index}", t("visits.outbox_discard"), on_discard
            )
        )
    return card(f"visits-outbox-{index}", lines, None, f"{name}, {state}")


def outbox_section(t: Translate, language: str, store: VisitsStore) -> list[ft.Control]:
    def discard(entry: VisitEntry) -> Any:
        async def handler() -> None:
            await store.discard(entry.key)

        return handler

    entries = list(reversed(store.outbox.entries))
    return [outbox_card(t, language, i, e, discard(e)) for i, e in enumerate(entries)]


def empty_note(t: Translate) -> ft.Control:
    empty = ft.Text(t("visits.empty"), size=BODY_SIZE)
    empty.key = "visits-empty"
    return ft.Semantics(identifier="visits-empty", content=empty)


def list_section(t: Translate, language: str, store: VisitsStore) -> list[ft.Control]:
    """The copy's age when offline, the cards, "Muat lagi" and "Muat ulang"."""
    rows: list[ft.Control] = []
    if store.offline and store.synced_at is not None:
        note = t("visits.offline_copy", time=when(store.synced_at))
        rows.append(message_banner("visits-offline", note, error=False))
    if store.items is not None and not store.items and not store.outbox.entries:
        rows.append(empty_note(t))
    rows += [
        visit_card(t, language, item, go_to(f"{LIST_PATH}/{item.id}")) for item in store.items or []
    ]
    if store.busy:
        return rows
    if store.cursor:
        rows.append(
            primary_button("visits-more", t("visits.more"), store.more, icon=ft.Icons.EXPAND_MORE)
        )
    refresh = secondary_button(
        "visits-refresh", t("visits.refresh"), store.load, icon=ft.Icons.REFRESH
    )
    return [*rows, refresh]


@ft.component
def VisitsScreen():
    t, language = use_t(), use_session().language
    store = use_store(use_deps().visits)
    view = ft.use_state(store.outbox)[0]  # re-render when the outbox changes
    online = not use_session().offline
    ft.use_effect(store.load, [view.sent, online])  # after a delivery; when back online
    new = primary_button(
        "visits-new", t("visits.new"), go_to(f"{LIST_PATH}/new"), icon=ft.Icons.ADD_HOME
    )
    body = [
        ft.Text(t("visits.intro"), size=BODY_SIZE),
        new,
        *outbox_section(t, language, store),
        *status_rows(t, store, "visits", retry=store.load),
        *list_section(t, language, store),
    ]
    return screen(ft.use_view_path(), t("visits.title"), body)
