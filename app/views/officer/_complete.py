"""Views layer: completing an application — the dialog (result document with type, title and
upload progress; pickup instructions) and its state: pick, shrink, upload, then `complete`."""

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, cast

import flet as ft

from app.components.a11y import with_id
from app.components.buttons import secondary_button
from app.components.catalog import picker
from app.components.context import Translate, error_text, say
from app.components.fields import text_input
from app.components.files import pick_document
from app.components.style import BODY_SIZE
from app.services.api import ApiClient
from app.services.errors import ApiError, AuthExpiredError
from app.services.image_prep import PrepError
from app.state.officer import ResultFile, complete, prepare_result
from app.state.store import Note
from app.views.officer._actions import Acting, dialog, error_line
from contracts.applications import NOTE_MAX, StaffApplicationDetail
from contracts.documents import TITLE_MAX, DocumentType

Handler = Callable[..., Any]


@dataclass(frozen=True)
class CompleteForm:
    """What the completion dialog holds: a picked result file, its type and title, pickup."""

    picked: ResultFile | None = None
    doc_type: str = DocumentType.SURAT_KETERANGAN.value
    title: str = ""
    pickup: str = ""
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
            ft.Text(t("review.complete.picked", name=form.picked.name), size=BODY_SIZE),
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


@dataclass(frozen=True)
class Completion:
    form: CompleteForm
    handlers: CompleteHandlers
    start: Callable[[str], None]  # open with this document title


def use_completion(
    t: Translate,
    api: ApiClient,
    detail: StaffApplicationDetail | None,
    acting: Acting,
    session_expired: Callable[[], Any],
) -> Completion:
    finish, set_finish = ft.use_state(CompleteForm())
    files = cast(ft.FilePicker, ft.use_state(cast(Any, ft.FilePicker))[0])  # keep the service

    def failed(message: str) -> None:
        set_finish(lambda f: replace(f, error=message))

    async def pick() -> None:
        picked = await pick_document(files, t("review.complete.pick"))
        if isinstance(picked, Note):
            failed(say(t, picked))
            return
        if picked is None:
            return
        try:
            result = await prepare_result(*picked)
        except PrepError as exc:
            failed(t(f"documents.prep.{exc.code}"))
            return
        set_finish(lambda f: replace(f, picked=result, error=None))

    def on_progress(sent: int, total: int) -> None:
        set_finish(lambda f: replace(f, progress=sent / total if total else 1.0))

    async def send(d: StaffApplicationDetail) -> None:
        doc_type = DocumentType(finish.doc_type)
        outcome = await complete(
            api, d, finish.picked, doc_type, finish.title, finish.pickup, on_progress
        )
        acting.shown(outcome)

    async def confirm() -> None:
        if detail is None:
            return
        if finish.picked is None and not finish.pickup.strip():
            failed(t("review.complete.required"))
            return
        acting.set_busy(True)
        set_finish(replace(finish, error=None, progress=0.0 if finish.picked else None))
        try:
            await send(detail)
        except AuthExpiredError:
            return  # the API client's hook has signed out
        except ApiError as exc:
            failed(error_text(exc, t))  # the picked file and its key stay for a retry
        finally:
            acting.set_busy(False)
            set_finish(lambda f: replace(f, progress=None))

    handlers = CompleteHandlers(
        pick=pick,
        field=lambda name, v: set_finish(lambda f: replace(f, **{name: v})),
        confirm=confirm,
        cancel=acting.close,
    )
    return Completion(finish, handlers, lambda title: set_finish(CompleteForm(title=title)))
