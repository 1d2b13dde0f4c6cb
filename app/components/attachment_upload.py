"""Components layer: add an attachment by file or camera — the device's side of a form store's
upload (`state/form_edit.py`: the wallet's checks, progress bar and Idempotency-Key retry)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import flet as ft

from app.components.context import Translate
from app.components.files import pick_document
from app.components.hooks import use_once
from app.components.store_status import status_rows, use_store
from app.state.form_edit import FormEdit
from app.state.store import Note
from contracts.catalog import Requirement


@dataclass(frozen=True)
class Uploader:
    """What the requirement rows need: busy, the requirement the camera is open for, and the
    handlers (pick a file, open / close the camera, a photo taken)."""

    busy: bool
    camera_for: Requirement | None
    pick: Callable[[Requirement], Any]
    open_camera: Callable[[Requirement], Any]
    close_camera: Callable[[], Any]
    photographed: Callable[[bytes], Any]


def upload_status(t: Translate, store: FormEdit) -> list[ft.Control]:
    """Progress, the problem (`apply-attach-error`) and "Kirim ulang" (`apply-attach-retry`)
    for an upload that may pass when sent again."""
    uploads = store.uploads
    retry = store.retry_upload if uploads.pending is not None else None
    return status_rows(
        t,
        uploads,
        "apply-attach",
        busy_key="common.please_wait",
        progress=uploads.progress,
        retry=retry,
        retry_key="documents.retry",
    )


def use_uploader(t: Translate, language: str, store: FormEdit) -> Uploader:
    uploads = use_store(store.uploads)
    no_req: Requirement | None = None
    camera_for, set_camera_for = ft.use_state(no_req)  # transient: the camera is open
    picker = use_once(ft.FilePicker)  # a device service: keep the reference

    async def upload(req: Requirement, data: bytes, name: str) -> None:
        await store.upload(req, req.label.get(language), data, name)

    async def pick(req: Requirement) -> None:
        picked = await pick_document(picker, t("documents.pick"))
        if isinstance(picked, Note):
            uploads.fail(picked)
        elif picked is not None:
            await upload(req, *picked)

    async def photographed(data: bytes) -> None:
        req = camera_for
        set_camera_for(None)
        if req is not None:
            await upload(req, data, f"foto-{date.today().isoformat()}.jpg")

    return Uploader(
        uploads.busy, camera_for, pick, set_camera_for, lambda: set_camera_for(None), photographed
    )
