"""Views layer: "Dokumen Saya" — the citizen's document wallet: list with thumbnails, upload
from a file or the camera with progress, save a copy, delete with confirmation."""

from datetime import date
from typing import Any

import flet as ft

from app.components.a11y import full_width, with_id
from app.components.buttons import icon_button, primary_button, secondary_button
from app.components.context import Translate, use_deps, use_t
from app.components.document_camera import DocumentCamera, camera_supported
from app.components.fields import text_input
from app.components.files import pick_document
from app.components.hooks import use_once
from app.components.layout import heading, screen
from app.components.store_status import status_rows, use_store
from app.components.style import BODY_SIZE, SMALL_SIZE
from app.state.documents import TYPE_ORDER, DocumentsStore, Wallet, copy_name, size_text
from app.state.store import Note
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


def upload_form(
    t: Translate, doc_type: str, title: str, busy: bool, handlers: dict[str, Any]
) -> list[ft.Control]:
    """Type, title and the file button (the camera comes after it where there is one)."""
    title_field = text_input(
        "documents-title",
        t("documents.title_label"),
        title,
        handlers["title"],
        hint=t("documents.title_hint"),
        max_length=TITLE_MAX,
        disabled=busy,
    )
    pick = primary_button(
        "documents-pick",
        t("documents.pick"),
        handlers["pick"],
        disabled=busy,
        icon=ft.Icons.UPLOAD_FILE,
    )
    return [
        ft.Text(t("documents.intro"), size=BODY_SIZE),
        type_picker(t, doc_type, handlers["type"], busy),
        title_field,
        ft.Text(t("documents.accepted"), size=SMALL_SIZE),
        pick,
    ]


def camera_row(
    t: Translate, camera_on: bool, busy: bool, handlers: dict[str, Any]
) -> list[ft.Control]:
    """The live camera, or the button that opens it; nothing where there is no camera."""
    if not camera_supported():
        return []
    if camera_on:
        return [DocumentCamera(handlers["photographed"], handlers["camera_off"])]
    return [
        secondary_button(
            "documents-camera",
            t("documents.camera"),
            handlers["camera_on"],
            disabled=busy,
            icon=ft.Icons.PHOTO_CAMERA,
        )
    ]


def wallet_list(
    t: Translate, wallet: Wallet, save_copy: Any, set_deleting: Any
) -> list[ft.Control]:
    rows: list[ft.Control] = [heading(t("documents.list_title"), size=20)]
    if wallet.loaded and not wallet.documents:
        rows.append(with_id(ft.Text(t("documents.empty"), size=BODY_SIZE), "documents-empty"))
    for i, doc in enumerate(wallet.documents):
        on_save, on_delete = item_handlers(doc, save_copy, set_deleting)
        rows.append(document_card(t, i, doc, wallet.thumbnails.get(doc.id), on_save, on_delete))
    return rows


def status(t: Translate, store: DocumentsStore) -> list[ft.Control]:
    """Progress, the problem, "Kirim ulang" for a failed upload worth resending, the notice."""
    retry = store.retry if store.pending is not None else None
    return status_rows(
        t,
        store,
        "documents",
        busy_key="common.please_wait",
        progress=store.progress,
        retry=retry,
        retry_key="documents.retry",
    )


@ft.component
def DocumentsScreen():
    deps, t = use_deps(), use_t()
    store = use_store(deps.documents)
    doc_type, set_doc_type = ft.use_state(DocumentType.KTP.value)
    title, set_title = ft.use_state("")
    no_doc: DocumentOut | None = None
    deleting, set_deleting = ft.use_state(no_doc)  # the confirmation dialog is open for it
    camera_on, set_camera_on = ft.use_state(False)
    picker = use_once(ft.FilePicker)  # a device service: keep the reference
    ft.use_effect(store.load, [])

    async def upload(data: bytes, name: str) -> None:
        if await store.upload(DocumentType(doc_type), title, data, name):
            set_title("")

    async def pick() -> None:
        picked = await pick_document(picker, t("documents.pick"))
        if isinstance(picked, Note):
            store.fail(picked)
        elif picked is not None:
            await upload(*picked)

    async def photographed(data: bytes) -> None:
        set_camera_on(False)
        await upload(data, f"foto-{date.today().isoformat()}.jpg")

    async def save_copy(doc: DocumentOut) -> None:
        data = await store.copy_of(doc)
        name = copy_name(doc)
        if data is not None and (
            await picker.save_file(file_name=name, src_bytes=data) or ft.context.page.web
        ):
            store.tell(Note("documents.saved", {"name": name}))

    async def confirm_delete() -> None:
        set_deleting(None)
        if deleting is not None:
            await store.delete(deleting)

    ft.use_dialog(
        delete_dialog(t, deleting, confirm_delete, lambda: set_deleting(None)) if deleting else None
    )
    handlers = {
        "type": lambda e: set_doc_type(e.control.value or DocumentType.OTHER.value),
        "title": lambda e: set_title(e.control.value or ""),
        "pick": pick,
        "photographed": photographed,
        "camera_on": lambda: set_camera_on(True),
        "camera_off": lambda: set_camera_on(False),
    }
    body = upload_form(t, doc_type, title, store.busy, handlers)
    body += camera_row(t, camera_on, store.busy, handlers)
    body += status(t, store)
    body += wallet_list(t, store.wallet, save_copy, set_deleting)
    return screen(ft.use_view_path(), t("documents.title"), body)
