"""State layer: the document wallet — `DocumentsStore` (list, thumbnails, upload with
progress, retry with the same Idempotency-Key, copy, delete) and one upload's life; no
controls."""

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from app.services import documents_api
from app.services.api import ApiClient
from app.services.documents_api import Progress
from app.services.image_prep import Prepared, PrepError, prepare
from app.state.store import Note, Store
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


def copy_name(doc: DocumentOut) -> str:
    ext = {"application/pdf": "pdf", "image/png": "png"}.get(doc.media_type, "jpg")
    return f"{doc.type.value}-{doc.id[:8]}.{ext}"


def type_key(doc_type: DocumentType) -> str:
    return f"documents.type.{doc_type.value}"


class DocumentsStore(Store):
    """ "Dokumen Saya": one per app session; personal, so `forget` runs at sign-out."""

    def __init__(self, api: ApiClient) -> None:
        super().__init__()
        self._api = api
        self.wallet = Wallet()
        self.progress: float | None = None  # an upload on its way (0..1)
        self.pending: PendingUpload | None = None  # a failed upload that "Coba lagi" resends

    async def load(self) -> None:
        if await self.run(self._fetch_list):
            await self._fetch_thumbnails(self.wallet.missing_thumbnails())

    async def upload(self, doc_type: DocumentType, title: str, data: bytes, name: str) -> bool:
        """Shrink (off the UI thread), then send; True once the server has it."""
        self.busy, self.notice = True, None
        try:
            job = await prepare_upload(doc_type, title, data, name)
        except PrepError as exc:
            self.busy = False
            self.fail(Note(f"documents.prep.{exc.code}"))
            return False
        return await self._send(job)

    async def retry(self) -> bool:
        return await self._send(self.pending) if self.pending is not None else False

    async def copy_of(self, doc: DocumentOut) -> bytes | None:
        """The file's bytes, for the screen to hand to the device's save dialog."""
        found: list[bytes] = []

        async def fetch() -> None:
            found.append(await documents_api.file_content(self._api, doc))

        return found[0] if await self.run(fetch) else None

    async def delete(self, doc: DocumentOut) -> None:
        async def remove() -> None:
            await documents_api.delete(self._api, doc.id)
            self.wallet = self.wallet.removed(doc.id)
            self.tell(Note("documents.deleted"))

        await self.run(remove)

    async def forget(self) -> None:
        await super().forget()
        self.wallet, self.progress, self.pending = Wallet(), None, None

    async def _fetch_list(self) -> None:
        self.wallet = self.wallet.with_list(await documents_api.list_documents(self._api))

    async def _fetch_thumbnails(self, docs: list[DocumentOut]) -> None:
        for doc in docs:

            async def fetch(doc: DocumentOut = doc) -> None:
                data = await documents_api.thumbnail(self._api, doc)
                self.wallet = self.wallet.with_thumbnail(doc.id, data)

            if not await self.run(fetch, quiet=True):
                return

    async def _send(self, job: PendingUpload) -> bool:
        done: list[DocumentOut] = []

        async def deliver() -> None:
            done.append(await send(self._api, job, self._progressed))

        self.pending, self.progress = None, 0.0
        ok = await self.run(deliver)
        self.progress = None
        if not ok:
            self.pending = job if self.can_retry else None
            return False
        self.wallet = self.wallet.added(done[0])
        self.tell(Note("documents.uploaded", named={"type": type_key(done[0].type)}))
        await self._fetch_thumbnails(done)
        return True

    def _progressed(self, sent: int, total: int) -> None:
        self.progress = sent / total if total else 1.0
