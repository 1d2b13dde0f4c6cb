"""State layer: the wallet as the screen shows it and one upload's life (prepare → send →
retry with the same Idempotency-Key); no controls."""

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from app.services import documents_api
from app.services.api import ApiClient
from app.services.documents_api import Progress
from app.services.errors import ApiError, OfflineError
from app.services.image_prep import Prepared, prepare
from contracts.documents import DocumentList, DocumentOut, DocumentType

TYPE_ORDER = tuple(DocumentType)
PICK_EXTENSIONS = ["jpg", "jpeg", "png", "pdf"]


@dataclass(frozen=True)
class Wallet:
    """Current documents newest first, and the thumbnails fetched so far (by document id)."""

    documents: tuple[DocumentOut, ...] = ()
    thumbnails: Mapping[str, bytes] = field(default_factory=dict)
    loaded: bool = False

    def with_list(self, listed: DocumentList) -> "Wallet":
        return Wallet(tuple(listed.documents), dict(self.thumbnails), loaded=True)

    def added(self, doc: DocumentOut) -> "Wallet":
        """A new KTP/KK/akta/photo replaces the shown one of its type (the server kept the
        old one as history); a retried upload that came back replayed is not shown twice."""
        kept = tuple(
            d
            for d in self.documents
            if d.id != doc.id and not (doc.type.single and d.type is doc.type)
        )
        return replace(self, documents=(doc, *kept))

    def removed(self, doc_id: str) -> "Wallet":
        return replace(self, documents=tuple(d for d in self.documents if d.id != doc_id))

    def with_thumbnail(self, doc_id: str, data: bytes) -> "Wallet":
        return replace(self, thumbnails={**self.thumbnails, doc_id: data})

    def missing_thumbnails(self) -> list[DocumentOut]:
        return [d for d in self.documents if d.id not in self.thumbnails]


@dataclass(frozen=True)
class PendingUpload:
    """A prepared file waiting to be (re)sent; the key makes a retry safe after a lost answer."""

    doc_type: DocumentType
    title: str | None
    file: Prepared
    idempotency_key: str = field(default_factory=documents_api.new_idempotency_key)


async def prepare_upload(
    doc_type: DocumentType, title: str, data: bytes, name: str
) -> PendingUpload:
    """Shrink photos off the UI thread (CPU work); raises image_prep.PrepError."""
    prepared = await asyncio.to_thread(prepare, data, name)
    return PendingUpload(doc_type, " ".join(title.split()) or None, prepared)


async def send(api: ApiClient, pending: PendingUpload, on_progress: Progress) -> DocumentOut:
    return await documents_api.upload(
        api,
        pending.doc_type,
        pending.file,
        title=pending.title,
        idempotency_key=pending.idempotency_key,
        on_progress=on_progress,
    )


def size_text(size: int) -> str:
    """ "312 KB" / "1,4 MB" (Indonesian decimal comma)."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


def worth_retrying(error: ApiError) -> bool:
    """Offline, server trouble or "still in progress": the same bytes and key may succeed.
    A rejection of the file itself (4xx) will not, so the pending upload is dropped."""
    return isinstance(error, OfflineError) or error.status in (None, 409, 429, 500, 502, 503, 504)
