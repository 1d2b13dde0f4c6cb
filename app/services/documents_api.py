"""Services layer: the document wallet API (list, upload with progress, thumbnail, file,
delete); no flet imports."""

import io
import uuid
from collections.abc import Callable

from app.services.api import API, ApiClient
from app.services.image_prep import Prepared
from contracts.documents import DocumentList, DocumentOut, DocumentType

Progress = Callable[[int, int], None]  # (bytes sent, total bytes)
BASE = f"{API}/me/documents"


class _ProgressReader(io.BytesIO):
    """httpx reads multipart files in 64 KiB chunks; each read reports how far it got."""

    def __init__(self, data: bytes, on_progress: Progress | None) -> None:
        super().__init__(data)
        self._total = len(data)
        self._on_progress = on_progress

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        if self._on_progress is not None:
            self._on_progress(self.tell(), self._total)
        return chunk


def new_idempotency_key() -> str:
    """One per logical upload: a retry after a lost answer reuses it and gets no duplicate."""
    return str(uuid.uuid4())


async def list_documents(api: ApiClient, history: bool = False) -> DocumentList:
    params = {"history": "true"} if history else None
    return await api.call("GET", BASE, DocumentList, params=params)


async def upload(
    api: ApiClient,
    doc_type: DocumentType,
    file: Prepared,
    *,
    title: str | None = None,
    idempotency_key: str | None = None,
    on_progress: Progress | None = None,
) -> DocumentOut:
    fields = {"type": doc_type.value} | ({"title": title} if title else {})
    body = _ProgressReader(file.data, on_progress)
    headers = {"Idempotency-Key": idempotency_key} if idempotency_key else None
    files = {"file": (file.file_name, body, file.media_type)}
    return await api.call("POST", BASE, DocumentOut, data=fields, files=files, headers=headers)


async def thumbnail(api: ApiClient, doc: DocumentOut) -> bytes:
    return (await api.call_raw("GET", doc.thumbnail_url)).content


async def file_content(api: ApiClient, doc: DocumentOut) -> bytes:
    return (await api.call_raw("GET", doc.file_url)).content


async def delete(api: ApiClient, doc_id: str) -> None:
    await api.call_raw("DELETE", f"{BASE}/{doc_id}")
