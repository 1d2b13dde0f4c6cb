"""Views layer: acting on the application on screen — which dialog is open (revision request,
rejection, completion) and what a tap on an action button does; every step is an
`OfficerApplicationStore` action."""

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

import flet as ft

from app.components.context import Translate, say
from app.state.officer_application import OfficerApplicationStore
from app.views.officer._actions import Closing, use_reject, use_revision
from app.views.officer._complete import use_completion
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


def use_acting(
    t: Translate, store: OfficerApplicationStore, title: str, targets: Sequence[tuple[str, str]]
) -> Acting:
    """`title`: the result document's default title (the service's name); `targets`: what a
    revision item can point at. Steps without a dialog are sent at once."""
    no_dialog: OfficerAction | None = None
    open_dialog, set_dialog = ft.use_state(no_dialog)

    def cancel() -> None:
        set_dialog(None)
        store.clear()

    closing = Closing(lambda: set_dialog(None), cancel)
    openings = {
        OfficerAction.REQUEST_REVISION: use_revision(t, store, targets, closing),
        OfficerAction.REJECT: use_reject(t, store, closing),
        OfficerAction.COMPLETE: use_completion(t, store, title, closing),
    }

    async def on_action(action: OfficerAction) -> None:
        store.clear()
        opening = openings.get(action)
        if opening is None:
            await store.act(ActionIn(action=action))
            return
        opening.start()
        set_dialog(action)

    shown = openings.get(open_dialog) if open_dialog and store.detail else None
    return Acting(on_action, shown.show(dialog_error(t, store)) if shown else None)
