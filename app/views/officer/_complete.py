"""Views layer: completing an application — the dialog (result document with type, title and
upload progress; pickup instructions) and what the officer types into it; picking, shrinking,
uploading (with its Idempotency-Key) and `complete` are `OfficerApplicationStore`'s."""

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import flet as ft

from app.components.a11y import with_id
from app.components.buttons import secondary_button
from app.components.catalog import picker
from app.components.context import Translate
from app.components.fields import text_input
from app.components.files import pick_document
from app.components.hooks import use_once
from app.components.style import BODY_SIZE
from app.state.officer_application import OfficerApplicationStore
from app.state.store import Note
from app.views.officer._actions import Closing, Opening, dialog, error_line
from contracts.applications import NOTE_MAX
from contracts.documents import TITLE_MAX, DocumentType

Handler = Callable[..., Any]


@dataclass(frozen=True)
class CompleteForm:
    """What the officer typed or chose: the result's type and title, pickup instructions;
    `picked` (the file's name), `error` and `progress` are the store's, shown with it."""

    doc_type: str = DocumentType.SURAT_KETERANGAN.value
    title: str = ""
    pickup: str = ""
    picked: str | None = None
    error: str | None = None
    progress: float | None = None


@dataclass(frozen=True)
class CompleteHandlers:
    pick: Handler
    field: Callable[[str, str], Any]
    confirm: Handler
    cancel: Handler


def progress_row(t: Translate, fraction: float) -> ft.Control:
    percent = round(fraction * 100)
    text = t("review.complete.uploading", percent=percent)
    bar = ft.ProgressBar(value=fraction, semantics_label=text, semantics_value=percent)
    column = ft.Column([ft.Text(text, size=BODY_SIZE), bar], spacing=6)
    column.key = "review-complete-progress"
    return ft.Semantics(identifier="review-complete-progress", live_region=True, content=column)


def result_fields(t: Translate, form: CompleteForm, h: CompleteHandlers, busy: bool) -> list[Any]:
    if form.picked is None:
        return []
    types = [(d.value, t(f"documents.type.{d.value}")) for d in DocumentType]
    return [
        with_id(
            ft.Text(t("review.complete.picked", name=form.picked), size=BODY_SIZE),
            "review-complete-file",
        ),
        picker(
            "review-complete-type",
            t("review.complete.type"),
            form.doc_type,
            types,
            lambda e: h.field("doc_type", e.control.value or form.doc_type),
        ),
        text_input(
            "review-complete-doc-title",
            t("review.complete.doc_title"),
            form.title,
            lambda e: h.field("title", e.control.value or ""),
            max_length=TITLE_MAX,
            disabled=busy,
        ),
    ]


def complete_dialog(
    t: Translate, form: CompleteForm, h: CompleteHandlers, busy: bool
) -> ft.AlertDialog:
    body: list[ft.Control] = [
        ft.Text(t("review.complete.intro"), size=BODY_SIZE),
        secondary_button(
            "review-complete-pick",
            t("review.complete.pick"),
            h.pick,
            disabled=busy,
            icon=ft.Icons.UPLOAD_FILE,
        ),
        *result_fields(t, form, h, busy),
        text_input(
            "review-complete-pickup",
            t("review.complete.pickup"),
            form.pickup,
            lambda e: h.field("pickup", e.control.value or ""),
            hint=t("review.complete.pickup_hint"),
            max_length=NOTE_MAX,
            disabled=busy,
        ),
    ]
    if form.progress is not None:
        body.append(progress_row(t, form.progress))
    body += error_line("review-complete-error", form.error)
    return dialog(
        t,
        "review-complete",
        t("review.complete.title"),
        body,
        t("review.complete.confirm"),
        h.confirm,
        h.cancel,
        busy,
    )


def use_completion(
    t: Translate, store: OfficerApplicationStore, title: str, closing: Closing
) -> Opening:
    """The completion dialog's fields (`title`: the result document's default title); the
    store takes the picked file, uploads it and completes."""
    typed, set_typed = ft.use_state(CompleteForm())
    files = use_once(ft.FilePicker)  # a device service: keep the reference

    async def pick() -> None:
        picked = await pick_document(files, t("review.complete.pick"))
        if isinstance(picked, Note):
            store.fail(picked)
        elif picked is not None:
            await store.pick_result(*picked)

    async def confirm() -> None:
        if await store.complete(DocumentType(typed.doc_type), typed.title, typed.pickup):
            closing.done()

    def start() -> None:
        store.start_completion()
        set_typed(CompleteForm(title=title))

    handlers = CompleteHandlers(
        pick=pick,
        field=lambda name, v: set_typed(lambda f: replace(f, **{name: v})),
        confirm=confirm,
        cancel=closing.cancel,
    )
    picked = store.result.name if store.result else None

    def show(error: str | None) -> ft.AlertDialog:
        form = replace(typed, picked=picked, error=error, progress=store.progress)
        return complete_dialog(t, form, handlers, store.busy)

    return Opening(start, show)
