"""Server layer: the OpenAPI document — FastAPI's, plus the answers every route shares."""

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

_ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
_RETRY_AFTER = {
    "Retry-After": {
        "description": "seconds to wait before trying again",
        "required": True,
        "schema": {"type": "string", "pattern": "^[0-9]+$"},
    }
}
# answers that do not depend on the route, added where they apply
_BAD_JSON = {
    "description": "bad_request: the JSON body could not be decoded (e.g. not UTF-8)",
    "content": _ERROR,
}
_UNAVAILABLE = {
    "description": "unavailable: the database cannot be reached; try again later",
    "headers": _RETRY_AFTER,
    "content": _ERROR,
}
_WWW_AUTHENTICATE = {
    "WWW-Authenticate": {
        "description": "Bearer: log in again",
        "required": True,
        "schema": {"type": "string"},
    }
}


def openapi_document(app: FastAPI) -> dict[str, Any]:
    """Built once: FastAPI's schema with our one error body everywhere and the shared answers
    (400 for an undecodable JSON body, 401 with WWW-Authenticate, 429 and 503 with
    Retry-After), so generated clients and validators see what the server really answers."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(title=app.title, version=app.version, routes=app.routes)
    schema["info"]["description"] = app.description
    for path in schema.get("paths", {}).values():
        for op in path.values():
            _shared_answers(op)
    components = schema.get("components", {}).get("schemas", {})
    components.pop("HTTPValidationError", None)
    components.pop("ValidationError", None)
    app.openapi_schema = schema
    return schema


def _shared_answers(op: dict[str, Any]) -> None:
    responses: dict[str, Any] = op.setdefault("responses", {})
    validated = bool(op.get("parameters") or op.get("requestBody"))
    if "422" in responses and not validated:
        del responses["422"]  # nothing to validate: FastAPI's default entry cannot happen
    elif "422" in responses:
        responses["422"]["content"] = _ERROR  # not FastAPI's HTTPValidationError
    if "application/json" in op.get("requestBody", {}).get("content", {}):
        responses.setdefault("400", _BAD_JSON)
    if op.get("security") and "401" in responses:
        responses["401"]["headers"] = _WWW_AUTHENTICATE
    if "429" in responses:
        responses["429"]["headers"] = _RETRY_AFTER
    responses.setdefault("503", _UNAVAILABLE)
