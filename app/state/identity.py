"""State layer: the identity stores — "Kode QR Saya" (`MyQrStore`), QR verdicts offline with
the cached JWKS and the officer's exchange (`ScanStore`), the officer's card
(`CredentialStore`); each built once per app session in app/main.py and forgotten at
sign-out (they hold whom a code names); plain Python over services, no controls."""

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from app.services.api import ApiClient
from app.services.errors import ApiError, ConflictError, OfflineError
from app.services.identity_api import (
    exchange_token,
    fetch_citizen_photo,
    fetch_jwks,
    fetch_officer_credential,
    fetch_token_batch,
)
from app.services.identity_store import IdentityStore, TokenChoice
from app.services.qr import render_qr_png
from app.services.qr_decode import decode_qr
from app.state.store import Note, Store
from contracts.access import Purpose
from contracts.identity import (
    BATCH_MAX,
    PREFIX,
    ExchangeResult,
    IdentityClaims,
    OfficerCredential,
    TokenError,
    TokenKind,
    parse_token,
    verify_token,
)

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
Owner = Callable[[], str]  # the signed-in account's id ("" when nobody is)
RETRY_OFFLINE = timedelta(minutes=1)
RETRY_REFUSED = timedelta(minutes=5)


def utcnow() -> datetime:
    return datetime.now(UTC)


def token_claims(token: str) -> IdentityClaims | None:
    """What the app's own token says (name, masked NIK, badge); no signature check needed."""
    try:
        return parse_token(token).claims
    except TokenError:
        return None


# ---------------------------------------------------------------- Kode QR Saya


class MyQrStore(Store):
    """Shows the token whose window covers now; keeps a day's batch; refreshes when online.
    Works without signal from the stored batch (also after an offline start)."""

    def __init__(
        self,
        api: ApiClient,
        identity: IdentityStore,
        owner: Owner,
        *,
        clock: Clock = utcnow,
        count: int = BATCH_MAX,
    ) -> None:
        super().__init__()
        self._api, self._identity, self._owner, self.count = api, identity, owner, count
        self._now = clock
        self.choice: TokenChoice | None = None
        self.claims: IdentityClaims | None = None  # what the shown token says (name, NIK, badge)
        self.png: bytes | None = None  # the shown token as a QR image
        self.loading = True
        self.refreshing = False
        self.online = True
        self._retry_at: datetime | None = None  # no automatic refresh before this

    async def start(self) -> None:
        """The screen opened: the stored batch at once, then a new one when due."""
        self.loading = self.choice is None
        await self._identity.load(self._owner())
        await self.tick()
        if self._identity.needs_refresh(self._now()):
            await self.refresh()
        self.loading = False

    async def tick(self) -> None:
        """Once a second: switch to the next window's token; refresh when due, at most once
        per retry interval after a failure (no signal: every minute; refused: 5 minutes)."""
        now = self._now()
        await self._show(self._identity.choose(now))
        waiting = self._retry_at is not None and now < self._retry_at
        busy = self.refreshing or self.loading
        if self._identity.needs_refresh(now) and not waiting and not busy:
            await self.refresh()

    async def refresh(self) -> None:
        """Fetch a new batch (and the keys); offline keeps whatever is still valid."""
        self.refreshing = True
        try:
            batch = await fetch_token_batch(self._api, self.count)
            await self._identity.save_batch(self._owner(), batch, self._now())
            self.online, self.problem = True, None
            self._retry_at = self._now() + RETRY_OFFLINE  # a short batch must not loop
            await _refresh_jwks(self._api, self._identity, self._now())
        except OfflineError:
            self.online, self._retry_at = False, self._now() + RETRY_OFFLINE
        except ApiError as exc:
            log.info("token batch refused: %s", exc.code)
            self.fail(Note("qr.error.refresh_failed"))
            self._retry_at = self._now() + RETRY_REFUSED
        finally:
            self.refreshing = False
        await self._show(self._identity.choose(self._now()))

    async def forget(self) -> None:
        await super().forget()
        self.choice, self.claims, self.png, self._retry_at = None, None, None, None
        self.loading, self.refreshing, self.online = True, False, True

    async def _show(self, choice: TokenChoice | None) -> None:
        if choice == self.choice:
            return
        token = choice.token.token if choice else None
        old = self.choice.token.token if self.choice else None
        if token != old:  # rendering takes ~60 ms: keep it off the UI thread
            png = await asyncio.to_thread(render_qr_png, token) if token else None
            self.png, self.claims = png, token_claims(token) if token else None
        self.choice = choice


async def _refresh_jwks(api: ApiClient, identity: IdentityStore, now: datetime) -> None:
    try:
        await identity.save_jwks(await fetch_jwks(api), now)
    except OfflineError:
        raise
    except ApiError as exc:  # keep the cached keys
        log.info("JWKS fetch failed: %s", exc.code)


# ---------------------------------------------------------------- scanning and verdicts


@dataclass(frozen=True)
class ScanOutcome:
    """A verdict on one scan: claims when trusted, else a problem code (token_* or below)."""

    token: str | None = None
    claims: IdentityClaims | None = None
    problem: str | None = None  # token_*, "no_qr", "not_identity_qr", "no_keys"

    @property
    def ok(self) -> bool:
        return self.claims is not None


def judge(
    texts: list[str], jwks: dict[str, object] | None, now: datetime, kind: TokenKind
) -> ScanOutcome:
    """Offline verdict on the decoded QR texts: signature by a cached key, validity, kind."""
    if not texts:
        return ScanOutcome(problem="no_qr")
    ours = [t.strip() for t in texts if t.strip().startswith(PREFIX)]
    if not ours:
        return ScanOutcome(problem="not_identity_qr")
    if jwks is None:
        return ScanOutcome(token=ours[0], problem="no_keys")
    try:
        claims = verify_token(ours[0], jwks, now, expected_kind=kind)
    except TokenError as exc:
        return ScanOutcome(token=ours[0], problem=exc.code)
    return ScanOutcome(token=ours[0], claims=claims)


class ScanStore(Store):
    """Checks scanned QR codes of one kind (citizen tokens on Pindai QR, officer cards on
    Periksa Petugas) offline with the cached keys; for citizens, the online exchange. What a
    scan showed names another person: reset when the screen opens, forgotten at sign-out."""

    def __init__(
        self,
        api: ApiClient,
        identity: IdentityStore,
        owner: Owner,
        kind: TokenKind,
        *,
        clock: Clock = utcnow,
    ) -> None:
        super().__init__()
        self._api, self._identity, self._owner, self.kind = api, identity, owner, kind
        self._now = clock
        self.outcome: ScanOutcome | None = None
        self.online = True
        self.keys_at: datetime | None = None  # when the cached keys were fetched (None: none)
        self.exchange_result: ExchangeResult | None = None
        self.photo: bytes | None = None  # the citizen's photo, fetched after the exchange
        self.exchange_problem: str | None = None
        self.exchange_message: str | None = None  # the server's words for codes we do not know
        self.exchanging = False
        self._fresh_keys = False  # fetched during this visit: no refetch on an unknown kid

    async def prepare(self) -> None:
        """The screen opened: a clean slate, the cached keys, then current ones (offline is
        fine: the cached keys verify)."""
        self.reset()
        self._fresh_keys = False
        await self._identity.load(self._owner())
        await self._fetch_keys()

    async def _fetch_keys(self) -> None:
        try:
            await _refresh_jwks(self._api, self._identity, self._now())
            self.online, self._fresh_keys = True, True
        except OfflineError:
            self.online = False
        jwks = self._identity.jwks
        self.keys_at = jwks.fetched_at if jwks else None

    async def check_image(self, data: bytes, *, quiet_if_empty: bool = False) -> ScanOutcome | None:
        """Decode off the UI thread, then judge. Camera frames without a QR stay quiet."""
        if self.busy:
            return None  # a frame is still being decoded: drop this one
        self.busy = True
        try:
            texts = await asyncio.to_thread(decode_qr, data)
        finally:
            self.busy = False
        if not texts and quiet_if_empty:
            return None
        return await self.check_texts(texts)

    async def check_texts(self, texts: list[str]) -> ScanOutcome:
        outcome = self._judge(texts)
        if outcome.problem in ("token_unknown_key", "no_keys") and not self._fresh_keys:
            await self._fetch_keys()  # a key rotated since we cached: ask once
            outcome = self._judge(texts)
        self.outcome = outcome
        self.exchange_result, self.exchange_problem, self.photo = None, None, None
        return outcome

    def _judge(self, texts: list[str]) -> ScanOutcome:
        jwks = self._identity.jwks.jwks if self._identity.jwks else None
        return judge(texts, jwks, self._now(), self.kind)

    def reset(self) -> None:
        self.outcome, self.exchange_result, self.exchange_problem = None, None, None
        self.photo, self.exchange_message = None, None

    async def exchange(self, purpose: Purpose) -> None:
        """Online: trade the verified token for the fields `purpose` allows (single use)."""
        outcome = self.outcome
        if outcome is None or not outcome.ok or outcome.token is None:
            return
        self.exchanging, self.exchange_problem, self.exchange_message = True, None, None
        try:
            result = await exchange_token(self._api, outcome.token, purpose)
            self.exchange_result, self.online = result, True
            self.photo = await self._photo(result)
        except OfflineError:
            self.online, self.exchange_problem = False, "offline"
        except ConflictError as exc:
            self.exchange_problem = "token_used" if exc.code == "token_used" else exc.code
        except ApiError as exc:
            self.exchange_problem, self.exchange_message = exc.code, exc.message
        finally:
            self.exchanging = False

    async def forget(self) -> None:
        await super().forget()
        self.reset()
        self.online, self.keys_at, self.exchanging, self._fresh_keys = True, None, False, False

    async def _photo(self, result: ExchangeResult) -> bytes | None:
        """Best effort: the data already arrived; a missing photo must not hide it."""
        document_id = result.fields.photo_document_id
        if not document_id:
            return None
        try:
            return await fetch_citizen_photo(
                self._api, result.citizen_id, document_id, result.purpose
            )
        except ApiError as exc:
            log.info("citizen photo not fetched: %s", exc.code)
            return None


# ---------------------------------------------------------------- officer credential


class CredentialStore(Store):
    """The officer's own QR: fetched when online, kept (until it expires) for offline use."""

    def __init__(
        self, api: ApiClient, identity: IdentityStore, owner: Owner, *, clock: Clock = utcnow
    ) -> None:
        super().__init__()
        self._api, self._identity, self._owner, self._now = api, identity, owner, clock
        self.credential: OfficerCredential | None = None
        self.claims: IdentityClaims | None = None
        self.png: bytes | None = None
        self.loading = True
        self.online = True

    async def start(self) -> None:
        """The screen opened: the stored card at once (no signal needed), then a fresh one."""
        self.loading = self.credential is None
        cached = await self._identity.load_credential(self._owner())
        if cached is not None and cached.expires_at > self._now():
            await self._show(cached)
        await self.refresh()
        self.loading = False

    async def refresh(self) -> None:
        try:
            credential = await fetch_officer_credential(self._api)
        except OfflineError:
            self.online = False
            return
        except ApiError as exc:
            log.info("officer credential refused: %s", exc.code)
            self.fail(Note("qr.error.credential_failed"))
            return
        self.online, self.problem = True, None
        await self._show(credential)
        await self._identity.save_credential(self._owner(), credential)

    def expired(self) -> bool:
        credential = self.credential
        return credential is not None and credential.expires_at <= self._now()

    async def forget(self) -> None:
        await super().forget()
        self.credential, self.claims, self.png = None, None, None
        self.loading, self.online = True, True

    async def _show(self, credential: OfficerCredential) -> None:
        self.png = await asyncio.to_thread(render_qr_png, credential.token)
        self.claims = token_claims(credential.token)
        self.credential = credential
