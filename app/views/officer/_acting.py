"""Views layer: acting on the application on screen — which dialog is open (revision request,
rejection, completion) and what a tap on an action button does; every step is an
`OfficerApplicationStore` action."""

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import flet as ft

from app.components.context import Translate, say
from app.state.officer_application import OfficerApplicationStore
from app.views.officer._actions import reject_dialog, revision_dialog, use_revision
from app.views.officer._complete import complete_dialog, use_completion
from contracts.applications import ActionIn, OfficerAction


@dataclass(frozen=True)
class Acting:
    on_action: Callable[[OfficerAction], Awaitable[None]]  # an action button was tapped
    dialog: ft.AlertDialog | None  # the open dialog, if any


def dialog_error(t: Translate, store: OfficerApplicationStore) -> str | None:
    """The store's problem, shown in the open dialog (a change by another officer closes
    the dialog and is shown on the screen instead)."""
    if store.problem is None or store.changed:
        return None
    return say(t, store.problem)


def use_reject(store: OfficerApplicationStore, done: Callable[[], None]) -> tuple[Any, ...]:
    """The reason being typed, its change handler, sending it, and resetting it."""
    reason, set_reason = ft.use_state("")

    async def confirm() -> None:
        if await store.reject(reason):
            done()

    return reason, lambda e: set_reason(e.control.value or ""), confirm, lambda: set_reason("")


def use_acting(
    t: Translate, store: OfficerApplicationStore, title: str, targets: Sequence[tuple[str, str]]
) -> Acting:
    """`title`: the result document's default title (the service's name); `targets`: what a
    revision item can point at."""
    no_dialog: str | None = None
    open_dialog, set_dialog = ft.use_state(no_dialog)

    def done() -> None:  # the step was sent: the screen shows the outcome
        set_dialog(None)

    def cancel() -> None:
        set_dialog(None)
        store.clear()

    revision = use_revision(store, done, cancel)
    reason, on_reason, confirm_reject, reset_reason = use_reject(store, done)
    error = dialog_error(t, store)
    completion = use_completion(t, store, error, done, cancel)
    starts = {
        OfficerAction.REQUEST_REVISION: revision.start,
        OfficerAction.REJECT: reset_reason,
        OfficerAction.COMPLETE: lambda: completion.start(title),
    }

    async def on_action(action: OfficerAction) -> None:
        store.clear()
        start = starts.get(action)
        if start is None:
            await store.act(ActionIn(action=action))
            return
        start()
        set_dialog(action.value)

    busy = store.busy
    dialogs = {
        OfficerAction.REQUEST_REVISION.value: lambda: revision_dialog(
            t, revision.draft, targets, error, revision.handlers, busy
        ),
        OfficerAction.REJECT.value: lambda: reject_dialog(
            t, reason, error, on_reason, confirm_reject, cancel, busy
        ),
        OfficerAction.COMPLETE.value: lambda: complete_dialog(
            t, completion.form, completion.handlers, busy
        ),
    }
    shown = dialogs[open_dialog]() if open_dialog in dialogs and store.detail else None
    return Acting(on_action, shown)
