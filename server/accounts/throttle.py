"""Server layer: login rate limiting per account and per client, stored in the database.

Kept in the database so that many stateless API replicas share one view. An account is locked
for a doubling time after repeated failures, capped so the real owner is never locked out for
long; a client address is limited per window.
"""

from datetime import datetime, timedelta
from math import ceil

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from server.accounts.models import LoginThrottle
from server.config import Settings
from server.errors import AppError


def account_key(login: str) -> str:
    return "acct:" + login.strip().lower()[:100]


def client_key(address: str) -> str:
    return "client:" + address[:100]


async def ensure_allowed(db: AsyncSession, keys: list[str], now: datetime) -> None:
    """Raise 429 (with Retry-After) while any of the keys is locked."""
    rows = (await db.scalars(select(LoginThrottle).where(LoginThrottle.key.in_(keys)))).all()
    waits = [(r.locked_until - now).total_seconds() for r in rows if r.locked_until]
    wait = max([w for w in waits if w > 0], default=0.0)
    if wait > 0:
        seconds = ceil(wait)
        raise AppError(
            429,
            "too_many_attempts",
            headers={"Retry-After": str(seconds)},
            minutes=max(1, ceil(seconds / 60)),
        )


async def _row(db: AsyncSession, key: str, now: datetime) -> LoginThrottle:
    row = await db.get(LoginThrottle, key, with_for_update=True)
    if row is not None:
        return row
    try:
        async with db.begin_nested():
            row = LoginThrottle(key=key, failures=0, window_started_at=now)
            db.add(row)
        return row
    except IntegrityError:  # another replica inserted it first
        found = await db.get(LoginThrottle, key, with_for_update=True, populate_existing=True)
        assert found is not None
        return found


async def record_failure(
    db: AsyncSession, acct: str, client: str, settings: Settings, now: datetime
) -> None:
    window = timedelta(minutes=settings.client_window_minutes)
    for key, limit in ((acct, settings.login_max_failures), (client, settings.client_max_failures)):
        row = await _row(db, key, now)
        if now - row.window_started_at > window and not _locked(row, now):
            row.failures, row.window_started_at = 0, now
        row.failures += 1
        if row.failures >= limit:
            row.locked_until = _lock_until(key, row, settings, window, now)


def _locked(row: LoginThrottle, now: datetime) -> bool:
    return row.locked_until is not None and row.locked_until > now


def _lock_until(
    key: str, row: LoginThrottle, settings: Settings, window: timedelta, now: datetime
) -> datetime:
    """Clients wait for their window to end; accounts wait 1, 2, 4… minutes up to the cap."""
    if key.startswith("client:"):
        return row.window_started_at + window
    doubling = 2 ** min(row.failures - settings.login_max_failures, 10)
    return now + timedelta(minutes=min(doubling, settings.login_lock_max_minutes))


async def record_success(db: AsyncSession, acct: str) -> None:
    row = await db.get(LoginThrottle, acct)
    if row is not None:
        await db.delete(row)
