"""Server layer: data rights — the export of everything held about a citizen, the deletion
request (disable now, erase after the grace period) and the purge of due accounts.
Retention rules: docs/data-rights.md."""

from datetime import datetime, timedelta, timezone
from typing import Any, Final

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.accounts import LoginRequest
from contracts.profile import DataExport, DeletionScheduled
from server.access.service import list_for_citizen
from server.accounts.models import Account, AuthSession
from server.accounts.service import (
    accept_login,
    account_out,
    confirm_password,
    open_session,
    register_disabled_reason,
    revoke_all,
    verify_login,
)
from server.config import Settings
from server.db import utcnow
from server.errors import AppError
from server.identity.models import IdentitySubject
from server.profile import family
from server.profile import service as profile_service
from server.profile.models import AccessGrant, CitizenProfile, FamilyMember
from server.rights.models import DeletionRequest
from server.rights.registry import ERASERS, EXPORTERS, register_eraser, register_exporter

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


async def export(db: AsyncSession, account: Account, now: datetime) -> DataExport:
    sections = {name: await fn(db, account) for name, fn in sorted(EXPORTERS.items())}
    return DataExport(generated_at=now, sections=sections)


async def request_deletion(
    db: AsyncSession, account: Account, password: str, client: str, settings: Settings
) -> DeletionScheduled:
    """Only with the password re-entered: a session left open on a lost phone is not enough."""
    if account.role.is_staff:
        raise AppError(403, "forbidden")  # staff accounts are closed by an administrator
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


async def _pending_reason(db: AsyncSession, account: Account) -> AppError | None:
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


async def _erase_account(db: AsyncSession, account: Account) -> None:
    for eraser in ERASERS.values():
        await eraser(db, account.id)
    await db.execute(delete(AuthSession).where(AuthSession.account_id == account.id))
    # a tombstone stays so the access log (who read this citizen's data) survives its term
    account.nik = account.username = account.phone = None
    account.birth_date, account.sex = None, None
    account.full_name, account.password_hash = ERASED_NAME, "!erased"


async def purge_deleted(db: AsyncSession, now: datetime) -> tuple[int, int]:
    """Erase accounts whose grace period ended; drop tombstones whose log term ended.
    Returns (erased, tombstones removed)."""
    due = await db.scalars(
        select(DeletionRequest).where(
            DeletionRequest.scheduled_for <= now, DeletionRequest.erased_at.is_(None)
        )
    )
    erased = 0
    for req in list(due):
        account = await db.get(Account, req.account_id)
        if account is not None:
            await _erase_account(db, account)
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


# ---------------------------------------------------------------- this feature's exporters


async def _account(db: AsyncSession, account: Account) -> Any:
    data = account_out(account).model_dump(mode="json")
    return data | {
        "nik": account.nik,
        "birth_date": account.birth_date.isoformat() if account.birth_date else None,
        "sex": account.sex,
        "created_at": account.created_at.isoformat(),
    }


async def _profile(db: AsyncSession, account: Account) -> Any:
    if account.role.is_staff:
        return None
    prof = profile_service.out(account, await profile_service.row(db, account))
    return prof.model_dump(mode="json") | {"nik": account.nik}


async def _family(db: AsyncSession, account: Account) -> Any:
    members = await family.list_members(db, account.id, masked=False)
    return [m.model_dump(mode="json") for m in members]


async def _sessions(db: AsyncSession, account: Account) -> Any:
    rows = await db.scalars(
        select(AuthSession)
        .where(AuthSession.account_id == account.id)
        .order_by(AuthSession.created_at)
    )
    cols = ("id", "device_name", "created_at", "last_used_at", "expires_at", "revoked_at")
    return [{c: _json(getattr(r, c)) for c in cols} for r in rows]


async def _access_log(db: AsyncSession, account: Account) -> Any:
    entries, before = [], None
    while True:
        page = await list_for_citizen(db, account.id, before, 100)
        entries += [e.model_dump(mode="json") for e in page.entries]
        if page.next_before is None:
            return entries
        before = page.next_before


async def _grants(db: AsyncSession, account: Account) -> Any:
    rows = await db.scalars(
        select(AccessGrant)
        .where(AccessGrant.citizen_id == account.id)
        .order_by(AccessGrant.created_at)
    )
    cols = ("id", "officer_id", "agency_code", "purpose", "created_at", "expires_at")
    return [{c: _json(getattr(r, c)) for c in cols} for r in rows]


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


async def _erase_profile(db: AsyncSession, account_id: str) -> None:
    await db.execute(delete(CitizenProfile).where(CitizenProfile.account_id == account_id))
    await db.execute(delete(FamilyMember).where(FamilyMember.citizen_id == account_id))
    await db.execute(delete(IdentitySubject).where(IdentitySubject.account_id == account_id))
    await db.execute(delete(AccessGrant).where(AccessGrant.citizen_id == account_id))


register_exporter("account", _account)
register_exporter("profile", _profile)
register_exporter("family", _family)
register_exporter("sessions", _sessions)
register_exporter("access_log", _access_log)
register_exporter("access_grants", _grants)
register_eraser("profile", _erase_profile)
register_disabled_reason(_pending_reason)
