"""Services layer: the one HTTP client for the SatuPintu API (httpx); no flet imports."""

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from app.services.errors import (
    AccountPendingDeletion,
    ApiError,
    AuthExpiredError,
    ConflictError,
    InvalidCredentials,
    NotFoundError,
    OfflineError,
    PreconditionFailed,
    TooManyAttempts,
    ValidationFailed,
)
from contracts.accounts import (
    AccountOut,
    LoginRequest,
    PasswordChange,
    RegisterRequest,
    SessionOut,
)
from contracts.errors import ErrorBody, ErrorDetail

ModelT = TypeVar("ModelT", bound=BaseModel)
API = "/api/v1"


def _default_language() -> str:
    return "id"


AuthExpiredHook = Callable[[], Awaitable[None]]
ReachableHook = Callable[[], Awaitable[None]]


class ApiClient:
    """Typed calls to /api/v1; every request goes through `_send`, the one choke point.

    `token` is the bearer token (set by the auth controller). When a request that carried
    it is refused as expired, `on_auth_expired` runs once before the AuthExpiredError is
    raised: the one place an expired session signs out, so no store or screen does it.
    `on_reachable` (set while the app runs in offline mode) runs once, after the next answer
    that succeeded: the signal is back (the hook only schedules the revalidation)."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        language: Callable[[], str] = _default_language,
        token: str | None = None,
        on_auth_expired: AuthExpiredHook | None = None,
    ) -> None:
        self._http = http
        self._language = language
        self.token = token
        self.on_auth_expired = on_auth_expired
        self.on_reachable: ReachableHook | None = None

    async def health(self) -> dict[str, Any]:
        response = await self._send("GET", "/health", auth=False)
        body = _json(response)
        if not isinstance(body, dict):
            raise ApiError(code="bad_response", status=response.status_code)
        return body

    async def register(self, request: RegisterRequest) -> AccountOut:
        body = request.model_dump(mode="json")
        response = await self._send("POST", f"{API}/auth/register", json=body, auth=False)
        return _parse(AccountOut, response)

    async def login(self, login: str, password: str, device_name: str | None = None) -> SessionOut:
        request = LoginRequest(login=login, password=password, device_name=device_name)
        body = request.model_dump(mode="json")
        response = await self._send("POST", f"{API}/auth/login", json=body, auth=False)
        return _parse(SessionOut, response)

    async def cancel_deletion(
        self, login: str, password: str, device_name: str | None = None
    ) -> SessionOut:
        """Take back a pending account deletion; signs in like `login`."""
        request = LoginRequest(login=login, password=password, device_name=device_name)
        body = request.model_dump(mode="json")
        response = await self._send("POST", f"{API}/auth/cancel-deletion", json=body, auth=False)
        return _parse(SessionOut, response)

    async def change_password(self, request: PasswordChange) -> None:
        await self._send("POST", f"{API}/me/password", json=request.model_dump(mode="json"))

    async def logout(self) -> None:
        await self._send("POST", f"{API}/auth/logout")

    async def logout_all(self) -> None:
        await self._send("POST", f"{API}/auth/logout-all")

    async def me(self) -> AccountOut:
        return _parse(AccountOut, await self._send("GET", f"{API}/me"))

    async def call(
        self,
        method: str,
        path: str,
        model: type[ModelT],
        *,
        json: Any = None,
        files: Any = None,
        params: Any = None,
        data: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> ModelT:
        """For feature clients (app/services/<feature>_api.py): one authenticated call through
        the same choke point, its JSON answer parsed into `model`. `data` are form fields
        beside `files`; `headers` adds e.g. an Idempotency-Key."""
        response = await self._send(
            method, path, json=json, files=files, params=params, data=data, headers=headers
        )
        return _parse(model, response)

    async def call_raw(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        files: Any = None,
        params: Any = None,
        data: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """Like `call` for answers that are not one JSON model (bytes, 204, lists)."""
        return await self._send(
            method, path, json=json, files=files, params=params, data=data, headers=headers
        )

    async def _send(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        auth: bool = True,
        files: Any = None,
        params: Any = None,
        data: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        sent = {"Accept": "application/json", "Accept-Language": self._language()}
        sent.update(headers or {})
        token = self.token if auth else None
        if token:
            sent["Authorization"] = f"Bearer {token}"
        try:
            response = await self._http.request(
                method, path, json=json, files=files, params=params, data=data, headers=sent
            )
        except httpx.TransportError as exc:  # includes every timeout
            raise OfflineError(code="offline") from exc
        except httpx.HTTPError as exc:
            raise ApiError(code="request_failed") from exc
        if response.is_success:
            await self._reached()
            return response
        error = error_from_response(response)
        if isinstance(error, AuthExpiredError) and token and token == self.token:
            await self._auth_expired()  # not for a request sent with an older token
        raise error

    async def _reached(self) -> None:
        hook, self.on_reachable = self.on_reachable, None
        if hook is not None:
            await hook()

    async def _auth_expired(self) -> None:
        if self.on_auth_expired is not None:
            await self.on_auth_expired()


def error_from_response(response: httpx.Response) -> ApiError:
    """Map a non-2xx response to the typed error the screens know how to show."""
    detail = _error_detail(response)
    status = response.status_code
    code = detail.code if detail else f"http_{status}"
    message = detail.message if detail else None
    if status == 422 or code == "validation":
        fields = {_field_name(f.field): f.message for f in detail.fields} if detail else {}
        return ValidationFailed(message, fields=fields, code=code, status=status)
    if status == 401:
        if code == "invalid_credentials":
            return InvalidCredentials(message, code=code, status=status)
        return AuthExpiredError(message, code=code, status=status)
    if status == 429:
        retry = _retry_after(response.headers.get("Retry-After"))
        return TooManyAttempts(message, retry_after=retry, code=code, status=status)
    if status == 403 and code == "account_pending_deletion":
        return AccountPendingDeletion(message, code=code, status=status)
    known = {404: NotFoundError, 409: ConflictError, 412: PreconditionFailed}
    cls: type[ApiError] = known.get(status, ApiError)
    return cls(message, code=code, status=status)


def _error_detail(response: httpx.Response) -> ErrorDetail | None:
    try:
        return ErrorBody.model_validate(response.json()).error
    except ValueError:  # not JSON, or not our error shape
        return None


def _field_name(path: str) -> str:
    """`body.nik` → `nik`; model-level errors (no field) map to ``""``."""
    parts = [p for p in path.split(".") if p and not p.isdigit() and p != "body"]
    return parts[-1] if parts else ""


def _retry_after(value: str | None) -> int | None:
    if value is None or not value.strip().isdigit():
        return None
    return int(value.strip())


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError as exc:
        raise ApiError(code="bad_response", status=response.status_code) from exc


def _parse(model: type[ModelT], response: httpx.Response) -> ModelT:
    try:
        return model.model_validate(_json(response))
    except ValidationError as exc:
        raise ApiError(code="bad_response", status=response.status_code) from exc
