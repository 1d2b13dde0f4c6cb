"""State layer: the change-password form as text → the contract request (errors as catalog
keys), and `PasswordStore` for "Ubah kata sandi"."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from pydantic import ValidationError

from app.state.form_store import FormStore
from app.state.forms import REQUIRED_KEY, FormInvalid, error_key
from app.state.store import Note
from contracts.accounts import PasswordChange

MISMATCH_KEY = "password.mismatch"
UNCHANGED_KEY = "password.unchanged"


@dataclass(frozen=True)
class PasswordForm:
    """The current password, the new one and the new one repeated, as typed."""

    current_password: str = ""
    new_password: str = ""
    repeat_password: str = ""


def to_password_change(form: PasswordForm) -> PasswordChange:
    """Check locally what can be checked (the registration rules, the repeat); raise
    FormInvalid with catalog keys. Only the server knows whether the current one is right."""
    errors = {name: REQUIRED_KEY for name, value in vars(form).items() if not value}
    if form.repeat_password and form.new_password != form.repeat_password:
        errors["repeat_password"] = MISMATCH_KEY
    if form.new_password and form.new_password == form.current_password:
        errors["new_password"] = UNCHANGED_KEY
    try:
        request = PasswordChange(
            current_password=form.current_password, new_password=form.new_password
        )
    except ValidationError as exc:
        for err in exc.errors():
            errors.setdefault(str(err["loc"][0]), error_key(str(err["type"])))
    if errors:
        raise FormInvalid(errors)
    return request


class PasswordStore(FormStore):
    """One per app session. `change` is the account action (AuthController.change_password):
    this device stays signed in, the server ends every other session; a wrong current password
    comes back beside its field."""

    def __init__(self, change: Callable[[PasswordForm], Awaitable[None]]) -> None:
        super().__init__()
        self._change = change

    async def submit_form(self, form: PasswordForm) -> bool:
        """True once the server took the new password (the notice says so)."""

        async def send() -> None:
            await self._change(form)
            self.tell(Note("password.changed"))

        return await self.submit(send)
