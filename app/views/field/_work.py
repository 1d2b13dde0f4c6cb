"""Views layer: the work at a visit — each service's checklist, photos (camera or a picked
file, shrunk and queued on the device) and the officer's note."""

from collections.abc import Callable
from typing import Any

import flet as ft

from app.components.a11y import with_id
from app.components.buttons import primary_button, secondary_button
from app.components.context import Translate, use_t
from app.components.document_camera import DocumentCamera, camera_supported
from app.components.files import pick_document
from app.components.hooks import use_once
from app.components.officer import block
from app.components.style import BODY_SIZE
from app.state.field_day import FieldDayStore
from app.state.store import Note
from contracts.visits import FieldService


def item_id(service: FieldService, index: int) -> str:
    return f"{service.code}:{index}"


def checklist(
    t: Translate, lang: str, service: FieldService, checked: list[str], tick: Callable[..., Any]
) -> ft.Control:
    """One checkbox per step the service's checklist names (ticks are kept on the device)."""
    boxes: list[ft.Control] = []
    for i, item in enumerate(service.checklist):
        box = ft.Checkbox(
            label=item.get(lang),
            value=item_id(service, i) in checked,
            on_change=tick(item_id(service, i)),
            label_style=ft.TextStyle(size=BODY_SIZE),
        )
        boxes.append(with_id(box, f"field-check-{service.code}-{i}"))
    title = t("field.checklist.title", service=service.name.get(lang))
    return block(f"field-checklist-{service.code}", title, boxes)


def tick_handler(store: FieldDayStore, visit_id: str) -> Callable[[str], Any]:
    def for_item(item: str) -> Any:
        async def changed(e: ft.Event[ft.Checkbox]) -> None:
            await store.tick(visit_id, item, bool(e.control.value))

        return changed

    return for_item


def note_field(t: Translate, store: FieldDayStore, visit_id: str) -> ft.Control:
    async def typed(e: ft.Event[ft.TextField]) -> None:
        await store.set_note(visit_id, e.control.value or "")

    note = ft.TextField(
        label=t("field.note"),
        value=store.draft(visit_id).note,
        on_change=typed,
        multiline=True,
        min_lines=2,
        max_lines=5,
        max_length=1000,
        text_size=BODY_SIZE,
    )
    return with_id(note, "field-note")


@ft.component
def PhotosPart(store: FieldDayStore, visit_id: str) -> ft.Control:
    t = use_t()
    camera_open, set_camera_open = ft.use_state(False)
    picker = use_once(ft.FilePicker)  # a device service: keep the reference

    async def photographed(data: bytes) -> None:
        set_camera_open(False)
        await store.add_photo(visit_id, data)

    async def pick() -> None:
        picked = await pick_document(picker, t("field.photos.pick"))
        if isinstance(picked, Note):
            store.fail(picked)
        elif picked is not None:
            await store.add_photo(visit_id, picked[0])

    count = len(store.draft(visit_id).photos)
    rows: list[ft.Control] = [
        with_id(ft.Text(t("field.photos.count", count=count), size=BODY_SIZE), "field-photos")
    ]
    if camera_open:
        rows.append(DocumentCamera(photographed, lambda: set_camera_open(False), "field-photo"))
    elif camera_supported():
        open_camera = lambda: set_camera_open(True)  # noqa: E731
        rows.append(
            primary_button(
                "field-photo-take", t("field.photos.take"), open_camera, icon=ft.Icons.CAMERA_ALT
            )
        )
    rows += [
        secondary_button("field-photo-pick", t("field.photos.pick"), pick, icon=ft.Icons.IMAGE),
        note_field(t, store, visit_id),
    ]
    return block("field-photos-block", t("field.photos.title"), rows)
