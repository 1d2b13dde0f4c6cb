"""Server layer: the profile, family members and access grants in the citizen's data export
and erasure (wired in server/app.py)."""

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.accounts.models import Account
from server.accounts.rights import as_json
from server.profile import family, service
from server.profile.models import AccessGrant, CitizenProfile, FamilyMember


async def export_profile(db: AsyncSession, account: Account) -> Any:
    if account.role.is_staff:
        return None
    prof = service.out(account, await service.row(db, account))
    return prof.model_dump(mode="json") | {"nik": account.nik}


async def export_family(db: AsyncSession, account: Account) -> Any:
    members = await family.list_members(db, account.id, masked=False)
    return [m.model_dump(mode="json") for m in members]


async def export_grants(db: AsyncSession, account: Account) -> Any:
    rows = await db.scalars(
        select(AccessGrant)
        .where(AccessGrant.citizen_id == account.id)
        .order_by(AccessGrant.created_at)
    )
    cols = ("id", "officer_id", "agency_code", "purpose", "created_at", "expires_at")
    return [{c: as_json(getattr(r, c)) for c in cols} for r in rows]


async def erase_profile(db: AsyncSession, account_id: str) -> None:
    await db.execute(delete(CitizenProfile).where(CitizenProfile.account_id == account_id))
    await db.execute(delete(FamilyMember).where(FamilyMember.citizen_id == account_id))
    await db.execute(delete(AccessGrant).where(AccessGrant.citizen_id == account_id))
