"""Views layer: the visit's steps — on the way, arrived, the outcome per service with
"Selesai", or "Tidak dapat dilayani" with a reason; each button only when the status allows."""

from collections.abc import Callable
from typing import Any

import flet as ft

from app.components.a11y import full_width, with_id
from app.components.buttons import primary_button, secondary_button
from app.components.context import Translate, use_t
from app.components.feedback import message_banner
from app.components.officer import block
from app.components.style import BODY_SIZE
from app.state.field import Stop, allowed
from app.state.field_day import FieldDayStore
from contracts.visits import NotCompletedReason, VisitAction


def move_buttons(t: Translate, store: FieldDayStore, stop: Stop) -> list[ft.Control]:
    visit_id, status = stop.visit.id, stop.status

    async def depart() -> None:
        await store.depart(visit_id)

    async def arrive() -> None:
        await store.arrive(visit_id)

    return [
        primary_button(
            "field-depart",
            t("field.visit.depart"),
            depart,
            disabled=not allowed(status, VisitAction.DEPART),
            icon=ft.Icons.DIRECTIONS_CAR,
        ),
        primary_button(
            "field-arrive",
            t("field.visit.arrive"),
            arrive,
            disabled=not allowed(status, VisitAction.ARRIVE),
            icon=ft.Icons.HOME,
        ),
    ]


def outcome_boxes(
    t: Translate, lang: str, stop: Stop, done: dict[str, bool], toggle: Callable[[str], Any]
) -> list[ft.Control]:
    boxes: list[ft.Control] = []
    for service in stop.visit.services:
        ok = done.get(service.code, True)
        key = "field.finish.done" if ok else "field.finish.not_done"
        box = ft.Checkbox(
            label=t(key, service=service.name.get(lang)),
            value=ok,
            on_change=toggle(service.code),
            label_style=ft.TextStyle(size=BODY_SIZE),
        )
        boxes.append(with_id(box, f"field-done-{service.code}"))
    return boxes


def reason_picker(t: Translate, value: str, on_select: Callable[..., Any]) -> ft.Control:
    options = [
        ft.DropdownOption(key=r.value, text=t(f"field.reason.{r.value}"))
        for r in NotCompletedReason
    ]
    dropdown = ft.Dropdown(
        label=t("field.finish.reason"),
        value=value,
        options=options,
        on_select=on_select,
        text_size=BODY_SIZE,
    )
    return full_width(dropdown, "field-reason")


@ft.component
def FinishPart(store: FieldDayStore, stop: Stop, lang: str) -> ft.Control:
    t = use_t()
    done, set_done = ft.use_state(dict[str, bool]())
    asking, set_asking = ft.use_state(False)
    reason, set_reason = ft.use_state(NotCompletedReason.NOT_HOME.value)
    visit_id, status = stop.visit.id, stop.status
    if not status.is_open:
        return message_banner("field-closed", t("field.finish.closed"), error=False)

    def toggle(code: str) -> Callable[[ft.Event[ft.Checkbox]], None]:
        return lambda e: set_done({**done, code: bool(e.control.value)})

    async def complete() -> None:
        await store.complete(
            visit_id, {s.code: done.get(s.code, True) for s in stop.visit.services}
        )

    async def not_complete() -> None:
        await store.not_complete(visit_id, NotCompletedReason(reason))

    rows = outcome_boxes(t, lang, stop, done, toggle)
    can_complete = allowed(status, VisitAction.COMPLETE)
    rows.append(
        primary_button(
            "field-complete",
            t("field.finish.complete"),
            complete,
            disabled=not can_complete,
            icon=ft.Icons.CHECK,
        )
    )
    can_stop = allowed(status, VisitAction.NOT_COMPLETE)
    if asking and can_stop:
        rows += [
            reason_picker(t, reason, lambda e: set_reason(e.control.value or reason)),
            primary_button(
                "field-not-complete-confirm", t("field.finish.confirm_not_complete"), not_complete
            ),
        ]
    else:
        rows.append(
            secondary_button(
                "field-not-complete",
                t("field.finish.not_complete"),
                lambda: set_asking(True),
                disabled=not can_stop,
            )
        )
    return block("field-finish", t("field.finish.title"), rows)
