"""State layer: session actions (restore, log in, register, log out) over services; no controls."""

import contextlib
import logging
from collections.abc import Awaitable, Callable

from app.services.api import ApiClient
from app.services.errors import ApiError, AuthExpiredError, ConflictError, InvalidCredentials
from app.services.i18n import LANGUAGES
from app.services.tokens import TokenStore
from app.state.forms import RegisterForm, check_login, to_register_request
from app.state.password import PasswordForm, to_password_change
from app.state.session import Session, SessionStatus
from contracts.accounts import AccountOut, SessionOut

log = logging.getLogger(__name__)


class AuthController:
    """Owns the session: the bearer token (on the API client and in the TokenStore), signing
    in and out, and the reaction to an expired session — the client's one `on_auth_expired`
    hook, wired here. Stores holding personal data register their `forget` in
    `on_sign_out` when app/main.py builds them."""

    def __init__(
        self,
        session: Session,
        api: ApiClient,
        tokens: TokenStore,
        *,
        device_name: str | None = None,
    ) -> None:
        self.session = session
        self.tokens = tokens
        self.device_name = device_name
        self.api = api
        api.on_auth_expired = self.session_expired
        self.on_sign_out: list[Callable[[], Awaitable[None]]] = []

    @property
    def has_token(self) -> bool:
        return self.api.token is not None

    async def restore(self) -> None:
        """At start-up: reuse a stored token if the server still accepts it."""
        self.session.status = SessionStatus.LOADING
        self.api.token = await self.tokens.load()
        if not self.api.token:
            self._signed_out()
            return
        try:
            account = await self.api.me()
        except AuthExpiredError:
            await self.session_expired()  # (already done by the hook; kept for clarity)
        except ApiError:  # offline or server trouble: keep the token, offer a retry
            self.session.status = SessionStatus.UNREACHABLE
        else:
            self._signed_in(account)

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
        self._signed_in(started.account)
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
            await self._forget()

    def set_language(self, language: str) -> None:
        if language in LANGUAGES:
            self.session.language = language

    def _signed_in(self, account: AccountOut) -> None:
        self.session.account = account
        self.session.status = SessionStatus.SIGNED_IN

    def _signed_out(self) -> None:
        self.session.account = None
        self.session.status = SessionStatus.SIGNED_OUT

    async def _forget(self) -> None:
        self.api.token = None
        await self.tokens.clear()
        for forget in self.on_sign_out:
            await forget()
        self._signed_out()
