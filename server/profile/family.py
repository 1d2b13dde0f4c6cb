"""Server layer: family members a citizen acts for (list, add, edit, remove; never across
citizens)."""

from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.nik import mask_nik
from contracts.profile import FAMILY_MAX, FamilyMember, FamilyMemberIn, FamilyMemberPatch
from server.accounts.models import Account
from server.errors import AppError
from server.profile.models import FamilyMember as FamilyRow


def _out(row: FamilyRow, masked: bool) -> FamilyMember:
    nik = mask_nik(row.nik) if row.nik and masked else row.nik
    return FamilyMember(
        id=row.id,
        full_name=row.full_name,
        nik=nik,
        birth_date=row.birth_date,
        relationship=row.relationship,
        note=row.note,
    )


async def list_members(db: AsyncSession, citizen_id: str, *, masked: bool) -> list[FamilyMember]:
    rows = await db.scalars(
        select(FamilyRow)
        .where(FamilyRow.citizen_id == citizen_id)
        .order_by(FamilyRow.created_at, FamilyRow.id)
    )
    return [_out(r, masked) for r in rows]


async def add(db: AsyncSession, citizen: Account, req: FamilyMemberIn) -> FamilyMember:
    count = await db.scalar(select(func.count()).where(FamilyRow.citizen_id == citizen.id))
    if (count or 0) >= FAMILY_MAX:
        raise AppError(409, "family_limit", limit=FAMILY_MAX)
    if req.nik is not None:
        if req.nik == citizen.nik:
            raise AppError(422, "family_self")
        dup = select(FamilyRow.id).where(
            FamilyRow.citizen_id == citizen.id, FamilyRow.nik == req.nik
        )
        if await db.scalar(dup):
            raise AppError(409, "family_duplicate")
    row = FamilyRow(citizen_id=citizen.id, **req.model_dump())
    try:
        async with db.begin_nested():
            db.add(row)
    except IntegrityError:  # a concurrent add of the same NIK won (uq_family_members_citizen_nik)
        raise AppError(409, "family_duplicate") from None
    return _out(row, masked=True)


async def _owned(db: AsyncSession, citizen_id: str, member_id: str) -> FamilyRow:
    row = await db.get(FamilyRow, member_id)
    if row is None or row.citizen_id != citizen_id:
        raise AppError(404, "not_found")  # never reveal another citizen's family
    return row


def _merged(row: FamilyRow, patch: FamilyMemberPatch) -> FamilyMemberIn:
    """The member as it would be after the patch, checked by the rules of a new member."""
    data = {name: getattr(row, name) for name in FamilyMemberIn.model_fields}
    data |= patch.model_dump(exclude_unset=True)
    try:
        return FamilyMemberIn.model_validate(data)
    except ValidationError as exc:  # e.g. the kept NIK against a changed birth date
        raise RequestValidationError(exc.errors()) from None


async def edit(
    db: AsyncSession, citizen: Account, member_id: str, patch: FamilyMemberPatch
) -> FamilyMember:
    row = await _owned(db, citizen.id, member_id)
    member = _merged(row, patch)
    if member.nik is not None and member.nik != row.nik:
        if member.nik == citizen.nik:
            raise AppError(422, "family_self")
        dup = select(FamilyRow.id).where(
            FamilyRow.citizen_id == citizen.id, FamilyRow.nik == member.nik, FamilyRow.id != row.id
        )
        if await db.scalar(dup):
            raise AppError(409, "family_duplicate")
    try:
        async with db.begin_nested():  # a unique (citizen, NIK) constraint has the last word
            for name, value in member.model_dump().items():
                setattr(row, name, value)
    except IntegrityError:
        raise AppError(409, "family_duplicate") from None
    return _out(row, masked=True)


async def remove(db: AsyncSession, citizen_id: str, member_id: str) -> None:
    await db.delete(await _owned(db, citizen_id, member_id))
