"""Views layer: an optional supporting document for a jemput bola request (a doctor's letter,
a photo of the person bedridden) — picked from the wallet, or a new file or photo through the
wallet's file pick and camera components; the upload itself is the store's."""

from dataclasses import dataclass
from datetime import date
from typing import Any

import flet as ft

from app.components.a11y import with_id
from app.components.apply_fields import document_text
from app.components.buttons import secondary_button
from app.components.catalog import section
from app.components.context import Translate
from app.components.document_camera import DocumentCamera, camera_supported
from app.components.files import pick_document
from app.components.hooks import use_once
from app.components.store_status import status_rows, use_store
from app.components.style import BODY_SIZE
from app.state.store import Note
from app.state.visit_request import VisitRequestStore


@dataclass(frozen=True)
class Support:
    camera_open: bool
    pick: Any
    open_camera: Any
    close_camera: Any
    photographed: Any


def use_support(t: Translate, store: VisitRequestStore) -> Support:
    use_store(store.uploads)
    camera_open, set_camera_open = ft.use_state(False)  # transient: the camera is on
    picker = use_once(ft.FilePicker)  # a device service: keep the reference
    title = t("visits.support.title_doc")

    async def pick() -> None:
        picked = await pick_document(picker, t("documents.pick"))
        if isinstance(picked, Note):
            store.uploads.fail(picked)
        elif picked is not None:
            await store.upload(picked[0], picked[1], title)

    async def photographed(data: bytes) -> None:
        set_camera_open(False)
        await store.upload(data, f"foto-{date.today().isoformat()}.jpg", title)

    return Support(
        camera_open,
        pick,
        lambda: set_camera_open(True),
        lambda: set_camera_open(False),
        photographed,
    )


def document_rows(t: Translate, store: VisitRequestStore) -> list[ft.Control]:
    form = store.form
    assert form is not None
    current = [d for d in store.wallet if d.superseded_at is None]

    def toggle(doc_id: str) -> Any:
        return lambda _: store.toggle_document(doc_id)

    return [
        with_id(
            ft.Checkbox(
                label=document_text(t, d),
                value=d.id in form.document_ids,
                on_change=toggle(d.id),
                label_style=ft.TextStyle(size=BODY_SIZE),
            ),
            f"visit-form-document-{d.id}",
        )
        for d in current
    ]


def support_section(t: Translate, store: VisitRequestStore, up: Support) -> ft.Control:
    rows: list[ft.Control] = [ft.Text(t("visits.support.intro"), size=16)]
    rows += document_rows(t, store)
    busy = store.uploads.busy
    rows.append(
        secondary_button(
            "visit-form-upload",
            t("visits.support.upload"),
            up.pick,
            disabled=busy,
            icon=ft.Icons.UPLOAD_FILE,
        )
    )
    if camera_supported() and not up.camera_open:
        rows.append(
            secondary_button(
                "visit-form-camera",
                t("visits.support.camera"),
                up.open_camera,
                disabled=busy,
                icon=ft.Icons.PHOTO_CAMERA,
            )
        )
    if up.camera_open:
        rows.append(DocumentCamera(up.photographed, up.close_camera, "visit-form"))
    retry = store.retry_upload if store.uploads.pending is not None else None
    rows += status_rows(
        t,
        store.uploads,
        "visit-form-attach",
        busy_key="common.please_wait",
        progress=store.uploads.progress,
        retry=retry,
        retry_key="documents.retry",
    )
    return section("visit-form-support", t("visits.support.title"), rows)
