"""Services layer: typed API failures the screens turn into friendly messages; no flet imports."""

from typing import ClassVar


class ApiError(Exception):
    """Any failed API call. `message` is the server's localised text when it sent one."""

    catalog_key: ClassVar[str] = "error.generic"

    def __init__(
        self, message: str | None = None, *, code: str = "error", status: int | None = None
    ) -> None:
        super().__init__(message or code)
        self.message = message
        self.code = code
        self.status = status


class OfflineError(ApiError):
    """The server could not be reached (no signal, DNS, refused, timed out)."""

    catalog_key = "error.offline"


class AuthExpiredError(ApiError):
    """The session token is missing, expired or revoked: log in again."""

    catalog_key = "error.auth_expired"


class InvalidCredentials(ApiError):
    """Wrong NIK/username or password."""

    catalog_key = "error.invalid_credentials"


class AccountPendingDeletion(ApiError):
    """The right password, but the account is waiting for erasure; it can be taken back."""

    catalog_key = "error.account_pending_deletion"


class NotFoundError(ApiError):
    """The thing asked for does not exist (or is not visible to this account)."""

    catalog_key = "error.not_found"


class ConflictError(ApiError):
    """The request clashes with existing data, e.g. the NIK is already registered."""

    catalog_key = "error.conflict"


class PreconditionFailed(ApiError):
    """412: someone changed the thing since it was read (If-Match); reload, then decide."""

    catalog_key = "error.changed"


class ValidationFailed(ApiError):
    """The server rejected some inputs; `fields` maps a field name to its message."""

    catalog_key = "error.validation"

    def __init__(
        self,
        message: str | None = None,
        *,
        fields: dict[str, str] | None = None,
        code: str = "validation",
        status: int | None = 422,
    ) -> None:
        super().__init__(message, code=code, status=status)
        self.fields = dict(fields or {})


class TooManyAttempts(ApiError):
    """Rate limited; `retry_after` is the wait in seconds when the server said so."""

    catalog_key = "error.too_many_attempts"

    def __init__(
        self,
        message: str | None = None,
        *,
        retry_after: int | None = None,
        code: str = "too_many_attempts",
        status: int | None = 429,
    ) -> None:
        super().__init__(message, code=code, status=status)
        self.retry_after = retry_after


ALL_ERRORS: tuple[type[ApiError], ...] = (
    ApiError,
    OfflineError,
    AuthExpiredError,
    InvalidCredentials,
    AccountPendingDeletion,
    NotFoundError,
    ConflictError,
    PreconditionFailed,
    ValidationFailed,
    TooManyAttempts,
)

RETRYABLE_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
RETRYABLE_CODES = frozenset({"idempotency_in_progress"})  # 409: the first attempt still runs


def is_retryable(error: ApiError) -> bool:
    """The one retry rule (outbox, uploads, stores): no signal, a timeout, server trouble or
    "still in progress" may succeed with the same request and Idempotency-Key; any other 4xx
    will not, so it is shown instead of retried."""
    if isinstance(error, OfflineError) or error.status is None:
        return True
    return error.status in RETRYABLE_STATUS or error.code in RETRYABLE_CODES
