"""Server layer: an officer's read of a citizen's wallet document — with a live grant whose
purpose opens it, access-logged in the caller's transaction."""

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.access import Purpose
from contracts.documents import DocumentType
from server.access.service import record_access
from server.accounts.models import Account
from server.documents import service as documents
from server.documents.models import Document
from server.errors import AppError
from server.profile.grants import allowed_fields, require_grant
from server.profile.models import CitizenProfile


async def citizen_document(
    db: AsyncSession, officer: Account, citizen_id: str, doc_id: str, purpose: Purpose, secret: str
) -> tuple[Document, bytes]:
    await require_grant(db, officer, citizen_id, purpose)
    doc = await documents.owned(db, citizen_id, doc_id)
    if not await _purpose_opens(db, purpose, doc):
        raise AppError(403, "purpose_not_allowed")
    data = await documents.read_file(db, doc, secret)
    record_access(db, citizen_id, officer, purpose, f"documents/{doc.id}", [f"document.{doc.type}"])
    await db.flush()
    return doc, data


async def _purpose_opens(db: AsyncSession, purpose: Purpose, doc: Document) -> bool:
    """The purpose table decides: "documents" opens any wallet document; "photo_document_id"
    (e.g. identity_check after a QR scan) opens only the profile photo."""
    fields = allowed_fields(purpose)
    if "documents" in fields:
        return True
    if "photo_document_id" not in fields or doc.type is not DocumentType.PHOTO:
        return False
    profile = await db.get(CitizenProfile, doc.citizen_id)
    return profile is not None and profile.photo_document_id == doc.id
