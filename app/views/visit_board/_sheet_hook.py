"""Views layer: the board's sheet as a hook — which dialog is open (the schedule sheet, its
date picker, cancel, the map pin) and the handlers that call `VisitBoardStore` actions."""

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from typing import Any, cast

import flet as ft

from app.state.visit_board import VisitBoardStore
from app.state.visit_geo import Point, position_text
from app.views.visit_board._dialogs import cancel_dialog, position_body, position_dialog
from app.views.visit_board._sheet import (
    CANCEL,
    PICK_DAY,
    POSITION,
    SCHEDULE,
    Sheet,
    SheetHandlers,
    day_picker,
    schedule_dialog,
    sheet_for,
)
from app.views.visit_board._words import Translate
from contracts.visits import BoardRow

Tiles = tuple[str, str | None] | None
Updater = Callable[[Sheet | None], Sheet | None]
SetSheet = Callable[[Sheet | Updater | None], Any]


def edit(set_sheet: SetSheet, *, only: str | None = None, **fields: Any) -> None:
    """Change the open sheet's fields as they are now (not as they were when the handler was
    made: two events can arrive before a re-render); `only` in that mode."""

    def update(sheet: Sheet | None) -> Sheet | None:
        if sheet is None or (only is not None and sheet.mode != only):
            return sheet
        return replace(sheet, **fields)

    set_sheet(update)


def picked_day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def needs_loads(store: VisitBoardStore, day: date | None) -> bool:
    return day is not None and any(store.load_of(tm.id, day) is None for tm in store.teams)


async def ensure_loads(store: VisitBoardStore, day: date | None) -> None:
    if day is not None and needs_loads(store, day):
        await store.day_loads(day)


def schedule_handlers(
    store: VisitBoardStore, row: BoardRow, sheet: Sheet, set_sheet: SetSheet
) -> SheetHandlers:
    def change(**fields: Any) -> None:
        edit(set_sheet, **fields)

    async def wish(i: int) -> None:
        chosen = row.preferred[i]
        edit(set_sheet, day=chosen.date, window=chosen.window)
        await ensure_loads(store, chosen.date)

    async def confirm() -> None:
        if await store.schedule(row.id, sheet.team, sheet.day, sheet.window, sheet.note):
            set_sheet(None)

    def step(mode: str) -> Callable[[], None]:
        def go() -> None:
            store.clear()
            edit(set_sheet, mode=mode, note="" if mode == CANCEL else sheet.note)

        return go

    def close() -> None:
        store.clear()
        set_sheet(None)

    return SheetHandlers(change, wish, confirm, step(CANCEL), step(POSITION), close)


def day_dialog(
    t: Translate, store: VisitBoardStore, sheet: Sheet, set_sheet: SetSheet
) -> ft.DatePicker:
    async def on_pick(e: Any) -> None:
        day = picked_day(e.control.value) or sheet.day
        edit(set_sheet, mode=SCHEDULE, day=day)
        await ensure_loads(store, day)

    def on_dismiss() -> None:  # after a pick too: then the sheet is already back
        edit(set_sheet, only=PICK_DAY, mode=SCHEDULE)

    return day_picker(t, sheet.day, on_pick, on_dismiss)


def cancel_step(
    t: Translate, store: VisitBoardStore, row: BoardRow, sheet: Sheet, set_sheet: SetSheet
) -> ft.AlertDialog:
    async def confirm() -> None:
        if await store.cancel(row.id, sheet.note):
            set_sheet(None)

    def back() -> None:
        store.clear()
        edit(set_sheet, mode=SCHEDULE)

    def on_note(e: Any) -> None:
        edit(set_sheet, note=e.control.value or "")

    return cancel_dialog(t, store, row, sheet, on_note, confirm, back)


def position_step(
    t: Translate,
    store: VisitBoardStore,
    row: BoardRow,
    sheet: Sheet,
    set_sheet: SetSheet,
    where: tuple[Tiles, Point | None],
) -> ft.AlertDialog:
    async def confirm() -> None:
        if await store.set_position(row.id, sheet.position):
            set_sheet(None)

    def back() -> None:
        store.clear()
        edit(set_sheet, mode=SCHEDULE)

    def on_text(e: Any) -> None:
        edit(set_sheet, position=e.control.value or "")

    def on_tap(e: Any) -> None:
        at = e.coordinates
        edit(set_sheet, position=position_text((at.latitude, at.longitude)))

    body = position_body(t, sheet, on_text, where[0], where[1], on_tap)
    return position_dialog(t, store, row, body, confirm, back)


def sheet_dialog(
    t: Translate,
    store: VisitBoardStore,
    sheet: Sheet,
    set_sheet: SetSheet,
    where: tuple[Tiles, Point | None],
) -> ft.AlertDialog | None:
    row = store.board.find(sheet.visit_id)
    if row is None:
        return None
    if sheet.mode == CANCEL:
        return cancel_step(t, store, row, sheet, set_sheet)
    if sheet.mode == POSITION:
        return position_step(t, store, row, sheet, set_sheet, where)
    return schedule_dialog(t, store, row, sheet, schedule_handlers(store, row, sheet, set_sheet))


def use_sheet(
    t: Translate, store: VisitBoardStore, tiles: Tiles, center: Point | None
) -> Callable[[BoardRow], Any]:
    """The open sheet (as a dialog) and the handler a row's tap calls."""
    sheet, set_sheet = ft.use_state(cast("Sheet | None", None))
    # two hosts, each always one type: the sheet stays open under its date picker (a host
    # that switched types would leave the old dialog open under the new one)
    ft.use_dialog(sheet_dialog(t, store, sheet, set_sheet, (tiles, center)) if sheet else None)
    picking = sheet is not None and sheet.mode == PICK_DAY
    ft.use_dialog(day_dialog(t, store, sheet, set_sheet) if sheet and picking else None)

    def opener(row: BoardRow) -> Callable[[], Any]:
        async def open_row() -> None:
            store.clear()
            chosen = sheet_for(row, store.teams)
            set_sheet(chosen)
            await ensure_loads(store, chosen.day)

        return open_row

    return opener
