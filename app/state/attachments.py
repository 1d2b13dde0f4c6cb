"""State layer: `AttachmentUploads` — a new file for one requirement of a form (apply, fix):
shrunk off the UI thread, sent to the wallet with progress, resent with the same
Idempotency-Key when the failure may pass (`is_retryable`); no controls."""

from dataclasses import dataclass

from app.services.api import ApiClient
from app.services.image_prep import PrepError
from app.state.documents import PendingUpload, prepare_upload, send
from app.state.store import Note, Store
from contracts.catalog import Requirement, RequirementKind
from contracts.documents import DocumentOut, DocumentType


def upload_type(req: Requirement) -> DocumentType:
    """A document requirement's own type (a new KTP is a KTP); anything else is "other"."""
    if req.kind is RequirementKind.DOCUMENT and req.document_type is not None:
        return req.document_type
    return DocumentType.OTHER


@dataclass(frozen=True)
class Attached:
    """A file the server now holds, for the requirement it was given for."""

    requirement: str
    document: DocumentOut


class AttachmentUploads(Store):
    """The uploads of one form; its owner (a form store) picks what arrives. Personal: the
    file waiting for "Kirim ulang" is dropped at sign-out (the owner's `forget`)."""

    def __init__(self, api: ApiClient) -> None:
        super().__init__()
        self._api = api
        self.progress: float | None = None  # an upload on its way (0..1)
        self.pending: tuple[str, PendingUpload] | None = None  # requirement, file to resend

    async def upload(self, req: Requirement, title: str, data: bytes, name: str) -> Attached | None:
        """Shrink (off the UI thread), then send, titled `title` (the requirement's label)."""
        self.busy, self.notice = True, None
        try:
            job = await prepare_upload(upload_type(req), title[:100], data, name)
        except PrepError as exc:
            self.busy = False
            self.fail(Note(f"documents.prep.{exc.code}"))
            return None
        return await self._send(req.code, job)

    async def retry(self) -> Attached | None:
        return await self._send(*self.pending) if self.pending is not None else None

    async def forget(self) -> None:
        await super().forget()
        self.progress, self.pending = None, None

    async def _send(self, requirement: str, job: PendingUpload) -> Attached | None:
        done: list[DocumentOut] = []

        async def deliver() -> None:
            done.append(await send(self._api, job, self._progressed))

        self.pending, self.progress = None, 0.0
        ok = await self.run(deliver)
        self.progress = None
        if not ok:
            self.pending = (requirement, job) if self.can_retry else None
            return None
        return Attached(requirement, done[0])

    def _progressed(self, sent: int, total: int) -> None:
        self.progress = sent / total if total else 1.0
