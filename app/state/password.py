"""State layer: the change-password form as text → the contract request; errors as catalog keys."""

from dataclasses import dataclass

from pydantic import ValidationError

from app.state.forms import REQUIRED_KEY, FormInvalid, error_key
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
