"""Server layer: login rate limiting per account, per address and account, and per address.

Kept in the database so that many stateless API replicas share one view. Three counters, each
for the window `client_window_minutes`, and only failures count:

- one account from one address (`login_max_failures`): someone guessing one password. Locked
  for a doubling time (1, 2, 4… minutes, capped at `login_lock_max_minutes`); it locks only
  that pair, so the owner can still log in from anywhere else.
- one account from every address (`account_max_failures`, higher): the same guessing spread
  over many addresses. Locks the account itself (doubling, capped): the one case where the
  owner has to wait, because it is their account being attacked.
- one address against any accounts (`client_max_failures`, much higher): a password spray.
  Everyone behind that address waits for the window to end; set high enough that people
  sharing a carrier-grade NAT or proxy address are never stopped by each other's typos.

A correct login clears its account and pair counters, never the address's.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from math import ceil

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from server.accounts.models import LoginThrottle
from server.config import Settings
from server.errors import AppError


def normal_login(login: str) -> str:
    """One key per account however it is typed (spaces inside a NIK, letter case)."""
    return login.strip().replace(" ", "").lower()[:100]


@dataclass(frozen=True)
class Keys:
    account: str
    pair: str
    client: str

    @classmethod
    def of(cls, login: str, address: str) -> "Keys":
        name, address = normal_login(login), address[:100]
        pair = hashlib.sha256(f"{address}\x00{name}".encode()).hexdigest()  # fixed length
        return cls(account=f"acct:{name}", pair=f"pair:{pair}", client=f"client:{address}")

    def all(self) -> list[str]:
        return [self.account, self.pair, self.client]


async def ensure_allowed(db: AsyncSession, keys: Keys, now: datetime) -> None:
    """Raise 429 (with Retry-After) while any of the keys is locked."""
    rows = (await db.scalars(select(LoginThrottle).where(LoginThrottle.key.in_(keys.all())))).all()
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


async def record_failure(db: AsyncSession, keys: Keys, settings: Settings, now: datetime) -> None:
    window = timedelta(minutes=settings.client_window_minutes)
    limits = (
        (keys.pair, settings.login_max_failures),
        (keys.account, settings.account_max_failures),
        (keys.client, settings.client_max_failures),
    )
    for key, limit in limits:
        row = await _row(db, key, now)
        if now - row.window_started_at > window and not _locked(row, now):
            row.failures, row.window_started_at = 0, now
        row.failures += 1
        if row.failures >= limit:
            row.locked_until = _lock_until(key, row, limit, settings, window, now)


def _locked(row: LoginThrottle, now: datetime) -> bool:
    return row.locked_until is not None and row.locked_until > now


def _lock_until(
    key: str, row: LoginThrottle, limit: int, settings: Settings, window: timedelta, now: datetime
) -> datetime:
    """An address waits for its window to end; an account or a pair waits 1, 2, 4… minutes up
    to the cap."""
    if key.startswith("client:"):
        return row.window_started_at + window
    doubling = 2 ** min(row.failures - limit, 10)
    return now + timedelta(minutes=min(doubling, settings.login_lock_max_minutes))


async def record_success(db: AsyncSession, keys: Keys) -> None:
    await db.execute(delete(LoginThrottle).where(LoginThrottle.key.in_([keys.account, keys.pair])))
