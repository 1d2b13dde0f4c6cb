"""Server layer: /api/v1/me/profile and /me/family (the citizen's own)."""

from fastapi import APIRouter, Response

from contracts.profile import (
    FamilyMember,
    FamilyMemberIn,
    FamilyMemberPatch,
    Profile,
    ProfileUpdate,
)
from server.deps import CurrentCitizen, Db
from server.errors import error_responses
from server.http import IfMatch, etag, expected_version
from server.profile import family, service

router = APIRouter(tags=["profile"], responses=error_responses(401, 422))


@router.get("/me/profile", response_model=Profile, responses=error_responses(403))
async def get_profile(account: CurrentCitizen, db: Db, response: Response) -> Profile:
    profile = service.out(account, await service.row(db, account))
    await db.commit()
    response.headers["ETag"] = etag(profile.version)
    return profile


@router.put("/me/profile", response_model=Profile, responses=error_responses(400, 403, 409, 412))
async def put_profile(
    req: ProfileUpdate,
    account: CurrentCitizen,
    db: Db,
    response: Response,
    if_match: IfMatch = None,
) -> Profile:
    profile = await service.update(db, account, req, expected_version(if_match))
    await db.commit()
    response.headers["ETag"] = etag(profile.version)
    return profile


@router.get("/me/family", response_model=list[FamilyMember], responses=error_responses(403))
async def list_family(account: CurrentCitizen, db: Db) -> list[FamilyMember]:
    return await family.list_members(db, account.id, masked=True)


@router.post(
    "/me/family",
    status_code=201,
    response_model=FamilyMember,
    responses=error_responses(403, 409),
)
async def add_family(req: FamilyMemberIn, account: CurrentCitizen, db: Db) -> FamilyMember:
    member = await family.add(db, account, req)
    await db.commit()
    return member


@router.patch(
    "/me/family/{member_id}",
    response_model=FamilyMember,
    responses=error_responses(403, 404, 409),
)
async def edit_family(
    member_id: str, req: FamilyMemberPatch, account: CurrentCitizen, db: Db
) -> FamilyMember:
    """Change only the fields sent; the result must pass the rules of a new member."""
    member = await family.edit(db, account, member_id, req)
    await db.commit()
    return member


@router.delete("/me/family/{member_id}", status_code=204, responses=error_responses(403, 404))
async def remove_family(member_id: str, account: CurrentCitizen, db: Db) -> Response:
    await family.remove(db, account.id, member_id)
    await db.commit()
    return Response(status_code=204)
