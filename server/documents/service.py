"""Server layer: wallet rules — store once, supersede, read by the owner or granted staff."""

import asyncio
import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete as sql_delete
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.access import Purpose
from contracts.applications import ApplicationStatus
from contracts.documents import DocumentList, DocumentOut, DocumentType
from server.access.service import record_access
from server.accounts.models import Account, new_id
from server.applications.models import Application, ApplicationAttachment
from server.db import utcnow
from server.documents import storage
from server.documents.checks import inspect_content, pdf_placeholder
from server.documents.models import Document, DocumentContent
from server.errors import AppError
from server.profile.grants import allowed_fields, require_grant
from server.profile.models import CitizenProfile
from server.rights.registry import register_eraser, register_exporter

API = "/api/v1"
_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}


@dataclass(frozen=True)
class Upload:
    type: DocumentType
    title: str | None
    data: bytes
    idempotency_key: str | None = None
    issued_for_application_id: str | None = None  # an officer's result upload: the application
    issued_by_id: str | None = None  # … and the officer

    @property
    def request_hash(self) -> str:
        digest = hashlib.sha256(f"{self.type.value}\x00{self.title or ''}\x00".encode())
        digest.update(self.data)
        return digest.hexdigest()


async def upload(
    db: AsyncSession, citizen_id: str, secret: str, req: Upload
) -> tuple[Document, bool]:
    """Check and store one document; returns (document, replayed). Nothing is stored on error."""
    if req.idempotency_key:
        first = await _by_key(db, citizen_id, req.idempotency_key)
        if first is not None:
            same_origin = first.issued_for_application_id == req.issued_for_application_id
            if first.request_hash != req.request_hash or not same_origin:
                raise AppError(422, "idempotency_key_reused")
            return first, True
    found = await asyncio.to_thread(inspect_content, req.data)
    doc = Document(
        id=new_id(),
        citizen_id=citizen_id,
        type=req.type,
        title=req.title,
        media_type=found.media_type,
        size=len(req.data),
        width=found.width,
        height=found.height,
        pages=found.pages,
        sha256=hashlib.sha256(req.data).hexdigest(),
        idempotency_key=req.idempotency_key,
        request_hash=req.request_hash,
        created_at=utcnow(),
        issued_for_application_id=req.issued_for_application_id,
        issued_by_id=req.issued_by_id,
    )
    if req.type.single:
        await _supersede(db, citizen_id, req.type)
    db.add(doc)
    db.add(_sealed(doc.id, secret, req.data, found.thumbnail))
    try:
        await db.flush()
    except IntegrityError as exc:  # the same key is being stored by a parallel request
        raise AppError(409, "idempotency_in_progress") from exc
    return doc, False


async def _in_open_application(db: AsyncSession, doc_id: str) -> bool:
    """An officer may still need it: deleting waits until the application is closed."""
    closed = [s for s in ApplicationStatus if not s.is_open]
    found = await db.scalar(
        select(ApplicationAttachment.application_id)
        .join(Application, Application.id == ApplicationAttachment.application_id)
        .where(ApplicationAttachment.document_id == doc_id, Application.status.not_in(closed))
        .limit(1)
    )
    return found is not None


def _sealed(doc_id: str, secret: str, data: bytes, thumbnail: bytes | None) -> DocumentContent:
    return DocumentContent(
        document_id=doc_id,
        content=storage.seal(secret, doc_id, "content", data),
        thumbnail=storage.seal(secret, doc_id, "thumbnail", thumbnail) if thumbnail else None,
    )


async def _by_key(db: AsyncSession, citizen_id: str, key: str) -> Document | None:
    query = select(Document).where(
        Document.citizen_id == citizen_id, Document.idempotency_key == key
    )
    return (await db.scalars(query)).first()


async def _supersede(db: AsyncSession, citizen_id: str, doc_type: DocumentType) -> None:
    await db.execute(
        update(Document)
        .where(
            Document.citizen_id == citizen_id,
            Document.type == doc_type,
            Document.superseded_at.is_(None),
        )
        .values(superseded_at=utcnow())
    )


async def list_documents(db: AsyncSession, citizen_id: str, history: bool) -> DocumentList:
    query = select(Document).where(Document.citizen_id == citizen_id)
    if not history:
        query = query.where(Document.superseded_at.is_(None))
    rows = await db.scalars(query.order_by(Document.created_at.desc(), Document.id))
    return DocumentList(documents=[document_out(d) for d in rows])


async def owned(db: AsyncSession, citizen_id: str, doc_id: str) -> Document:
    """The citizen's own document; someone else's is indistinguishable from a missing one."""
    doc = await db.get(Document, doc_id)
    if doc is None or doc.citizen_id != citizen_id:
        raise AppError(404, "not_found")
    return doc


async def delete(db: AsyncSession, citizen_id: str, doc_id: str) -> None:
    doc = await owned(db, citizen_id, doc_id)
    if await _in_open_application(db, doc.id):
        raise AppError(409, "document_in_use")
    # statements, not ORM deletes: the unit of work may order parent before child
    await db.execute(sql_delete(DocumentContent).where(DocumentContent.document_id == doc.id))
    await db.execute(sql_delete(Document).where(Document.id == doc.id))
    db.expunge(doc)


async def read_file(db: AsyncSession, doc: Document, secret: str) -> bytes:
    content = await db.get(DocumentContent, doc.id)
    if content is None:
        raise AppError(404, "not_found")
    return _open(secret, doc.id, "content", content.content)


async def read_thumbnail(db: AsyncSession, doc: Document, secret: str) -> bytes:
    content = await db.get(DocumentContent, doc.id)
    if content is None or content.thumbnail is None:
        return pdf_placeholder()
    return _open(secret, doc.id, "thumbnail", content.thumbnail)


def _open(secret: str, doc_id: str, part: str, blob: bytes) -> bytes:
    try:
        return storage.open_sealed(secret, doc_id, part, blob)
    except storage.DecryptError as exc:  # tampering or a changed secret key: never serve it
        raise AppError(500, "internal") from exc


async def staff_file(
    db: AsyncSession, officer: Account, citizen_id: str, doc_id: str, purpose: Purpose, secret: str
) -> tuple[Document, bytes]:
    """Staff read with a live grant; the access-log row joins the caller's transaction."""
    if not officer.role.is_staff:
        raise AppError(403, "forbidden")
    await require_grant(db, officer, citizen_id, purpose)
    doc = await owned(db, citizen_id, doc_id)
    if not await _purpose_opens(db, purpose, doc):
        raise AppError(403, "purpose_not_allowed")
    data = await read_file(db, doc, secret)
    record_access(db, citizen_id, officer, purpose, f"documents/{doc.id}", [f"document.{doc.type}"])
    await db.flush()
    return doc, data


async def _purpose_opens(db: AsyncSession, purpose: Purpose, doc: Document) -> bool:
    """The profile feature's purpose table decides: "documents" opens any wallet document;
    "photo_document_id" (e.g. identity_check after a QR scan) opens only the profile photo."""
    fields = allowed_fields(purpose)
    if "documents" in fields:
        return True
    if "photo_document_id" not in fields or doc.type is not DocumentType.PHOTO:
        return False
    profile = await db.get(CitizenProfile, doc.citizen_id)
    return profile is not None and profile.photo_document_id == doc.id


def file_name(doc: Document) -> str:
    return f"{doc.type.value}-{doc.id[:8]}.{_EXTENSIONS.get(doc.media_type, 'bin')}"


def document_out(doc: Document) -> DocumentOut:
    base = f"{API}/me/documents/{doc.id}"
    return DocumentOut(
        id=doc.id,
        type=doc.type,
        title=doc.title,
        media_type=doc.media_type,
        size=doc.size,
        width=doc.width,
        height=doc.height,
        pages=doc.pages,
        created_at=doc.created_at,
        superseded_at=doc.superseded_at,
        thumbnail_url=f"{base}/thumbnail",
        file_url=f"{base}/file",
    )


async def _export(db: AsyncSession, account: Account) -> Any:
    """Data export: metadata and download links, history included (the bytes stay behind
    their links so the JSON stays small; each file is one GET away for the owner)."""
    wallet = await list_documents(db, account.id, history=True)
    return wallet.model_dump(mode="json")["documents"]


async def _erase(db: AsyncSession, account_id: str) -> None:
    ids = select(Document.id).where(Document.citizen_id == account_id)
    await db.execute(sql_delete(DocumentContent).where(DocumentContent.document_id.in_(ids)))
    await db.execute(sql_delete(Document).where(Document.citizen_id == account_id))


register_exporter("documents", _export)
register_eraser("documents", _erase)
