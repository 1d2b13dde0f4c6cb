"""Server layer: the citizen's identity subject in data erasure (wired in server/app.py)."""

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from server.identity.models import IdentitySubject


async def erase_identity(db: AsyncSession, account_id: str) -> None:
    await db.execute(delete(IdentitySubject).where(IdentitySubject.account_id == account_id))
