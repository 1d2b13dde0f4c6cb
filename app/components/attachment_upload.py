"""Components layer: add an attachment by file or camera — the wallet's own upload (same checks,
same progress bar, same Idempotency-Key retry) — and hand the new document back."""

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

import flet as ft

from app.components.context import Translate, error_text, say, use_deps
from app.components.files import pick_document, progress_row
from app.services.errors import ApiError, AuthExpiredError
from app.services.image_prep import PrepError
from app.state.documents import prepare_upload, send
from app.state.store import Note
from contracts.catalog import Requirement, RequirementKind
from contracts.documents import DocumentOut, DocumentType

OnUploaded = Callable[[str, DocumentOut], Any]


@dataclass(frozen=True)
class Uploader:
    busy: bool
    progress: float | None
    error: str | None
    camera_for: Requirement | None
    pick: Callable[[Requirement], Any]
    open_camera: Callable[[Requirement], Any]
    close_camera: Callable[[], Any]
    photographed: Callable[[bytes], Any]

    def progress_controls(self, t: Translate) -> list[ft.Control]:
        return [progress_row(t, self.progress)] if self.progress is not None else []


def upload_type(req: Requirement) -> DocumentType:
    if req.kind is RequirementKind.DOCUMENT and req.document_type is not None:
        return req.document_type
    return DocumentType.OTHER


def use_uploader(t: Translate, language: str, on_uploaded: OnUploaded) -> Uploader:
    deps = use_deps()
    no_text: str | None = None
    no_progress: float | None = None
    no_req: Requirement | None = None
    busy, set_busy = ft.use_state(False)
    progress, set_progress = ft.use_state(no_progress)
    error, set_error = ft.use_state(no_text)
    camera_for, set_camera_for = ft.use_state(no_req)
    picker = cast(ft.FilePicker, ft.use_state(cast(Any, ft.FilePicker))[0])

    async def upload(req: Requirement, data: bytes, name: str) -> None:
        set_error(None)
        set_busy(True)
        try:
            job = await prepare_upload(upload_type(req), req.label.get(language)[:100], data, name)
            set_progress(0.0)
            doc = await send(deps.auth.api, job, lambda s, n: set_progress(s / n if n else 1.0))
        except PrepError as exc:
            set_error(t(f"documents.prep.{exc.code}"))
        except AuthExpiredError:
            return  # the API client's hook has signed out
        except ApiError as exc:
            set_error(error_text(exc, t))
        else:
            set_busy(False)
            set_progress(None)
            result = on_uploaded(req.code, doc)
            if inspect.isawaitable(result):
                await result
        finally:
            set_busy(False)
            set_progress(None)

    async def pick(req: Requirement) -> None:
        picked = await pick_document(picker, t("documents.pick"))
        if isinstance(picked, Note):
            set_error(say(t, picked))
        elif picked is not None:
            await upload(req, *picked)

    async def photographed(data: bytes) -> None:
        req = camera_for
        set_camera_for(None)
        if req is not None:
            await upload(req, data, f"foto-{date.today().isoformat()}.jpg")

    return Uploader(
        busy,
        progress,
        error,
        camera_for,
        pick,
        set_camera_for,
        lambda: set_camera_for(None),
        photographed,
    )
