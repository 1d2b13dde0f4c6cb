"""Server layer: photos taken at a visit — through the wallet's upload checks (type sniffed
from the bytes, size and pixel limits, decoded in full), stored in the visited citizen's
wallet as issued by the officer, and listed on the visit."""

import hashlib

from pydantic import BaseModel

from contracts.visits import PHOTOS_MAX, VisitStatus
from server.accounts.models import Account
from server.documents import service as documents
from server.documents.models import Document
from server.documents.upload import UploadFields
from server.errors import AppError, field_error
from server.visits import field
from server.visits.models import Visit
from sqlalchemy.ext.asyncio import AsyncSession

# at the door or after it (a photo of a closed house backs "nobody at home")
PHOTO_STATES = frozenset({VisitStatus.ARRIVED, VisitStatus.COMPLETED, VisitStatus.NOT_COMPLETED})


class PhotoOut(BaseModel):
    """POST /officer/visits/{id}/photos: the stored photo's document id (in the citizen's
    wallet; name it in the visit's `complete` step)."""

    id: str


def wallet_key(officer_id: str, visit_id: str, key: str) -> str:
    """The wallet's Idempotency-Key for the officer's: keys are per citizen in the wallet,
    so the officer's own key is bound to them and the visit."""
    digest = hashlib.sha256(f"{officer_id}\x00{visit_id}\x00{key}".encode()).hexdigest()
    return f"visit-photo-{digest[:48]}"


async def photo_visit(db: AsyncSession, officer: Account, visit_id: str) -> Visit:
    visit = await field.team_visit(db, officer, visit_id)
    if visit.status not in PHOTO_STATES:
        raise AppError(409, "visit_state")
    return visit


async def add_photo(
    db: AsyncSession,
    officer: Account,
    visit_id: str,
    given: tuple[UploadFields, bytes],
    key: str,
    secret: str,
) -> Document:
    """Check and store the photo once per key, and list it on the visit."""
    visit = await photo_visit(db, officer, visit_id)
    fields, data = given
    if fields.type.single:  # would replace the citizen's own KTP, KK, … in the wallet
        raise field_error("type", "invalid_choice")
    title = fields.title or f"Jemput bola {visit.number}"
    upload = documents.Upload(
        fields.type, title, data, wallet_key(officer.id, visit.id, key), issued_by_id=officer.id
    )
    doc, _ = await documents.upload(db, visit.citizen_id, secret, upload)
    if doc.id not in visit.photo_ids:
        if len(visit.photo_ids) >= PHOTOS_MAX:
            raise AppError(422, "visit_photos_full", limit=PHOTOS_MAX)
        visit.photo_ids = [*visit.photo_ids, doc.id]
    await db.flush()
    return doc
