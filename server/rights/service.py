"""Server layer: data rights — the export of everything held about a citizen, the deletion
request (disable now, erase after the grace period) and the purge of due accounts.
Retention rules: docs/data-rights.md."""

from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Final

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.accounts import LoginRequest
from contracts.profile import DataExport, DeletionScheduled
from server.accounts.models import Account, AuthSession
from server.accounts.service import (
    accept_login,
    confirm_password,
    open_session,
    revoke_all,
    verify_login,
)
from server.config import Settings
from server.db import utcnow
from server.errors import AppError
from server.hooks import Eraser, Exporter
from server.rights.models import DeletionRequest

GRACE: Final = timedelta(days=30)  # cancel in the app (with the password) or at the MPP
WIB: Final = timezone(timedelta(hours=7))
_MONTHS_ID: Final = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
_MONTHS_EN: Final = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
ACCESS_LOG_RETENTION: Final = timedelta(days=5 * 365)  # after erasure; see docs/data-rights.md
ERASED_NAME: Final = "Akun dihapus"


async def export(
    db: AsyncSession, account: Account, now: datetime, exporters: Mapping[str, Exporter]
) -> DataExport:
    """Every feature's section (the exporters the app factory wired), by section name."""
    sections = {name: await fn(db, account) for name, fn in sorted(exporters.items())}
    return DataExport(generated_at=now, sections=sections)


async def request_deletion(
    db: AsyncSession, account: Account, password: str, client: str, settings: Settings
) -> DeletionScheduled:
    """Only with the password re-entered: a session left open on a lost phone is not enough.
    Citizens only (the route's CurrentCitizen): staff accounts are closed by an administrator."""
    await confirm_password(db, account, password, "password", client, settings)
    now = utcnow()
    req = DeletionRequest(account_id=account.id, requested_at=now, scheduled_for=now + GRACE)
    try:
        async with db.begin_nested():
            db.add(req)
    except IntegrityError:  # a parallel request from another device got there first
        raise AppError(409, "conflict") from None
    account.disabled_at = now
    await revoke_all(db, account.id)
    await db.flush()
    return DeletionScheduled(requested_at=now, scheduled_for=req.scheduled_for)


async def _pending(db: AsyncSession, account: Account) -> DeletionRequest | None:
    req = await db.get(DeletionRequest, account.id)
    return req if req is not None and req.erased_at is None else None


async def cancel_deletion(db: AsyncSession, nik: str) -> bool:
    """At the MPP, with the KTP in hand: undo a request that is not yet erased."""
    account = await db.scalar(select(Account).where(Account.nik == nik))
    req = await _pending(db, account) if account else None
    if account is None or req is None:
        return False
    await db.delete(req)
    account.disabled_at = None
    return True


async def cancel_own_deletion(
    db: AsyncSession, req: LoginRequest, client: str, settings: Settings
) -> str:
    """The citizen, with their password, takes the request back and is signed in again."""
    now = utcnow()
    account = await verify_login(db, req, client, settings, now)
    pending = await _pending(db, account)
    if pending is None:
        if account.disabled_at is not None:  # closed for another reason: a plain failed login
            raise AppError(401, "invalid_credentials")
        raise AppError(409, "no_pending_deletion")
    await db.delete(pending)
    account.disabled_at = None
    await accept_login(db, account, req, client)
    return await open_session(db, account, req.device_name, settings, now)


def _local_date(moment: datetime) -> tuple[str, str]:
    """The day in Western Indonesia time, written out in Indonesian and in English."""
    day = moment.astimezone(WIB).date()
    return (
        f"{day.day} {_MONTHS_ID[day.month - 1]} {day.year}",
        f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}",
    )


async def pending_reason(db: AsyncSession, account: Account) -> AppError | None:
    """The right password on an account awaiting erasure: say so, and how to take it back."""
    pending = await _pending(db, account)
    if pending is None:
        return None
    date_id, date_en = _local_date(pending.scheduled_for)
    return AppError(
        403,
        "account_pending_deletion",
        headers={"X-Deletion-Scheduled-For": pending.scheduled_for.isoformat()},
        date_id=date_id,
        date_en=date_en,
    )


async def _erase_account(db: AsyncSession, account: Account, erasers: Mapping[str, Eraser]) -> None:
    for eraser in erasers.values():
        await eraser(db, account.id)
    await db.execute(delete(AuthSession).where(AuthSession.account_id == account.id))
    # a tombstone stays so the access log (who read this citizen's data) survives its term
    account.nik = account.username = account.phone = None
    account.birth_date, account.sex = None, None
    account.full_name, account.password_hash = ERASED_NAME, "!erased"


async def purge_deleted(
    db: AsyncSession, now: datetime, erasers: Mapping[str, Eraser]
) -> tuple[int, int]:
    """Erase accounts whose grace period ended (every feature's eraser, as the app factory
    wired them); drop tombstones whose log term ended. Returns (erased, tombstones removed)."""
    due = await db.scalars(
        select(DeletionRequest).where(
            DeletionRequest.scheduled_for <= now, DeletionRequest.erased_at.is_(None)
        )
    )
    erased = 0
    for req in list(due):
        account = await db.get(Account, req.account_id)
        if account is not None:
            await _erase_account(db, account, erasers)
        req.erased_at, erased = now, erased + 1
    old = await db.scalars(
        select(DeletionRequest.account_id).where(
            DeletionRequest.erased_at <= now - ACCESS_LOG_RETENTION
        )
    )
    old_ids = list(old)
    if old_ids:
        await db.execute(delete(Account).where(Account.id.in_(old_ids)))
    await db.flush()
    return erased, len(old_ids)
