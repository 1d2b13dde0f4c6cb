"""Views layer: "Dokumen Saya" — the citizen's document wallet: list with thumbnails, upload
from a file or the camera with progress, save a copy, delete with confirmation."""

from datetime import date
from typing import Any, cast

import flet as ft

from app.components.a11y import full_width, with_id
from app.components.buttons import icon_button, primary_button, secondary_button
from app.components.context import Translate, error_text, use_deps, use_t
from app.components.document_camera import DocumentCamera, camera_supported
from app.components.feedback import busy_indicator, message_banner
from app.components.fields import text_input
from app.components.files import pick_document, progress_row
from app.components.layout import heading, screen
from app.components.style import BODY_SIZE, SMALL_SIZE
from app.services import documents_api
from app.services.errors import ApiError, AuthExpiredError
from app.services.image_prep import PrepError
from app.state.documents import (
    TYPE_ORDER,
    PendingUpload,
    Wallet,
    prepare_upload,
    send,
    size_text,
    worth_retrying,
)
from contracts.documents import TITLE_MAX, DocumentOut, DocumentType

THUMB = 72


def type_label(t: Translate, doc_type: DocumentType) -> str:
    return t(f"documents.type.{doc_type.value}")


def type_picker(t: Translate, value: str, on_select: Any, disabled: bool) -> ft.Control:
    dropdown = ft.Dropdown(
        label=t("documents.type_label"),
        value=value,
        options=[ft.DropdownOption(key=d.value, text=type_label(t, d)) for d in TYPE_ORDER],
        on_select=on_select,
        disabled=disabled,
        expand=True,
        text_size=BODY_SIZE,
        label_style=ft.TextStyle(size=BODY_SIZE),
    )
    return full_width(dropdown, "documents-type")


def thumbnail_box(t: Translate, index: int, doc: DocumentOut, data: bytes | None) -> ft.Control:
    label = t("documents.thumbnail", type=type_label(t, doc.type))
    if data is None:  # still loading
        icon = ft.Icons.PICTURE_AS_PDF if doc.media_type == "application/pdf" else ft.Icons.IMAGE
        inner: ft.Control = ft.Icon(icon, size=40, semantics_label=label)
    else:
        inner = ft.Image(
            src=data,
            width=THUMB,
            height=THUMB,
            fit=ft.BoxFit.COVER,
            semantics_label=label,
            border_radius=8,
        )
    box = ft.Container(content=inner, width=THUMB, height=THUMB, alignment=ft.Alignment.CENTER)
    box.key = f"documents-thumb-{index}"
    return ft.Semantics(identifier=f"documents-thumb-{index}", label=label, image=True, content=box)


def meta_text(t: Translate, doc: DocumentOut) -> str:
    when = doc.created_at.astimezone().strftime("%d/%m/%Y")
    text = t("documents.meta", date=when, size=size_text(doc.size))
    return f"{text} · {t('documents.pages', pages=doc.pages)}" if doc.pages else text


def document_card(
    t: Translate, index: int, doc: DocumentOut, thumb: bytes | None, on_save: Any, on_delete: Any
) -> ft.Control:
    name = type_label(t, doc.type)
    details = ft.Column(
        [
            ft.Text(name, size=BODY_SIZE, weight=ft.FontWeight.W_600),
            *([ft.Text(doc.title, size=SMALL_SIZE)] if doc.title else []),
            ft.Text(meta_text(t, doc), size=SMALL_SIZE),
        ],
        spacing=2,
        expand=True,
    )
    actions = ft.Row(
        [
            icon_button(
                f"documents-save-{index}",
                ft.Icons.DOWNLOAD,
                t("documents.save", type=name),
                on_save,
            ),
            icon_button(
                f"documents-delete-{index}",
                ft.Icons.DELETE_OUTLINE,
                t("documents.delete", type=name),
                on_delete,
            ),
        ],
        spacing=0,
    )
    row = ft.Row([thumbnail_box(t, index, doc, thumb), details], spacing=12)
    card = ft.Card(content=ft.Container(content=ft.Column([row, actions], spacing=4), padding=12))
    card.key = f"documents-item-{index}"
    return ft.Semantics(identifier=f"documents-item-{index}", container=True, content=card)


def delete_dialog(
    t: Translate, doc: DocumentOut, on_confirm: Any, on_cancel: Any
) -> ft.AlertDialog:
    return ft.AlertDialog(
        modal=True,
        title=ft.Text(t("documents.delete_title")),
        content=ft.Text(t("documents.delete_body", type=type_label(t, doc.type)), size=BODY_SIZE),
        actions=[
            secondary_button("documents-delete-cancel", t("common.cancel"), on_cancel),
            primary_button("documents-delete-confirm", t("documents.delete_confirm"), on_confirm),
        ],
    )


def item_handlers(doc: DocumentOut, save_copy: Any, set_deleting: Any) -> tuple[Any, Any]:
    """Click handlers bound to one document (no parameters: Flet passes none then)."""

    async def on_save() -> None:
        await save_copy(doc)

    def on_delete() -> None:
        set_deleting(doc)

    return on_save, on_delete


@ft.component
def DocumentsScreen():
    deps, t = use_deps(), use_t()
    api = deps.auth.api
    no_text: str | None = None
    no_job: PendingUpload | None = None
    no_doc: DocumentOut | None = None
    no_progress: float | None = None
    wallet, set_wallet = ft.use_state(Wallet())
    doc_type, set_doc_type = ft.use_state(DocumentType.KTP.value)
    title, set_title = ft.use_state("")
    busy, set_busy = ft.use_state(False)
    progress, set_progress = ft.use_state(no_progress)
    banner, set_banner = ft.use_state(no_text)
    notice, set_notice = ft.use_state(no_text)
    pending, set_pending = ft.use_state(no_job)
    deleting, set_deleting = ft.use_state(no_doc)
    camera_on, set_camera_on = ft.use_state(False)
    picker = cast(ft.FilePicker, ft.use_state(cast(Any, ft.FilePicker))[0])  # keep the service

    async def guarded(action: Any) -> bool:
        """Run an API action; show the error and return False when it fails."""
        try:
            await action()
        except AuthExpiredError:
            await deps.auth.session_expired()
            return False
        except ApiError as exc:
            set_banner(error_text(exc, t))
            return False
        return True

    async def load_thumbnails(docs: list[DocumentOut]) -> None:
        for doc in docs:

            async def fetch(doc: DocumentOut = doc) -> None:
                data = await documents_api.thumbnail(api, doc)
                set_wallet(lambda w: w.with_thumbnail(doc.id, data))

            if not await guarded(fetch):
                return

    async def load() -> None:
        set_busy(True)
        listed: list[DocumentOut] = []

        async def fetch() -> None:
            result = await documents_api.list_documents(api)
            listed.extend(result.documents)
            set_wallet(lambda w: w.with_list(result))

        ok = await guarded(fetch)
        set_busy(False)
        if ok:
            await load_thumbnails(listed)

    ft.use_effect(load, [])

    async def send_pending(job: PendingUpload) -> None:
        set_busy(True)
        set_banner(None)
        set_progress(0.0)
        uploaded: list[DocumentOut] = []

        def on_progress(sent: int, total: int) -> None:
            set_progress(sent / total if total else 1.0)

        try:
            uploaded.append(await send(api, job, on_progress))
        except AuthExpiredError:
            await deps.auth.session_expired()
        except ApiError as exc:
            set_banner(error_text(exc, t))
            set_pending(job if worth_retrying(exc) else None)
        finally:
            set_busy(False)
            set_progress(None)
        if uploaded:
            doc = uploaded[0]
            set_pending(None)
            set_title("")
            set_wallet(lambda w: w.added(doc))
            set_notice(t("documents.uploaded", type=type_label(t, doc.type)))
            await load_thumbnails([doc])

    async def upload_bytes(data: bytes, name: str) -> None:
        set_banner(None)
        set_notice(None)
        set_busy(True)
        try:
            job = await prepare_upload(DocumentType(doc_type), title, data, name)
        except PrepError as exc:
            set_banner(t(f"documents.prep.{exc.code}"))
            set_busy(False)
            return
        await send_pending(job)

    async def pick() -> None:
        picked = await pick_document(picker, t("documents.pick"), t)
        if isinstance(picked, str):
            set_banner(picked)
        elif picked is not None:
            await upload_bytes(*picked)

    async def photographed(data: bytes) -> None:
        set_camera_on(False)
        await upload_bytes(data, f"foto-{date.today().isoformat()}.jpg")

    async def retry() -> None:
        if pending is not None:
            await send_pending(pending)

    async def save_copy(doc: DocumentOut) -> None:
        async def fetch_and_save() -> None:
            data = await documents_api.file_content(api, doc)
            ext = {"application/pdf": "pdf", "image/png": "png"}.get(doc.media_type, "jpg")
            name = f"{doc.type.value}-{doc.id[:8]}.{ext}"
            path = await picker.save_file(file_name=name, src_bytes=data)
            if path or ft.context.page.web:
                set_notice(t("documents.saved", name=name))

        set_banner(None)
        await guarded(fetch_and_save)

    async def confirm_delete() -> None:
        doc = deleting
        set_deleting(None)
        if doc is None:
            return

        async def remove() -> None:
            await documents_api.delete(api, doc.id)
            set_wallet(lambda w: w.removed(doc.id))
            set_notice(t("documents.deleted"))

        set_busy(True)
        set_banner(None)
        await guarded(remove)
        set_busy(False)

    ft.use_dialog(
        delete_dialog(t, deleting, confirm_delete, lambda: set_deleting(None)) if deleting else None
    )

    def on_type(e: Any) -> None:
        set_doc_type(e.control.value or DocumentType.OTHER.value)

    body: list[ft.Control] = [
        ft.Text(t("documents.intro"), size=BODY_SIZE),
        type_picker(t, doc_type, on_type, busy),
        text_input(
            "documents-title",
            t("documents.title_label"),
            title,
            lambda e: set_title(e.control.value or ""),
            hint=t("documents.title_hint"),
            max_length=TITLE_MAX,
            disabled=busy,
        ),
        ft.Text(t("documents.accepted"), size=SMALL_SIZE),
        primary_button(
            "documents-pick", t("documents.pick"), pick, disabled=busy, icon=ft.Icons.UPLOAD_FILE
        ),
    ]
    if camera_supported():
        if camera_on:
            body.append(DocumentCamera(photographed, lambda: set_camera_on(False)))
        else:
            body.append(
                secondary_button(
                    "documents-camera",
                    t("documents.camera"),
                    lambda: set_camera_on(True),
                    disabled=busy,
                    icon=ft.Icons.PHOTO_CAMERA,
                )
            )
    if progress is not None:
        body.append(progress_row(t, progress))
    elif busy:
        body.append(busy_indicator(t("common.please_wait")))
    if banner:
        body.append(message_banner("documents-error", banner))
    if pending is not None and not busy:
        body.append(
            secondary_button("documents-retry", t("documents.retry"), retry, icon=ft.Icons.REFRESH)
        )
    if notice:
        body.append(message_banner("documents-notice", notice, error=False))
    body.append(heading(t("documents.list_title"), size=20))
    if wallet.loaded and not wallet.documents:
        empty = ft.Text(t("documents.empty"), size=BODY_SIZE)
        body.append(with_id(empty, "documents-empty"))
    for i, doc in enumerate(wallet.documents):
        on_save, on_delete = item_handlers(doc, save_copy, set_deleting)
        body.append(document_card(t, i, doc, wallet.thumbnails.get(doc.id), on_save, on_delete))
    return screen(ft.use_view_path(), t("documents.title"), body)
