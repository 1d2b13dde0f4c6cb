"""Components layer: the attachment requirements of a form — the wallet document picked for each
(auto-picked by type, "sudah kami isi"), another pick, or a new upload by file or camera."""

from collections.abc import Mapping
from typing import Any

import flet as ft

from app.components.applications import filled_badge
from app.components.apply_fields import attachment_row
from app.components.attachment_upload import Uploader, upload_status, use_uploader
from app.components.context import Translate, use_session, use_t
from app.components.document_camera import DocumentCamera, camera_supported
from app.components.layout import heading
from app.components.store_status import use_store
from app.components.style import BODY_SIZE
from app.state.form_edit import FormEdit
from contracts.catalog import Requirement, RequirementKind


def profile_row(t: Translate, language: str, req: Requirement) -> ft.Control | None:
    """A requirement the profile already meets (e.g. "NIK terdaftar di KK"): nothing to bring."""
    if req.kind is not RequirementKind.PROFILE:
        return None
    row = ft.Row(
        [
            ft.Text(req.label.get(language), size=BODY_SIZE, expand=True),
            filled_badge(t, f"apply-profile-req-{req.code}"),
        ],
        wrap=True,
    )
    return row


def requirement_handlers(
    store: FormEdit, up: Uploader, req: Requirement, can_shoot: bool
) -> tuple[Any, Any, Any]:
    """Pick from the wallet, upload a file, open the camera (None where there is none)."""

    async def on_select(e: Any) -> None:
        await store.set_attachment(req.code, e.control.value or None)

    async def on_upload() -> None:
        await up.pick(req)

    def on_camera() -> None:
        up.open_camera(req)

    return on_select, on_upload, on_camera if can_shoot else None


@ft.component
def Requirements(store: FormEdit, errors: Mapping[str, str]) -> ft.Control:
    """The form store's attachment requirements: wallet picks, uploads and their status."""
    t, language = use_t(), use_session().language
    use_store(store)
    up = use_uploader(t, language, store)
    service, form = store.service, store.form
    if service is None or form is None:
        return ft.Column([])
    can_shoot = camera_supported()
    wanted = [r for r in service.requirements if r.is_attachment]
    met = [profile_row(t, language, r) for r in service.requirements]
    rows: list[ft.Control] = [r for r in met if r is not None]
    if wanted:
        rows.append(heading(t("apply.attachments_title"), size=20))
    for req in wanted:
        handlers = requirement_handlers(store, up, req, can_shoot)
        error = errors.get(req.code)
        rows.append(attachment_row(t, language, req, form, store.wallet, error, handlers, up.busy))
        if up.camera_for is not None and up.camera_for.code == req.code:
            rows.append(DocumentCamera(up.photographed, up.close_camera, "apply"))
    rows += upload_status(t, store)
    return ft.Column(rows, spacing=12, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
