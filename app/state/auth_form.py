"""State layer: the sign-in and sign-up forms' status — `AuthFormStore` runs the session
actions of `AuthController` under the one policy; no controls."""

from collections.abc import Awaitable, Callable

from app.services.errors import AccountPendingDeletion
from app.state.auth import AuthController
from app.state.form_store import FormStore
from app.state.forms import RegisterForm
from contracts.accounts import AccountOut

NIK_TAKEN = {"nik_taken": "nik"}
SignIn = Callable[[str, str], Awaitable[AccountOut]]


class AuthFormStore(FormStore):
    """Busy, the banner and field errors of "Masuk" and "Daftar" (each screen `clear`s it when
    it opens). Signing in stays with `AuthController`, which owns the token and the session;
    this store only says how the last attempt went."""

    code_fields = NIK_TAKEN

    def __init__(self, auth: AuthController) -> None:
        super().__init__()
        self._auth = auth
        self.pending_deletion = False  # the right password on an account waiting for erasure

    async def login(self, login: str, password: str) -> bool:
        return await self._sign_in(self._auth.login, login, password)

    async def cancel_deletion(self, login: str, password: str) -> bool:
        """Take back the account's pending deletion and sign in (same fields as login)."""
        return await self._sign_in(self._auth.cancel_deletion, login, password)

    async def register(self, form: RegisterForm) -> bool:
        async def send() -> None:
            await self._auth.register(form)

        return await self.submit(send)

    def clear(self) -> None:
        super().clear()
        self.pending_deletion = False

    async def forget(self) -> None:
        await super().forget()
        self.pending_deletion = False

    async def _sign_in(self, action: SignIn, login: str, password: str) -> bool:
        async def send() -> None:
            try:
                await action(login, password)
            except AccountPendingDeletion:
                self.pending_deletion = True
                raise

        self.pending_deletion = False
        return await self.submit(send)
