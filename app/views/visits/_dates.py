"""Views layer: the two or three preferred dates of a jemput bola visit — a calendar per date
(from tomorrow, Indonesian labels) and morning / afternoon for each; shared by the request
form and "minta tanggal lain"; builders and one component, no I/O."""

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

import flet as ft

from app.components.buttons import choice_buttons, icon_button, secondary_button
from app.components.context import Translate, use_t
from app.components.date_field import calendar_locale
from app.components.style import BODY_SIZE, SMALL_SIZE
from app.components.visits import day_text, window_text
from app.state.visit_form import Slot, first_day, last_day
from contracts.visits import PREFERRED_MAX, PREFERRED_MIN, DayWindow

OnDay = Callable[[int, date], Any]
OnWindow = Callable[[int, DayWindow], Any]


def calendar(t: Translate, today: date, slot: Slot, on_pick: Any, on_dismiss: Any) -> ft.DatePicker:
    start, end = first_day(today), last_day(today)
    current = slot.day if slot.day and start <= slot.day <= end else None
    return ft.DatePicker(
        first_date=datetime(start.year, start.month, start.day),
        last_date=datetime(end.year, end.month, end.day),
        value=datetime(current.year, current.month, current.day) if current else None,
        locale=calendar_locale(t),
        help_text=t("visits.dates.pick"),
        cancel_text=t("common.cancel"),
        confirm_text=t("common.ok"),
        on_change=on_pick,
        on_dismiss=on_dismiss,
    )


def slot_row(t: Translate, prefix: str, i: int, slot: Slot, handlers: dict[str, Any]) -> ft.Control:
    label = day_text(t, slot.day) if slot.day else t("visits.dates.choose")
    title = ft.Text(t("visits.dates.nth", n=i + 1), size=BODY_SIZE, weight=ft.FontWeight.W_600)
    pick = secondary_button(
        f"{prefix}-date-{i}", label, handlers["open"](i), icon=ft.Icons.CALENDAR_MONTH
    )
    options = [(w.value, window_text(t, w)) for w in DayWindow]
    windows = choice_buttons(
        f"{prefix}-window-{i}", options, slot.window.value, handlers["window"](i)
    )
    top: list[ft.Control] = [ft.Container(title, expand=True)]
    if handlers["removable"]:
        label_remove = t("visits.dates.remove", n=i + 1)
        remove = handlers["remove"](i)
        top.append(icon_button(f"{prefix}-date-remove-{i}", ft.Icons.DELETE, label_remove, remove))
    return ft.Column([ft.Row(top), pick, windows], spacing=8)


def add_row(t: Translate, prefix: str, slots: Sequence[Slot], on_add: Any) -> list[ft.Control]:
    if len(slots) >= PREFERRED_MAX:
        return []
    return [
        secondary_button(f"{prefix}-date-add", t("visits.dates.add"), on_add, icon=ft.Icons.ADD)
    ]


@ft.component
def SlotsEditor(
    prefix: str,
    slots: Sequence[Slot],
    today: date,
    on_day: OnDay,
    on_window: OnWindow,
    on_add: Any,
    on_remove: Callable[[int], Any],
    error: str | None = None,
) -> ft.Control:
    """Ids: `{prefix}-date-{i}` (opens the calendar), `{prefix}-window-{i}-morning|afternoon`,
    `{prefix}-date-remove-{i}`, `{prefix}-date-add`, `{prefix}-dates-error`."""
    t = use_t()
    no_pick: int | None = None
    picking, set_picking = ft.use_state(no_pick)  # transient: the calendar is open for one

    async def picked(e: Any) -> None:
        value, index = e.control.value, picking
        set_picking(None)
        if index is not None and isinstance(value, datetime):
            await _call(on_day(index, value.date()))

    open_slot = picking if picking is not None and picking < len(slots) else None
    ft.use_dialog(
        calendar(t, today, slots[open_slot], picked, lambda: set_picking(None))
        if open_slot is not None
        else None
    )
    handlers = {
        "open": lambda i: lambda: set_picking(i),
        "window": lambda i: lambda w: on_window(i, DayWindow(w)),
        "remove": lambda i: lambda: on_remove(i),
        "removable": len(slots) > PREFERRED_MIN,
    }
    rows: list[ft.Control] = [ft.Text(t("visits.dates.intro"), size=SMALL_SIZE)]
    rows += [slot_row(t, prefix, i, s, handlers) for i, s in enumerate(slots)]
    rows += add_row(t, prefix, slots, on_add)
    if error:
        text = ft.Text(error, size=SMALL_SIZE, color=ft.Colors.ERROR)
        text.key = f"{prefix}-dates-error"
        rows.append(ft.Semantics(identifier=f"{prefix}-dates-error", content=text))
    return ft.Column(rows, spacing=12)


async def _call(result: Any) -> None:
    if hasattr(result, "__await__"):
        await result
