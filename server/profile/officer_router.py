"""Server layer: /api/v1/officer/citizens/{id}/… — an officer reads a citizen's profile and
wallet documents, or verifies the profile, under a live access grant (access-logged)."""

from typing import Annotated

from fastapi import APIRouter, Query, Response

from contracts.access import Purpose
from contracts.profile import OfficerCitizenView, VerifyResult
from server.access.service import record_access
from server.db import utcnow
from server.deps import AppSettings, CurrentOfficer, Db
from server.documents.upload import FILE_ANSWER, file_response
from server.errors import error_responses
from server.profile import grants, service
from server.profile.officer import citizen_document

router = APIRouter(tags=["officer citizens"], responses=error_responses(401, 403, 422))


@router.get(
    "/officer/citizens/{citizen_id}/profile",
    response_model=OfficerCitizenView,
    responses=error_responses(403, 404),
)
async def citizen_profile(
    citizen_id: str,
    purpose: Annotated[Purpose, Query()],
    officer: CurrentOfficer,
    db: Db,
) -> OfficerCitizenView:
    grant = await grants.require_grant(db, officer, citizen_id, purpose)
    account = await service.citizen(db, citizen_id)
    allowed = grants.allowed_fields(purpose)
    fields, returned = await service.officer_fields(db, account, allowed)
    record_access(db, citizen_id, officer, purpose, "profile", returned)
    await db.commit()  # the read and its log entry commit together
    return OfficerCitizenView(
        citizen_id=citizen_id,
        purpose=purpose,
        allowed=sorted(allowed),
        fields=fields,
        grant_expires_at=grant.expires_at,
    )


@router.post(
    "/officer/citizens/{citizen_id}/verify",
    response_model=VerifyResult,
    responses=error_responses(403, 404),
)
async def verify_citizen(citizen_id: str, officer: CurrentOfficer, db: Db) -> VerifyResult:
    grant = await grants.require_any_grant(db, officer, citizen_id)
    account = await service.citizen(db, citizen_id)
    profile = await service.verify(db, account, officer, utcnow())
    record_access(db, citizen_id, officer, grant.purpose, "profile.verify", ["verification"])
    await db.commit()
    assert profile.verified_at is not None and profile.verified_by_name is not None
    return VerifyResult(
        citizen_id=citizen_id,
        verification=profile.verification,
        verified_at=profile.verified_at,
        verified_by_name=profile.verified_by_name,
    )


@router.get(
    "/officer/citizens/{citizen_id}/documents/{document_id}/file",
    response_class=Response,
    responses={200: FILE_ANSWER, **error_responses(404)},
)
async def document_file(
    citizen_id: str,
    document_id: str,
    purpose: Annotated[Purpose, Query()],
    officer: CurrentOfficer,
    db: Db,
    settings: AppSettings,
) -> Response:
    doc, data = await citizen_document(
        db, officer, citizen_id, document_id, purpose, settings.secret_key
    )
    await db.commit()  # the access-log row and the read succeed or fail together
    return file_response(doc, data)
