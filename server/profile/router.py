"""Server layer: /api/v1/me/profile, /me/family and the staff view /staff/citizens/{id}."""

from typing import Annotated

from fastapi import APIRouter, Query, Response

from contracts.access import Purpose
from contracts.profile import (
    FamilyMember,
    FamilyMemberIn,
    FamilyMemberPatch,
    Profile,
    ProfileUpdate,
    StaffCitizenView,
    VerifyResult,
)
from server.access.service import record_access
from server.accounts.models import Account
from server.db import utcnow
from server.deps import CurrentPrincipal, Db
from server.errors import AppError, error_responses
from server.http import IfMatch, etag, expected_version
from server.profile import family, grants, service

router = APIRouter(tags=["profile"], responses=error_responses(401, 422))


def _citizen(account: Account) -> Account:
    if account.role.is_staff:
        raise AppError(403, "forbidden")  # staff have no citizen profile
    return account


@router.get("/me/profile", response_model=Profile, responses=error_responses(403))
async def get_profile(principal: CurrentPrincipal, db: Db, response: Response) -> Profile:
    account = _citizen(principal.account)
    profile = service.out(account, await service.row(db, account))
    await db.commit()
    response.headers["ETag"] = etag(profile.version)
    return profile


@router.put("/me/profile", response_model=Profile, responses=error_responses(400, 403, 409, 412))
async def put_profile(
    req: ProfileUpdate,
    principal: CurrentPrincipal,
    db: Db,
    response: Response,
    if_match: IfMatch = None,
) -> Profile:
    account = _citizen(principal.account)
    profile = await service.update(db, account, req, expected_version(if_match))
    await db.commit()
    response.headers["ETag"] = etag(profile.version)
    return profile


@router.get("/me/family", response_model=list[FamilyMember], responses=error_responses(403))
async def list_family(principal: CurrentPrincipal, db: Db) -> list[FamilyMember]:
    account = _citizen(principal.account)
    return await family.list_members(db, account.id, masked=True)


@router.post(
    "/me/family",
    status_code=201,
    response_model=FamilyMember,
    responses=error_responses(403, 409),
)
async def add_family(req: FamilyMemberIn, principal: CurrentPrincipal, db: Db) -> FamilyMember:
    member = await family.add(db, _citizen(principal.account), req)
    await db.commit()
    return member


@router.patch(
    "/me/family/{member_id}",
    response_model=FamilyMember,
    responses=error_responses(403, 404, 409),
)
async def edit_family(
    member_id: str, req: FamilyMemberPatch, principal: CurrentPrincipal, db: Db
) -> FamilyMember:
    """Change only the fields sent; the result must pass the rules of a new member."""
    member = await family.edit(db, _citizen(principal.account), member_id, req)
    await db.commit()
    return member


@router.delete("/me/family/{member_id}", status_code=204, responses=error_responses(403, 404))
async def remove_family(member_id: str, principal: CurrentPrincipal, db: Db) -> Response:
    await family.remove(db, _citizen(principal.account).id, member_id)
    await db.commit()
    return Response(status_code=204)


@router.get(
    "/staff/citizens/{citizen_id}/profile",
    response_model=StaffCitizenView,
    responses=error_responses(403, 404),
)
async def staff_profile(
    citizen_id: str,
    purpose: Annotated[Purpose, Query()],
    principal: CurrentPrincipal,
    db: Db,
) -> StaffCitizenView:
    officer = principal.account
    grant = await grants.require_grant(db, officer, citizen_id, purpose)
    account = await service.citizen(db, citizen_id)
    allowed = grants.allowed_fields(purpose)
    fields, returned = await service.staff_fields(db, account, allowed)
    record_access(db, citizen_id, officer, purpose, "profile", returned)
    await db.commit()  # the read and its log entry commit together
    return StaffCitizenView(
        citizen_id=citizen_id,
        purpose=purpose,
        allowed=sorted(allowed),
        fields=fields,
        grant_expires_at=grant.expires_at,
    )


@router.post(
    "/staff/citizens/{citizen_id}/verify",
    response_model=VerifyResult,
    responses=error_responses(403, 404),
)
async def staff_verify(citizen_id: str, principal: CurrentPrincipal, db: Db) -> VerifyResult:
    officer = principal.account
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
