"""Server layer: the account and its sessions in the citizen's data export (wired in
server/app.py; erasure of the account itself is the data-rights feature's purge)."""

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.accounts.models import Account, AuthSession
from server.accounts.service import account_out


async def export_account(db: AsyncSession, account: Account) -> Any:
    data = account_out(account).model_dump(mode="json")
    return data | {
        "nik": account.nik,
        "birth_date": account.birth_date.isoformat() if account.birth_date else None,
        "sex": account.sex,
        "created_at": account.created_at.isoformat(),
    }


async def export_sessions(db: AsyncSession, account: Account) -> Any:
    rows = await db.scalars(
        select(AuthSession)
        .where(AuthSession.account_id == account.id)
        .order_by(AuthSession.created_at)
    )
    cols = ("id", "device_name", "created_at", "last_used_at", "expires_at", "revoked_at")
    return [{c: as_json(getattr(r, c)) for c in cols} for r in rows]


def as_json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value
