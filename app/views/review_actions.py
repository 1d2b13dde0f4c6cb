"""Views layer: the officer's action buttons (only those the status allows) and the dialogs
for a revision request, a rejection and completion (result upload with progress)."""

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import flet as ft

from app.components.a11y import with_id
from app.components.buttons import icon_button, primary_button, secondary_button
from app.components.catalog import picker
from app.components.fields import text_input
from app.components.style import BODY_SIZE, SMALL_SIZE
from app.state.review import DraftItem, ResultFile, actions_for
from app.views.context import Translate
from contracts.applications import NOTE_MAX, ApplicationStatus, OfficerAction
from contracts.documents import TITLE_MAX, DocumentType

Handler = Callable[..., Any]
PRIMARY = (OfficerAction.START_REVIEW, OfficerAction.APPROVE, OfficerAction.COMPLETE)
ICONS = {
    OfficerAction.START_REVIEW: ft.Icons.PLAY_ARROW,
    OfficerAction.APPROVE: ft.Icons.CHECK,
    OfficerAction.REQUEST_REVISION: ft.Icons.EDIT_NOTE,
    OfficerAction.COMPLETE: ft.Icons.TASK_ALT,
    OfficerAction.REJECT: ft.Icons.BLOCK,
}


def bound(
    on_action: Callable[[OfficerAction], Awaitable[None]], action: OfficerAction
) -> Callable[[], Awaitable[None]]:
    """A click handler for one action (async, so Flet awaits it)."""

    async def handler() -> None:
        await on_action(action)

    return handler


def action_buttons(
    t: Translate,
    status: ApplicationStatus,
    on_action: Callable[[OfficerAction], Awaitable[None]],
    busy: bool,
) -> list[ft.Control]:
    buttons: list[ft.Control] = []
    for action in actions_for(status):
        make = primary_button if action in PRIMARY else secondary_button
        buttons.append(
            make(
                f"review-action-{action.value}",
                t(f"review.action.{action.value}"),
                bound(on_action, action),
                disabled=busy,
                icon=ICONS[action],
            )
        )
    if not buttons:
        buttons.append(ft.Text(t("review.no_actions"), size=BODY_SIZE))
    return buttons


def _dialog(
    t: Translate,
    prefix: str,
    title: str,
    body: list[ft.Control],
    confirm: str,
    on_confirm: Handler,
    on_cancel: Handler,
    busy: bool,
) -> ft.AlertDialog:
    return ft.AlertDialog(
        modal=True,
        title=ft.Text(title),
        content=ft.Column(body, tight=True, spacing=12, scroll=ft.ScrollMode.AUTO, width=480),
        actions=[
            secondary_button(f"{prefix}-cancel", t("common.cancel"), on_cancel, disabled=busy),
            primary_button(f"{prefix}-confirm", confirm, on_confirm, disabled=busy),
        ],
    )


def error_line(identifier: str, text: str | None) -> list[ft.Control]:
    if not text:
        return []
    return [with_id(ft.Text(text, size=SMALL_SIZE, color=ft.Colors.ERROR), identifier)]


@dataclass(frozen=True)
class RevisionHandlers:
    target: Callable[[int, str], Any]
    message: Callable[[int, str], Any]
    add: Handler
    remove: Callable[[int], Any]
    send: Handler
    cancel: Handler


def revision_item(
    t: Translate, i: int, item: DraftItem, targets: Sequence[tuple[str, str]], h: RevisionHandlers
) -> ft.Control:
    n = i + 1
    options = [("", t("review.revision.general")), *targets]
    rows: list[ft.Control] = [
        ft.Row(
            [
                picker(
                    f"review-revision-target-{i}",
                    t("review.revision.target", n=n),
                    item.target,
                    options,
                    lambda e: h.target(i, e.control.value or ""),
                ),
                icon_button(
                    f"review-revision-remove-{i}",
                    ft.Icons.DELETE_OUTLINE,
                    t("review.revision.remove", n=n),
                    lambda _e: h.remove(i),
                ),
            ]
        ),
        text_input(
            f"review-revision-message-{i}",
            t("review.revision.message", n=n),
            item.message,
            lambda e: h.message(i, e.control.value or ""),
            max_length=300,
        ),
    ]
    return ft.Column(rows, spacing=8)


def revision_dialog(
    t: Translate,
    draft: Sequence[DraftItem],
    targets: Sequence[tuple[str, str]],
    error: str | None,
    h: RevisionHandlers,
    busy: bool,
) -> ft.AlertDialog:
    body: list[ft.Control] = [ft.Text(t("review.revision.intro"), size=BODY_SIZE)]
    body += [revision_item(t, i, item, targets, h) for i, item in enumerate(draft)]
    body.append(
        secondary_button("review-revision-add", t("review.revision.add"), h.add, icon=ft.Icons.ADD)
    )
    body += error_line("review-revision-error", error)
    return _dialog(
        t,
        "review-revision",
        t("review.revision.title"),
        body,
        t("review.revision.send"),
        h.send,
        h.cancel,
        busy,
    )


def reject_dialog(
    t: Translate,
    reason: str,
    error: str | None,
    on_change: Handler,
    confirm: Handler,
    cancel: Handler,
    busy: bool,
) -> ft.AlertDialog:
    field = text_input(
        "review-reject-reason",
        t("review.reject.reason"),
        reason,
        on_change,
        error=error,
        max_length=NOTE_MAX,
    )
    body: list[ft.Control] = [ft.Text(t("review.reject.intro"), size=BODY_SIZE), field]
    return _dialog(
        t,
        "review-reject",
        t("review.reject.title"),
        body,
        t("review.reject.confirm"),
        confirm,
        cancel,
        busy,
    )


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
    return _dialog(
        t,
        "review-complete",
        t("review.complete.title"),
        body,
        t("review.complete.confirm"),
        h.confirm,
        h.cancel,
        busy,
    )
