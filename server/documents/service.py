"""Server layer: wallet rules — store once, supersede, read and delete by the owner (an
officer's read with a grant is the profile feature's, server/profile/officer.py)."""

import asyncio
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete as sql_delete
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.documents import DocumentList, DocumentOut, DocumentType
from server.accounts.models import new_id
from server.db import utcnow
from server.documents import storage
from server.documents.checks import inspect_content, pdf_placeholder
from server.documents.models import Document, DocumentContent
from server.errors import AppError
from server.hooks import DocumentInUse

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


async def delete(
    db: AsyncSession, citizen_id: str, doc_id: str, in_use: Sequence[DocumentInUse]
) -> None:
    """`in_use`: the features that may still need a document (an officer reviewing an open
    application): deleting waits, 409 document_in_use."""
    doc = await owned(db, citizen_id, doc_id)
    for needed in in_use:
        if await needed(db, doc.id):
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
