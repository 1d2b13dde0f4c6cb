"""Server layer: account rules — registration, login, session checks and revocation."""

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.accounts import AccountOut, LoginRequest, RegisterRequest, SessionInfo
from contracts.enums import Role
from contracts.nik import mask_nik
from server.accounts import throttle
from server.accounts.models import Account, AuthSession
from server.accounts.security import (
    hash_password,
    needs_rehash,
    new_token,
    token_digest,
    verify_password,
)
from server.config import Settings
from server.db import utcnow
from server.errors import AppError

TOUCH_EVERY = timedelta(minutes=5)


@dataclass(frozen=True)
class Principal:
    """Who is calling: the account and the session the bearer token belongs to."""

    account: Account
    session: AuthSession


def account_out(account: Account) -> AccountOut:
    return AccountOut(
        id=account.id,
        role=account.role,
        full_name=account.full_name,
        nik_masked=mask_nik(account.nik) if account.nik else None,
        phone=account.phone,
        username=account.username,
        agency_code=account.agency_code,
        service_center_code=account.service_center_code,
        district_codes=list(account.district_codes or []),
    )


async def register(db: AsyncSession, req: RegisterRequest) -> Account:
    if await db.scalar(select(Account.id).where(Account.nik == req.nik)):
        raise AppError(409, "nik_taken")
    account = Account(
        role=Role.CITIZEN,
        nik=req.nik,
        full_name=req.full_name,
        birth_date=req.birth_date,
        sex=req.sex,
        phone=req.phone,
        password_hash=await asyncio.to_thread(hash_password, req.password),
        district_codes=[],
    )
    try:
        async with db.begin_nested():
            db.add(account)
    except IntegrityError:  # a concurrent registration with the same NIK won
        raise AppError(409, "nik_taken") from None
    return account


async def _find_login(db: AsyncSession, login: str) -> Account | None:
    key = login.strip().replace(" ", "")
    column = Account.nik if key.isdigit() else Account.username
    return await db.scalar(select(Account).where(column == key.lower()))


async def login(db: AsyncSession, req: LoginRequest, client: str, settings: Settings) -> str:
    """Check the password and open a session; return the new bearer token (shown once)."""
    now = utcnow()
    keys = throttle.Keys.of(req.login, client)
    await throttle.ensure_allowed(db, keys, now)
    account = await _find_login(db, req.login)
    # argon2 takes ~50 ms of CPU and releases the GIL: off the event loop, so one login
    # does not stall every other request (and their open SQLite transactions) meanwhile
    stored = account.password_hash if account else None
    ok = await asyncio.to_thread(verify_password, stored, req.password)
    if not ok or account is None or account.disabled_at is not None:
        await throttle.record_failure(db, keys, settings, now)
        await db.commit()
        raise AppError(401, "invalid_credentials")
    await throttle.record_success(db, keys)
    if needs_rehash(account.password_hash):
        account.password_hash = await asyncio.to_thread(hash_password, req.password)
    return await open_session(db, account, req.device_name, settings, now)


async def open_session(
    db: AsyncSession, account: Account, device: str | None, settings: Settings, now: datetime
) -> str:
    hours = (
        settings.staff_session_ttl_hours if account.role.is_staff else settings.session_ttl_hours
    )
    token = new_token()
    db.add(
        AuthSession(
            account_id=account.id,
            token_hash=token_digest(settings.secret_key, token),
            device_name=device,
            created_at=now,
            last_used_at=now,
            expires_at=now + timedelta(hours=hours),
        )
    )
    await db.flush()
    return token


def _unauthorized() -> AppError:
    return AppError(401, "unauthorized", headers={"WWW-Authenticate": "Bearer"})


async def session_for_token(db: AsyncSession, token: str, settings: Settings) -> AuthSession:
    digest = token_digest(settings.secret_key, token)
    session = await db.scalar(select(AuthSession).where(AuthSession.token_hash == digest))
    if session is None or session.revoked_at is not None or session.expires_at <= utcnow():
        raise _unauthorized()
    return session


async def authenticate(db: AsyncSession, token: str, settings: Settings) -> Principal:
    """Session and account in one statement: every authenticated request pays for this."""
    digest = token_digest(settings.secret_key, token)
    row = (
        await db.execute(
            select(AuthSession, Account)
            .join(Account, Account.id == AuthSession.account_id)
            .where(AuthSession.token_hash == digest)
        )
    ).first()
    if row is None:
        raise _unauthorized()
    session, account = row[0], row[1]
    if session.revoked_at is not None or session.expires_at <= utcnow():
        raise _unauthorized()
    if account.disabled_at is not None:
        raise _unauthorized()
    now = utcnow()
    if now - session.last_used_at > TOUCH_EVERY:
        session.last_used_at = now
        await db.commit()
    return Principal(account=account, session=session)


async def revoke_all(db: AsyncSession, account_id: str) -> int:
    result = await db.execute(
        update(AuthSession)
        .where(AuthSession.account_id == account_id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def list_sessions(db: AsyncSession, principal: Principal) -> list[SessionInfo]:
    now = utcnow()
    rows = await db.scalars(
        select(AuthSession)
        .where(
            AuthSession.account_id == principal.account.id,
            AuthSession.revoked_at.is_(None),
            AuthSession.expires_at > now,
        )
        .order_by(AuthSession.created_at.desc())
    )
    return [
        SessionInfo(
            id=s.id,
            device_name=s.device_name,
            created_at=s.created_at,
            last_used_at=s.last_used_at,
            expires_at=s.expires_at,
            current=s.id == principal.session.id,
        )
        for s in rows
    ]


async def revoke_session(db: AsyncSession, principal: Principal, session_id: str) -> None:
    session = await db.get(AuthSession, session_id)
    if session is None or session.account_id != principal.account.id:
        raise AppError(404, "not_found")  # never reveal another account's sessions
    session.revoked_at = session.revoked_at or utcnow()
