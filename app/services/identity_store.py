"""Services layer: the citizen's pre-signed QR tokens and the cached JWKS, kept in the device
store so "Kode QR Saya" and offline verification work for a day without signal; no flet.

Windows are in server time. The batch remembers how far the device clock was from the
server's when it was fetched, and picks tokens by that corrected clock, so a phone whose
clock is a few minutes off still shows the token the officer's phone will accept.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from pydantic import BaseModel

from app.services.device_store import DeviceStore
from contracts.identity import IssuedToken, OfficerCredential, TokenBatch

M = TypeVar("M", bound=BaseModel)
BATCH_KEY = "satupintu.identity.batch"
JWKS_KEY = "satupintu.identity.jwks"
CREDENTIAL_KEY = "satupintu.identity.officer_credential"
REFRESH_BELOW = timedelta(hours=12)  # refresh when online and less than this remains
JWKS_MAX_AGE = timedelta(days=7)  # older cached keys are still used, but flagged as stale


class StoredBatch(BaseModel):
    """A fetched batch, whose account it is, and the device clock's offset from the server."""

    owner: str
    tokens: list[IssuedToken]
    fetched_at: datetime  # server time of the fetch
    clock_offset_seconds: float = 0.0  # server_time - device time at the fetch


class StoredJwks(BaseModel):
    jwks: dict[str, Any]
    fetched_at: datetime  # device time of the fetch


class StoredCredential(BaseModel):
    owner: str
    credential: OfficerCredential


@dataclass(frozen=True)
class TokenChoice:
    """The token to show now, when it stops being valid, and how long the batch lasts."""

    token: IssuedToken
    ends_at_device: datetime  # the window's end on the device clock (for the countdown)
    offline_until_device: datetime  # the last window's end on the device clock


class IdentityStore:
    """Reads and writes the batch, the JWKS and the officer's credential in the device store.
    One per app session (built in app/main.py); `forget` runs at sign-out."""

    def __init__(self, device: DeviceStore) -> None:
        self._device = device
        self.batch: StoredBatch | None = None
        self.jwks: StoredJwks | None = None

    async def load(self, owner: str) -> None:
        """Read both from storage; a batch of another account (shared phone) is dropped."""
        batch = await self._read(BATCH_KEY, StoredBatch)
        if batch is not None and batch.owner != owner:  # someone else's tokens: forget them
            batch = None
            await self.clear_batch()
        self.batch = batch
        self.jwks = await self._read(JWKS_KEY, StoredJwks)

    async def save_batch(self, owner: str, batch: TokenBatch, device_now: datetime) -> None:
        offset = (batch.server_time - device_now).total_seconds()
        tokens = sorted(batch.tokens, key=lambda t: t.not_before)
        self.batch = StoredBatch(
            owner=owner, tokens=tokens, fetched_at=batch.server_time, clock_offset_seconds=offset
        )
        await self._write(BATCH_KEY, self.batch)

    async def save_jwks(self, jwks: dict[str, Any], device_now: datetime) -> None:
        self.jwks = StoredJwks(jwks=jwks, fetched_at=device_now)
        await self._write(JWKS_KEY, self.jwks)

    async def clear_batch(self) -> None:
        """Forget the tokens (log out): they identify the person to anyone who sees them."""
        self.batch = None
        await self._device.remove(BATCH_KEY)

    async def forget(self) -> None:
        """Sign-out: the tokens and the officer's card identify the person; the public keys
        stay (they verify other people's codes and hold nothing personal)."""
        await self.clear_batch()
        await self._device.remove(CREDENTIAL_KEY)

    async def save_credential(self, owner: str, credential: OfficerCredential) -> None:
        """The officer's own QR, so it can be shown at a door without signal."""
        await self._write(CREDENTIAL_KEY, StoredCredential(owner=owner, credential=credential))

    async def load_credential(self, owner: str) -> OfficerCredential | None:
        stored = await self._read(CREDENTIAL_KEY, StoredCredential)
        return stored.credential if stored is not None and stored.owner == owner else None

    def choose(self, device_now: datetime) -> TokenChoice | None:
        return choose_token(self.batch, device_now)

    def needs_refresh(self, device_now: datetime) -> bool:
        return needs_refresh(self.batch, device_now)

    def jwks_is_stale(self, device_now: datetime) -> bool:
        return self.jwks is None or device_now - self.jwks.fetched_at > JWKS_MAX_AGE

    async def _read(self, key: str, model: type[M]) -> M | None:
        return await self._device.read(key, model)

    async def _write(self, key: str, value: BaseModel) -> None:
        await self._device.write(key, value)


def server_now(batch: StoredBatch, device_now: datetime) -> datetime:
    return device_now + timedelta(seconds=batch.clock_offset_seconds)


def choose_token(batch: StoredBatch | None, device_now: datetime) -> TokenChoice | None:
    """The token whose window covers now (server-corrected clock), or None when none does."""
    if batch is None or not batch.tokens:
        return None
    now = server_now(batch, device_now)
    offset = timedelta(seconds=batch.clock_offset_seconds)
    for token in batch.tokens:
        if token.not_before <= now < token.expires_at:
            last_end = batch.tokens[-1].expires_at
            return TokenChoice(token, token.expires_at - offset, last_end - offset)
    return None


def needs_refresh(batch: StoredBatch | None, device_now: datetime) -> bool:
    """True when there is no batch, no current token, or less than REFRESH_BELOW remains."""
    if batch is None or not batch.tokens or choose_token(batch, device_now) is None:
        return True
    remaining = batch.tokens[-1].expires_at - server_now(batch, device_now)
    return remaining < REFRESH_BELOW
