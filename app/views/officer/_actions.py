"""Views layer: the officer's action buttons (only those the status allows), the dialogs for
a revision request and a rejection, and the revision items being written."""

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import flet as ft

from app.components.a11y import with_id
from app.components.buttons import icon_button, primary_button, secondary_button
from app.components.catalog import picker
from app.components.context import Translate
from app.components.fields import text_input
from app.components.style import BODY_SIZE, SMALL_SIZE
from app.state.officer import DraftItem, actions_for
from app.state.officer_application import OfficerApplicationStore
from contracts.applications import NOTE_MAX, ApplicationStatus, OfficerAction

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


def dialog(
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
        picker(
            f"review-revision-target-{i}",
            t("review.revision.target", n=n),
            item.target,
            options,
            lambda e: h.target(i, e.control.value or ""),
        ),
        text_input(
            f"review-revision-message-{i}",
            t("review.revision.message", n=n),
            item.message,
            lambda e: h.message(i, e.control.value or ""),
            max_length=300,
        ),
        ft.Row(
            [
                icon_button(
                    f"review-revision-remove-{i}",
                    ft.Icons.DELETE_OUTLINE,
                    t("review.revision.remove", n=n),
                    lambda _e: h.remove(i),
                )
            ],
            alignment=ft.MainAxisAlignment.END,
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
    return dialog(
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
    return dialog(
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
class Opening:
    """One action's dialog: `start` resets what it holds, `show` builds it with the error
    line to show (the store's problem)."""

    start: Callable[[], None]
    show: Callable[[str | None], ft.AlertDialog]


@dataclass(frozen=True)
class Closing:
    done: Callable[[], None]  # the step was sent: the screen shows the outcome
    cancel: Callable[[], None]


def draft_edits(set_draft: Callable[[Any], None]) -> tuple[Handler, Handler, Handler, Handler]:
    """Change an item's target or message, add an item, remove one (the draft is a tuple)."""

    def edit(i: int, **change: str) -> None:
        set_draft(
            lambda items: tuple(replace(d, **change) if n == i else d for n, d in enumerate(items))
        )

    def target(i: int, value: str) -> None:
        edit(i, target=value)

    def message(i: int, value: str) -> None:
        edit(i, message=value)

    def add(_e: Any = None) -> None:
        set_draft(lambda items: (*items, DraftItem()))

    def remove(i: int) -> None:
        set_draft(lambda items: tuple(d for n, d in enumerate(items) if n != i))

    return target, message, add, remove


def use_revision(
    t: Translate,
    store: OfficerApplicationStore,
    targets: Sequence[tuple[str, str]],
    closing: Closing,
) -> Opening:
    """The revision request's items while its dialog is open (what is typed is the screen's;
    checking and sending them is the store's)."""
    no_draft: tuple[DraftItem, ...] = ()
    draft, set_draft = ft.use_state(no_draft)

    async def send() -> None:
        if await store.request_revision(draft):
            closing.done()

    target, message, add, remove = draft_edits(set_draft)
    handlers = RevisionHandlers(target, message, add, remove, send, closing.cancel)
    return Opening(
        lambda: set_draft((DraftItem(),)),
        lambda error: revision_dialog(t, draft, targets, error, handlers, store.busy),
    )


def use_reject(t: Translate, store: OfficerApplicationStore, closing: Closing) -> Opening:
    """The reason being typed; checking and sending it is the store's."""
    reason, set_reason = ft.use_state("")

    async def confirm() -> None:
        if await store.reject(reason):
            closing.done()

    def on_change(e: Any) -> None:
        set_reason(e.control.value or "")

    return Opening(
        lambda: set_reason(""),
        lambda error: reject_dialog(
            t, reason, error, on_change, confirm, closing.cancel, store.busy
        ),
    )
