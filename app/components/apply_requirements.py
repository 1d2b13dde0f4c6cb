"""Components layer: the attachment requirements of a form — the wallet document picked for each
(auto-picked by type, "sudah kami isi"), another pick, or a new upload by file or camera."""

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

import flet as ft

from app.components.applications import filled_badge
from app.components.apply_fields import attachment_row
from app.components.attachment_upload import use_uploader
from app.components.context import Translate, use_session, use_t
from app.components.document_camera import DocumentCamera, camera_supported
from app.components.feedback import message_banner
from app.components.layout import heading
from app.components.style import BODY_SIZE
from app.state.apply_form import ApplyForm
from contracts.catalog import PublicService, Requirement, RequirementKind
from contracts.documents import DocumentOut

OnAttachment = Callable[[str, str | None], Awaitable[None]]


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


@ft.component
def Requirements(
    service: PublicService,
    form: ApplyForm,
    wallet: Sequence[DocumentOut],
    errors: Mapping[str, str],
    on_attachment: OnAttachment,
) -> ft.Control:
    t, language = use_t(), use_session().language
    added, set_added = ft.use_state(list[DocumentOut]())

    async def uploaded(code: str, doc: DocumentOut) -> None:
        set_added(lambda docs: [doc, *docs])
        await on_attachment(code, doc.id)

    up = use_uploader(t, language, uploaded)
    docs = [*added, *wallet]
    can_shoot = camera_supported()

    def handlers(req: Requirement) -> tuple[Any, Any, Any]:
        async def on_select(e: Any) -> None:
            await on_attachment(req.code, e.control.value or None)

        async def on_upload() -> None:
            await up.pick(req)

        def on_camera() -> None:
            up.open_camera(req)

        return on_select, on_upload, on_camera if can_shoot else None

    wanted = [r for r in service.requirements if r.is_attachment]
    met = [profile_row(t, language, r) for r in service.requirements]
    rows: list[ft.Control] = [r for r in met if r is not None]
    if wanted:
        rows.append(heading(t("apply.attachments_title"), size=20))
    for req in wanted:
        rows.append(
            attachment_row(
                t, language, req, form, docs, errors.get(req.code), handlers(req), up.busy
            )
        )
        if up.camera_for is not None and up.camera_for.code == req.code:
            rows.append(DocumentCamera(up.photographed, up.close_camera, "apply"))
    rows += up.progress_controls(t)
    if up.error:
        rows.append(message_banner("apply-attach-error", up.error))
    return ft.Column(rows, spacing=12, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
