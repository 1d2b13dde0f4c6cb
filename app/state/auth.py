"""State layer: session actions (restore — online or in offline mode —, revalidate, log in,
register, log out, language) over services; no controls."""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from app.services.api import ApiClient
from app.services.device_store import DeviceStore, MemoryBackend
from app.services.errors import (
    ApiError,
    AuthExpiredError,
    ConflictError,
    InvalidCredentials,
    is_retryable,
)
from app.services.i18n import LANGUAGES
from app.services.session_memory import SessionMemory, StoredAccount
from app.services.tokens import TokenStore
from app.state.forms import RegisterForm, check_login, to_register_request
from app.state.password import PasswordForm, to_password_change
from app.state.session import Session, SessionStatus
from contracts.accounts import AccountOut, SessionOut

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(UTC)


class AuthController:
    """Owns the session: the bearer token (on the API client and in the TokenStore), signing
    in and out, and the reaction to an expired session — the client's one `on_auth_expired`
    hook, wired here. Stores holding personal data register their `forget` in
    `on_sign_out` when app/main.py builds them; `on_back_online` runs when a session that
    started offline is confirmed by the server again. A store whose unsent work must outlive
    an expired session (the field officer's queue) names what to do instead in
    `on_expiry_instead`: signing out wipes it, an expiry only puts it away until the same
    account signs in again.

    The device remembers the last account's public summary (`SessionMemory`): a start with a
    stored token and no signal enters the signed-in app in offline mode instead of a splash."""

    def __init__(
        self,
        session: Session,
        api: ApiClient,
        tokens: TokenStore,
        *,
        device_name: str | None = None,
        memory: SessionMemory | None = None,
        clock: Clock = utcnow,
    ) -> None:
        self.session = session
        self.tokens = tokens
        self.device_name = device_name
        self.api = api
        self.memory = memory or SessionMemory(DeviceStore(MemoryBackend()))
        self._now = clock
        api.on_auth_expired = self.session_expired
        self.on_sign_out: list[Callable[[], Awaitable[None]]] = []
        self.on_back_online: list[Callable[[], Awaitable[None]]] = []
        self.on_expiry_instead: dict[Callable[[], Awaitable[None]], Callable[[], Awaitable[None]]]
        self.on_expiry_instead = {}
        self._checking: asyncio.Task[bool] | None = None  # a scheduled revalidation (kept)

    @property
    def has_token(self) -> bool:
        return self.api.token is not None

    async def restore(self) -> None:
        """At start-up: the chosen language; then reuse a stored token if the server still
        accepts it. No signal (or server trouble) with a remembered account: offline mode."""
        self.session.status = SessionStatus.LOADING
        await self._restore_language()
        self.api.token = await self.tokens.load()
        if not self.api.token:
            await self.memory.forget_account()  # nobody to remember without a token
            self._signed_out()
            return
        stored = await self.memory.load_account()
        # known before asking: a refused token wipes this account's data (per-account keys)
        self.session.account = stored.account if stored else None
        try:
            account = await self.api.me()
        except AuthExpiredError:
            await self.session_expired()  # (already done by the hook; kept for clarity)
        except ApiError as exc:
            self._unreachable(stored, is_retryable(exc))
        else:
            await self._signed_in(account)

    async def revalidate(self) -> bool:
        """Offline mode: ask /me again (the banner's retry, a page reconnect, the first
        answer after the signal returns). True once the server confirmed the session; an
        expired token signs out through the client's hook."""
        if not self.session.offline or self.session.reconnecting:
            return not self.session.offline
        self.api.on_reachable = None  # this request is the check
        self.session.reconnecting = True
        try:
            account = await self.api.me()
        except AuthExpiredError:
            return False  # signed out by the hook
        except ApiError as exc:
            log.info("still offline: %s", exc.code)
            self.api.on_reachable = self._revalidate_soon
            return False
        finally:
            self.session.reconnecting = False
        await self._signed_in(account)
        for back in self.on_back_online:
            await back()
        return True

    async def login(self, login: str, password: str) -> AccountOut:
        """Log in with a NIK or username; raises FormInvalid or a typed ApiError."""
        check_login(login, password)
        return await self._start(await self.api.login(login.strip(), password, self.device_name))

    async def cancel_deletion(self, login: str, password: str) -> AccountOut:
        """Take back this account's pending deletion and sign in (same fields as login)."""
        check_login(login, password)
        started = await self.api.cancel_deletion(login.strip(), password, self.device_name)
        return await self._start(started)

    async def _start(self, started: SessionOut) -> AccountOut:
        self.api.token = started.token
        await self.tokens.save(started.token)
        await self._signed_in(started.account)
        return started.account

    async def change_password(self, form: PasswordForm) -> None:
        """New password; this device stays signed in, the server ends every other session."""
        await self.api.change_password(to_password_change(form))

    async def register(self, form: RegisterForm) -> AccountOut:
        """Register a citizen, then log in with the same NIK and password.

        A retry after a lost answer meets `nik_taken`: if the same password logs in, the first
        attempt did register, so carry on instead of showing a confusing error.
        """
        request = to_register_request(form)
        try:
            await self.api.register(request)
        except ConflictError as conflict:
            try:
                return await self.login(request.nik, request.password)
            except InvalidCredentials:
                raise conflict from None
        return await self.login(request.nik, request.password)

    async def logout(self) -> None:
        """Always signs out here; telling the server is best effort (it may be offline)."""
        try:
            await self.api.logout()
        except ApiError as exc:
            log.info("server logout failed (%s); signing out locally", exc.code)
        await self._forget()

    async def logout_all(self) -> None:
        """Revoke every session of the account; needs the server, so errors propagate."""
        with contextlib.suppress(AuthExpiredError):  # already gone here: sign out locally
            await self.api.logout_all()
        await self._forget()

    async def session_expired(self) -> None:
        """The API client's hook: a request was refused for the token it carried. Also the
        way out after the server ended every session (account deletion)."""
        if self.api.token is not None or self.session.signed_in:
            await self._forget(expired=True)

    def set_language(self, language: str) -> None:
        if language in LANGUAGES:
            self.session.language = language

    async def choose_language(self, language: str) -> None:
        """The person's choice: shown at once and kept on the device (also after sign-out)."""
        self.set_language(language)
        if self.session.language == language:
            await self.memory.save_language(language)

    async def _restore_language(self) -> None:
        saved = await self.memory.load_language()
        if saved:
            self.set_language(saved)

    def _unreachable(self, stored: StoredAccount | None, retryable: bool) -> None:
        """No answer from the server: the remembered account in offline mode, or (nothing
        remembered, or a refusal that waiting will not cure) the splash with its retry."""
        if stored is None or not retryable:
            self.session.status = SessionStatus.UNREACHABLE
            return
        self.session.account, self.session.last_sync = stored.account, stored.synced_at
        self.session.offline_since = self._now()
        self.session.status = SessionStatus.SIGNED_IN
        self.api.on_reachable = self._revalidate_soon  # the first answer that gets through

    async def _revalidate_soon(self) -> None:
        """The client's `on_reachable` hook: check apart from the request that got through
        (it may hold a lock the callbacks of `on_back_online` need, e.g. the outbox's)."""
        self._checking = asyncio.get_running_loop().create_task(self.revalidate())

    async def _signed_in(self, account: AccountOut) -> None:
        now = self._now()
        await self.memory.save_account(account, now)
        self.session.account, self.session.last_sync = account, now
        self.session.offline_since = None
        self.session.status = SessionStatus.SIGNED_IN

    def _signed_out(self) -> None:
        self.session.account = None
        self.session.offline_since = self.session.last_sync = None
        self.session.status = SessionStatus.SIGNED_OUT

    async def _forget(self, expired: bool = False) -> None:
        self.api.token = None
        self.api.on_reachable = None
        await self.tokens.clear()
        await self.memory.forget_account()
        for forget in self.on_sign_out:
            await (self.on_expiry_instead.get(forget, forget) if expired else forget)()
        self._signed_out()
