"""Server layer: the one API error type and the handlers that render the one JSON error shape."""

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from contracts.errors import ErrorBody, ErrorDetail, FieldError
from server.db import committed_writes
from server.messages import MESSAGES, language_of, message

log = logging.getLogger("satupintu")

_STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    412: "precondition_failed",
    413: "too_large",
    415: "unsupported_media",
    422: "validation",
    428: "precondition_required",
    429: "too_many_attempts",
    503: "unavailable",
}
# pydantic's own error types → our field codes
_PYDANTIC_CODES = {
    "missing": "missing",
    "string_too_long": "too_long",
    "too_long": "too_long",
    "date_from_datetime_parsing": "invalid_date",
    "date_parsing": "invalid_date",
    "date_type": "invalid_date",
    "enum": "invalid_choice",
    "literal_error": "invalid_choice",
    "extra_forbidden": "unexpected_field",
    "json_invalid": "json_invalid",
}
# required headers whose absence has its own answer (the OpenAPI marks them required)
_MISSING_HEADERS = {
    "idempotency-key": (400, "idempotency_key_required"),
    "if-match": (428, "if_match_required"),
}
# model-level rules point at the field the citizen should fix
_MODEL_RULE_FIELDS = {"nik_birth_date_mismatch": "birth_date", "nik_sex_mismatch": "sex"}


class AppError(Exception):
    """An expected failure: HTTP status, stable code, optional message params and headers;
    `fields` maps an input field to its error code (shown beside that field)."""

    def __init__(
        self,
        status: int,
        code: str,
        *,
        headers: Mapping[str, str] | None = None,
        fields: Mapping[str, str] | None = None,
        **params: object,
    ) -> None:
        super().__init__(code)
        self.status, self.code, self.params = status, code, params
        self.headers = dict(headers or {})
        self.fields = dict(fields or {})


def field_error(field: str, code: str) -> AppError:
    """422 for one field, in the same shape as a request validation error."""
    return AppError(422, "validation", fields={field: code})


def _body(
    code: str,
    lang: str,
    fields: Sequence[FieldError] = (),
    params: Mapping[str, object] | None = None,
) -> Any:
    text = message(code, lang, **(params or {}))
    detail = ErrorDetail(code=code, message=text, fields=list(fields))
    return ErrorBody(error=detail).model_dump()


def _field_error(err: Mapping[str, Any], lang: str) -> FieldError:
    kind = str(err.get("type", "invalid"))
    code = kind if kind in MESSAGES else _PYDANTIC_CODES.get(kind, "invalid")
    loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path", "header")]
    field = ".".join(loc) or _MODEL_RULE_FIELDS.get(code, "body")
    return FieldError(field=field, code=code, message=message(code, lang))


async def _app_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AppError)
    lang = language_of(request)
    fields = [FieldError(field=f, code=c, message=message(c, lang)) for f, c in exc.fields.items()]
    body = _body(exc.code, lang, fields, params=exc.params)
    return JSONResponse(body, status_code=exc.status, headers=exc.headers)


def _missing_header(errors: Sequence[Any]) -> tuple[int, str] | None:
    for err in errors:
        loc = err.get("loc", ())
        if err.get("type") == "missing" and len(loc) == 2 and loc[0] == "header":
            answer = _MISSING_HEADERS.get(str(loc[1]).lower())
            if answer:
                return answer
    return None


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    lang = language_of(request)
    missing = _missing_header(exc.errors())
    if missing:
        return JSONResponse(_body(missing[1], lang), status_code=missing[0])
    fields = [_field_error(e, lang) for e in exc.errors()]
    return JSONResponse(_body("validation", lang, fields), status_code=422)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _STATUS_CODES.get(exc.status_code, "bad_request")
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = ", ".join(allowed_methods(request))
    return JSONResponse(
        _body(code, language_of(request)), status_code=exc.status_code, headers=headers
    )


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this path (Starlette names only the first route's):
    each method is tried against the routes with the same matching the router uses."""
    routes = request.app.router.routes
    return [
        method
        for method in _METHODS
        if any(r.matches({**request.scope, "method": method})[0] is Match.FULL for r in routes)
    ]


async def _database_down(request: Request, exc: Exception) -> JSONResponse:
    log.warning("database unavailable on %s: %s", request.url.path, exc)
    body = _body("unavailable", language_of(request))
    return JSONResponse(body, status_code=503, headers={"Retry-After": "5"})


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    """Retrying cannot help with a bug, so the message says so. It promises "nothing changed"
    only when the request committed none of its writes (the rest was rolled back)."""
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    saved = committed_writes(getattr(request.state, "db_info", None))
    code = "internal_after_save" if saved else "internal"
    return JSONResponse(_body(code, language_of(request)), status_code=500)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(OperationalError, _database_down)
    app.add_exception_handler(Exception, _unexpected)


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error statuses a route can answer, all with ErrorBody."""
    return {s: {"model": ErrorBody, "description": _STATUS_CODES.get(s, "error")} for s in statuses}
