"""State layer: "Kode QR Saya", QR verdicts (offline, cached JWKS) and the officer's exchange;
plain Python over services, no controls."""

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

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
from app.state.auth import AuthController
from app.state.observable import observable
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
RETRY_OFFLINE = timedelta(minutes=1)
RETRY_REFUSED = timedelta(minutes=5)


def utcnow() -> datetime:
    return datetime.now(UTC)


def owner_of(auth: AuthController) -> str:
    account = auth.session.account
    return account.id if account else ""


def token_claims(token: str) -> IdentityClaims | None:
    """What the app's own token says (name, masked NIK, badge); no signature check needed."""
    try:
        return parse_token(token).claims
    except TokenError:
        return None


# ---------------------------------------------------------------- Kode QR Saya


@observable
@dataclass
class MyQrState:
    choice: TokenChoice | None = None
    claims: IdentityClaims | None = None  # what the shown token says (name, masked NIK, badge)
    png: bytes | None = None  # the shown token as a QR image
    loading: bool = True
    refreshing: bool = False
    online: bool = True
    problem: str | None = None  # catalog key of the last failure


class MyQrController:
    """Shows the token whose window covers now; keeps a day's batch; refreshes when online."""

    def __init__(
        self,
        auth: AuthController,
        store: IdentityStore,
        *,
        clock: Clock = utcnow,
        count: int = BATCH_MAX,
    ) -> None:
        self.auth, self.store, self.count = auth, store, count
        self._now = clock
        self.state = MyQrState()
        self._retry_at: datetime | None = None  # no automatic refresh before this

    async def start(self) -> None:
        await self.store.load(owner_of(self.auth))
        await self.tick()
        if self.store.needs_refresh(self._now()):
            await self.refresh()
        self.state.loading = False

    async def tick(self) -> None:
        """Once a second: switch to the next window's token; refresh when due, at most once
        per retry interval after a failure (no signal: every minute; refused: 5 minutes)."""
        now = self._now()
        await self._show(self.store.choose(now))
        waiting = self._retry_at is not None and now < self._retry_at
        busy = self.state.refreshing or self.state.loading
        if self.store.needs_refresh(now) and not waiting and not busy:
            await self.refresh()

    async def _show(self, choice: TokenChoice | None) -> None:
        if choice == self.state.choice:
            return
        token = choice.token.token if choice else None
        old = self.state.choice.token.token if self.state.choice else None
        if token != old:  # rendering takes ~60 ms: keep it off the UI thread
            png = await asyncio.to_thread(render_qr_png, token) if token else None
            self.state.png, self.state.claims = png, token_claims(token) if token else None
        self.state.choice = choice

    async def refresh(self) -> None:
        """Fetch a new batch (and the keys); offline keeps whatever is still valid."""
        self.state.refreshing = True
        try:
            batch = await fetch_token_batch(self.auth.api, self.count)
            await self.store.save_batch(owner_of(self.auth), batch, self._now())
            self.state.online, self.state.problem = True, None
            self._retry_at = self._now() + RETRY_OFFLINE  # a short batch must not loop
            await _refresh_jwks(self.auth, self.store, self._now())
        except OfflineError:
            self.state.online, self._retry_at = False, self._now() + RETRY_OFFLINE
        except ApiError as exc:
            log.info("token batch refused: %s", exc.code)
            self.state.problem = "qr.error.refresh_failed"
            self._retry_at = self._now() + RETRY_REFUSED
        finally:
            self.state.refreshing = False
        await self._show(self.store.choose(self._now()))


async def _refresh_jwks(auth: AuthController, store: IdentityStore, now: datetime) -> None:
    try:
        await store.save_jwks(await fetch_jwks(auth.api), now)
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


@observable
@dataclass
class ScanState:
    outcome: ScanOutcome | None = None
    busy: bool = False
    online: bool = True
    keys_at: datetime | None = None  # when the cached keys were fetched (None: no keys)
    exchange: ExchangeResult | None = None
    photo: bytes | None = None  # the citizen's photo, fetched after the exchange
    exchange_problem: str | None = None
    exchange_message: str | None = None  # the server's own words for codes we do not know
    exchanging: bool = False


class Verifier:
    """Checks scanned QR codes of one kind (citizen tokens or officer credentials) offline."""

    def __init__(
        self, auth: AuthController, store: IdentityStore, kind: TokenKind, *, clock: Clock = utcnow
    ) -> None:
        self.auth, self.store, self.kind = auth, store, kind
        self._now = clock
        self.state = ScanState()
        self._fresh_keys = False  # fetched during this screen: no point refetching on unknown kid

    async def prepare(self) -> None:
        """Load cached keys, then try to fetch current ones (offline is fine)."""
        await self.store.load(owner_of(self.auth))
        await self._fetch_keys()

    async def _fetch_keys(self) -> None:
        try:
            await _refresh_jwks(self.auth, self.store, self._now())
            self.state.online, self._fresh_keys = True, True
        except OfflineError:
            self.state.online = False
        jwks = self.store.jwks
        self.state.keys_at = jwks.fetched_at if jwks else None

    async def check_image(self, data: bytes, *, quiet_if_empty: bool = False) -> ScanOutcome | None:
        """Decode off the UI thread, then judge. Camera frames without a QR stay quiet."""
        if self.state.busy:
            return None  # a frame is still being decoded: drop this one
        self.state.busy = True
        try:
            texts = await asyncio.to_thread(decode_qr, data)
        finally:
            self.state.busy = False
        if not texts and quiet_if_empty:
            return None
        return await self.check_texts(texts)

    async def check_texts(self, texts: list[str]) -> ScanOutcome:
        outcome = self._judge(texts)
        if outcome.problem in ("token_unknown_key", "no_keys") and not self._fresh_keys:
            await self._fetch_keys()  # a key rotated since we cached: ask once
            outcome = self._judge(texts)
        self.state.outcome = outcome
        self.state.exchange, self.state.exchange_problem, self.state.photo = None, None, None
        return outcome

    def _judge(self, texts: list[str]) -> ScanOutcome:
        jwks = self.store.jwks.jwks if self.store.jwks else None
        return judge(texts, jwks, self._now(), self.kind)

    def reset(self) -> None:
        self.state.outcome, self.state.exchange, self.state.exchange_problem = None, None, None
        self.state.photo = None

    async def exchange(self, purpose: Purpose) -> None:
        """Online: trade the verified token for the fields `purpose` allows (single use)."""
        outcome = self.state.outcome
        if outcome is None or not outcome.ok or outcome.token is None:
            return
        self.state.exchanging, self.state.exchange_problem = True, None
        self.state.exchange_message = None
        try:
            result = await exchange_token(self.auth.api, outcome.token, purpose)
            self.state.exchange, self.state.online = result, True
            self.state.photo = await self._photo(result)
        except OfflineError:
            self.state.online, self.state.exchange_problem = False, "offline"
        except ConflictError as exc:
            self.state.exchange_problem = "token_used" if exc.code == "token_used" else exc.code
        except ApiError as exc:
            self.state.exchange_problem, self.state.exchange_message = exc.code, exc.message
        finally:
            self.state.exchanging = False

    async def _photo(self, result: ExchangeResult) -> bytes | None:
        """Best effort: the data already arrived; a missing photo must not hide it."""
        document_id = result.fields.photo_document_id
        if not document_id:
            return None
        try:
            api = self.auth.api
            return await fetch_citizen_photo(api, result.citizen_id, document_id, result.purpose)
        except ApiError as exc:
            log.info("citizen photo not fetched: %s", exc.code)
            return None


# ---------------------------------------------------------------- officer credential


@observable
@dataclass
class CredentialState:
    credential: OfficerCredential | None = None
    claims: IdentityClaims | None = None
    png: bytes | None = None
    loading: bool = True
    online: bool = True
    problem: str | None = None


class CredentialController:
    """The officer's own QR: fetched when online, kept (until it expires) for offline use."""

    def __init__(
        self, auth: AuthController, store: IdentityStore, *, clock: Clock = utcnow
    ) -> None:
        self.auth, self.store, self._now = auth, store, clock
        self.state = CredentialState()

    async def start(self) -> None:
        owner = owner_of(self.auth)
        cached = await self.store.load_credential(owner)
        if cached is not None and cached.expires_at > self._now():
            await self._show(cached)
        await self.refresh()
        self.state.loading = False

    async def refresh(self) -> None:
        try:
            credential = await fetch_officer_credential(self.auth.api)
        except OfflineError:
            self.state.online = False
            return
        except ApiError as exc:
            log.info("officer credential refused: %s", exc.code)
            self.state.problem = "qr.error.credential_failed"
            return
        self.state.online, self.state.problem = True, None
        await self._show(credential)
        await self.store.save_credential(owner_of(self.auth), credential)

    def expired(self) -> bool:
        credential = self.state.credential
        return credential is not None and credential.expires_at <= self._now()

    async def _show(self, credential: OfficerCredential) -> None:
        self.state.png = await asyncio.to_thread(render_qr_png, credential.token)
        self.state.claims = token_claims(credential.token)
        self.state.credential = credential
