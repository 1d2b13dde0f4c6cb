"""Components layer: picking a photo or PDF from the device (wallet, apply, back office) and the
upload progress row they share."""

import asyncio
from pathlib import Path

import flet as ft

from app.components.context import Translate
from app.components.style import BODY_SIZE
from app.state.documents import PICK_EXTENSIONS
from app.state.store import Note

MAX_PICKED_BYTES = 40 * 1024 * 1024  # bigger picks are refused before reading them in


def progress_row(t: Translate, fraction: float) -> ft.Control:
    percent = round(fraction * 100)
    text = t("documents.uploading", percent=percent)
    bar = ft.ProgressBar(value=fraction, semantics_label=text, semantics_value=percent)
    column = ft.Column([ft.Text(text, size=BODY_SIZE), bar], spacing=6)
    column.key = "documents-upload-progress"
    return ft.Semantics(identifier="documents-upload-progress", live_region=True, content=column)


async def pick_document(picker: ft.FilePicker, title: str) -> tuple[bytes, str] | Note | None:
    """Ask for one photo or PDF: (bytes, file name); a note to show when it cannot be used
    (too big, unreadable); None when the citizen cancelled. Wallet, apply, back office."""
    files = await picker.pick_files(
        dialog_title=title,
        file_type=ft.FilePickerFileType.CUSTOM,
        allowed_extensions=PICK_EXTENSIONS,
        with_data=True,
    )
    if not files:
        return None
    if files[0].size > MAX_PICKED_BYTES:
        return Note("documents.prep.too_large")
    data = await read_picked(files[0])
    if data is None:
        return Note("documents.prep.unreadable")
    return data, files[0].name


async def read_picked(file: ft.FilePickerFile) -> bytes | None:
    """Web and phones hand over the bytes; desktop gives a path (read off the UI thread)."""
    if file.bytes:
        return bytes(file.bytes)
    if file.path:
        return await asyncio.to_thread(Path(file.path).read_bytes)
    return None
