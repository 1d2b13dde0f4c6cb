"""Server layer: family members a citizen acts for (list, add, remove; never across citizens)."""

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.nik import mask_nik
from contracts.profile import FAMILY_MAX, FamilyMember, FamilyMemberIn
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


async def remove(db: AsyncSession, citizen_id: str, member_id: str) -> None:
    row = await db.get(FamilyRow, member_id)
    if row is None or row.citizen_id != citizen_id:
        raise AppError(404, "not_found")  # never reveal another citizen's family
    await db.delete(row)
