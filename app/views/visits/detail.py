"""Views layer: one jemput bola visit — status, the schedule with the team and its officers,
"Periksa petugas" at the door, cancel and "minta tanggal lain" before the visit (If-Match: a
change made meanwhile is shown, not overwritten), what to show at the door and the timeline;
the device's copy (with its age) without signal. All of it `VisitStore`."""

from typing import Any

import flet as ft

from app.components.applications import chip_row, when
from app.components.buttons import primary_button, secondary_button
from app.components.context import Translate, use_deps, use_session, use_t
from app.components.feedback import message_banner
from app.components.fields import text_input
from app.components.forms import errors_of
from app.components.layout import heading, screen
from app.components.navigation import go_to
from app.components.store_status import status_rows, use_store
from app.components.style import BODY_SIZE
from app.components.visits import services_text, status_chip
from app.state.visit_detail import VisitStore, allowed
from app.state.visit_form import Slot
from app.views.visits._dates import SlotsEditor
from app.views.visits._parts import (
    about_section,
    bring_section,
    cancel_dialog,
    outcome_rows,
    place_section,
    schedule_section,
    timeline_section,
)
from contracts.visits import VisitAction, VisitDetail, VisitStatus

AT_THE_DOOR = frozenset({VisitStatus.SCHEDULED, VisitStatus.ON_THE_WAY, VisitStatus.ARRIVED})


def action_rows(t: Translate, d: VisitDetail, busy: bool, ui: dict[str, Any]) -> list[ft.Control]:
    rows: list[ft.Control] = []
    if d.status in AT_THE_DOOR:
        target = f"/home/visits/{d.id}/check-officer"
        rows.append(
            primary_button(
                "visit-check-officer",
                t("visit.check_officer"),
                go_to(target),
                icon=ft.Icons.VERIFIED_USER,
            )
        )
    if allowed(d, VisitAction.ASK_NEW_DATE) and not ui["asking"]:
        rows.append(
            secondary_button(
                "visit-new-date",
                t("visit.new_date"),
                ui["ask"],
                disabled=busy,
                icon=ft.Icons.EVENT_REPEAT,
            )
        )
    if allowed(d, VisitAction.CANCEL):
        rows.append(
            secondary_button(
                "visit-cancel",
                t("visit.cancel"),
                ui["confirm_cancel"],
                disabled=busy,
                icon=ft.Icons.CANCEL,
            )
        )
    return rows


@ft.component
def NewDateForm(store: VisitStore, on_close: Any) -> ft.Control:
    """Two or three new preferred dates and a note; sent with If-Match."""
    t = use_t()
    use_store(store)
    two: tuple[Slot, ...] = (Slot(), Slot())
    slots, set_slots = ft.use_state(two)  # transient: the dates being chosen
    note, set_note = ft.use_state("")

    def put(i: int, slot: Slot) -> None:
        set_slots(tuple(slot if j == i else s for j, s in enumerate(slots)))
        store.typed("preferred")

    async def send() -> None:
        if await store.ask_new_date(list(slots), note):
            on_close()

    err = errors_of(t, store)
    return ft.Column(
        [
            heading(t("visit.new_date_title"), size=20),
            SlotsEditor(
                "visit-new",
                slots,
                store.today(),
                lambda i, d: put(i, Slot(d, slots[i].window)),
                lambda i, w: put(i, Slot(slots[i].day, w)),
                lambda: set_slots((*slots, Slot())),
                lambda i: set_slots(tuple(s for j, s in enumerate(slots) if j != i)),
                err("preferred"),
            ),
            text_input(
                "visit-new-date-note",
                t("visit.new_date_note"),
                note,
                lambda e: set_note(e.control.value),
            ),
            primary_button(
                "visit-new-date-send",
                t("visit.new_date_send"),
                send,
                disabled=store.busy,
                icon=ft.Icons.SEND,
            ),
            secondary_button("visit-new-date-close", t("common.cancel"), on_close),
        ],
        spacing=12,
    )


def detail_rows(
    t: Translate, language: str, store: VisitStore, ui: dict[str, Any]
) -> list[ft.Control]:
    d = store.detail
    assert d is not None
    rows: list[ft.Control] = []
    if store.offline and store.synced_at is not None:
        note = t("visit.offline_copy", time=when(store.synced_at))
        rows.append(message_banner("visit-offline", note, error=False))
    rows += [heading(services_text(language, d)), chip_row([status_chip(t, d.status)])]
    rows += [*outcome_rows(t, d), schedule_section(t, d)]
    rows += action_rows(t, d, store.busy, ui)
    if ui["asking"]:
        rows.append(NewDateForm(store, ui["close_ask"]))
    rows += [about_section(t, d), place_section(t, d), *bring_section(t, language, d)]
    return [*rows, timeline_section(t, d)]


@ft.component
def VisitDetailScreen():
    t, language = use_t(), use_session().language
    store = use_store(use_deps().visit)
    visit_id = ft.use_route_params().get("id", "")
    asking, set_asking = ft.use_state(False)  # the new-date form is open
    cancelling, set_cancelling = ft.use_state(False)  # the cancel dialog is open
    note, set_note = ft.use_state("")

    async def open_it() -> None:
        await store.open(visit_id)

    async def cancel() -> None:
        set_cancelling(False)
        await store.cancel(note)

    ft.use_effect(open_it, [visit_id])
    ft.use_dialog(
        cancel_dialog(
            t, note, lambda e: set_note(e.control.value), cancel, lambda: set_cancelling(False)
        )
        if cancelling
        else None
    )
    ui = {
        "asking": asking,
        "ask": lambda: set_asking(True),
        "close_ask": lambda: set_asking(False),
        "confirm_cancel": lambda: set_cancelling(True),
    }
    shown = store.visit_id == visit_id and store.detail is not None
    body = detail_rows(t, language, store, ui) if shown else []
    body += status_rows(t, store, "visit", retry=open_it)
    if not shown and store.tried == visit_id and not store.busy and store.problem is None:
        body.append(ft.Text(t("error.not_found"), size=BODY_SIZE))
    return screen(ft.use_view_path(), t("visit.title"), body)
