"""Views layer: "Perbaiki" — the filed answers and attachments, editable, resubmitted with
If-Match so a change the officer made meanwhile is not overwritten (`FixStore`,
state/application_fix.py)."""

from collections.abc import Callable
from typing import Any

import flet as ft

from app.components.buttons import primary_button, secondary_button
from app.components.context import Translate, use_deps, use_t
from app.components.feedback import busy_indicator
from app.components.fields import text_input
from app.components.form_editor import FormEditor
from app.components.layout import heading
from app.components.store_status import status_rows, use_store
from app.state.application_fix import FixStore
from contracts.applications import NOTE_MAX


def fix_controls(
    t: Translate, store: FixStore, note: str, set_note: Any, send: Any, cancel: Any
) -> list[ft.Control]:
    note_field = text_input(
        "application-fix-note",
        t("application.fix_note"),
        note,
        lambda e: set_note(e.control.value or ""),
        max_length=NOTE_MAX,
    )
    resubmit = primary_button(
        "application-resubmit",
        t("application.resubmit"),
        send,
        disabled=store.busy,
        icon=ft.Icons.SEND,
    )
    return [
        heading(t("application.fix_title"), size=20),
        FormEditor(store),
        note_field,
        *status_rows(t, store, "application-fix", busy_key="apply.sending"),
        resubmit,
        secondary_button("application-fix-cancel", t("common.cancel"), cancel, disabled=store.busy),
    ]


@ft.component
def FixForm(app_id: str, on_done: Callable[[], Any], on_cancel: Callable[[], Any]) -> ft.Control:
    """Opened by `FixStore.open` (the "Perbaiki" tap); closes once the fix is filed."""
    t = use_t()
    store = use_store(use_deps().fix)
    note, set_note = ft.use_state("")  # transient: the note being typed

    async def send() -> None:
        if await store.resubmit(note):
            on_done()

    if not store.showing(app_id):
        return busy_indicator(t("common.loading"))
    rows = fix_controls(t, store, note, set_note, send, on_cancel)
    return ft.Column(rows, spacing=16, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
