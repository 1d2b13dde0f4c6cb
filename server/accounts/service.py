"""Server layer: account rules — registration, login, session checks and revocation."""

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NoReturn

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.accounts import (
    AccountOut,
    LoginRequest,
    PasswordChange,
    RegisterRequest,
    SessionInfo,
)
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
from server.db import bookkeeping_commit_done, utcnow
from server.errors import AppError, field_error

TOUCH_EVERY = timedelta(minutes=5)
# Why a disabled account with the right password cannot log in, when a feature knows (data
# rights: a pending deletion; wired in server/app.py); None means "not mine".
DisabledReason = Callable[[AsyncSession, Account], Awaitable[AppError | None]]


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


async def verify_login(
    db: AsyncSession, req: LoginRequest, client: str, settings: Settings, now: datetime
) -> Account:
    """Throttled password check: the account when the password is right (even a disabled
    one: the caller decides what that means); 401 invalid_credentials otherwise."""
    keys = throttle.Keys.of(req.login, client)
    await throttle.ensure_allowed(db, keys, now)
    account = await _find_login(db, req.login)
    # argon2 takes ~50 ms of CPU and releases the GIL: off the event loop, so one login
    # does not stall every other request (and their open SQLite transactions) meanwhile
    stored = account.password_hash if account else None
    ok = await asyncio.to_thread(verify_password, stored, req.password)
    if not ok or account is None:
        await _failed(db, keys, settings, now)
    assert account is not None
    return account


async def accept_login(db: AsyncSession, account: Account, req: LoginRequest, client: str) -> None:
    """A right password: clear the account's and the pair's failure counts, upgrade an old
    hash."""
    await throttle.record_success(db, throttle.Keys.of(req.login, client))
    if needs_rehash(account.password_hash):
        account.password_hash = await asyncio.to_thread(hash_password, req.password)


async def _failed(
    db: AsyncSession, keys: throttle.Keys, settings: Settings, now: datetime
) -> NoReturn:
    await throttle.record_failure(db, keys, settings, now)
    await db.commit()
    raise AppError(401, "invalid_credentials")


async def login(
    db: AsyncSession,
    req: LoginRequest,
    client: str,
    settings: Settings,
    disabled_reasons: Sequence[DisabledReason] = (),
) -> str:
    """Check the password and open a session; return the new bearer token (shown once).
    A disabled account: the first of `disabled_reasons` (e.g. data rights: a pending
    deletion) that explains it is the answer, else the login fails as usual."""
    now = utcnow()
    account = await verify_login(db, req, client, settings, now)
    if account.disabled_at is not None:
        # only someone who knows the password learns why (e.g. a pending deletion)
        for explain in disabled_reasons:
            if (reason := await explain(db, account)) is not None:
                raise reason
        await _failed(db, throttle.Keys.of(req.login, client), settings, now)
    await accept_login(db, account, req, client)
    return await open_session(db, account, req.device_name, settings, now)


async def confirm_password(
    db: AsyncSession, account: Account, password: str, field: str, client: str, settings: Settings
) -> None:
    """A password re-entered for a sensitive step, throttled like a login (a stolen session
    must not become a way to guess it); wrong → 422 on `field`."""
    now = utcnow()
    login_key = account.nik or account.username or account.id
    keys = throttle.Keys.of(login_key, client)
    await throttle.ensure_allowed(db, keys, now)
    if await asyncio.to_thread(verify_password, account.password_hash, password):
        return
    await throttle.record_failure(db, keys, settings, now)
    await db.commit()
    raise field_error(field, "password_wrong")


async def change_password(
    db: AsyncSession, principal: Principal, req: PasswordChange, client: str, settings: Settings
) -> int:
    """Set a new password; every other session of the account ends (returns how many)."""
    account = principal.account
    await confirm_password(db, account, req.current_password, "current_password", client, settings)
    if req.new_password == req.current_password:
        raise field_error("new_password", "password_unchanged")
    account.password_hash = await asyncio.to_thread(hash_password, req.new_password)
    return await revoke_all(db, account.id, keep=principal.session.id)


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
        bookkeeping_commit_done(db)
    return Principal(account=account, session=session)


async def revoke_all(db: AsyncSession, account_id: str, *, keep: str | None = None) -> int:
    """End every live session of the account (except `keep`, the caller's own)."""
    query = update(AuthSession).where(
        AuthSession.account_id == account_id, AuthSession.revoked_at.is_(None)
    )
    if keep is not None:
        query = query.where(AuthSession.id != keep)
    result = await db.execute(query.values(revoked_at=utcnow()))
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
