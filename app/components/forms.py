"""Components layer: helpers shared by the sign-up, sign-in and profile forms (error routing)."""

from app.components.context import Translate, error_text
from app.services.errors import ApiError, ConflictError, ValidationFailed
from app.state.forms import FormInvalid

GENERAL = ""


def field_errors_of(exc: Exception, t: Translate) -> tuple[dict[str, str], str | None]:
    """Split a failure into per-field messages and one banner message."""
    if isinstance(exc, FormInvalid):
        fields = {name: t(key) for name, key in exc.fields.items()}
        return _without_general(fields), fields.get(GENERAL) or t("error.check_form")
    if isinstance(exc, ValidationFailed):
        return _without_general(exc.fields), exc.fields.get(GENERAL) or error_text(exc, t)
    if isinstance(exc, ConflictError) and exc.code == "nik_taken":
        return {"nik": error_text(exc, t)}, error_text(exc, t)
    if isinstance(exc, ApiError):
        return {}, error_text(exc, t)
    raise exc


def _without_general(fields: dict[str, str]) -> dict[str, str]:
    return {name: msg for name, msg in fields.items() if name != GENERAL}
