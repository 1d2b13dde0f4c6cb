"""Server layer: files over HTTP — read one multipart upload with a hard byte cap while it
streams in; answer a download (`file_response`, also for an officer's reads elsewhere).

FastAPI's own form parsing reads the whole body first and spools large files to plaintext
temp files; here the stream is cut off past the limit and the file stays in memory (≤ 5 MB),
so a personal document never touches the disk unencrypted.
"""

from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import Field, ValidationError, field_validator
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from contracts.documents import (
    ACCEPTED_MEDIA_TYPES,
    MAX_DOCUMENT_BYTES,
    TITLE_MAX,
    DocumentType,
)
from contracts.text import Incoming
from server.documents.models import Document
from server.documents.service import file_name
from server.errors import AppError

_OVERHEAD = 64 * 1024  # multipart boundaries, part headers and the small text fields
MAX_BODY = MAX_DOCUMENT_BYTES + _OVERHEAD
LIMIT_MB = MAX_DOCUMENT_BYTES // (1024 * 1024)

# The OpenAPI description of a stored file's download: served as its own (sniffed) type.
_BINARY = {"type": "string", "format": "binary"}
FILE_ANSWER: dict[str, Any] = {
    "description": "the file, as the type its content was checked to be",
    "content": {
        t: {"schema": {"type": "string", "format": "binary"}} for t in ACCEPTED_MEDIA_TYPES
    },
}


def file_response(doc: Document, data: bytes) -> Response:
    """A stored file as a download: never cached, never sniffed into another type."""
    headers = {
        "Content-Disposition": f'attachment; filename="{file_name(doc)}"',
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
    }
    return Response(data, media_type=doc.media_type, headers=headers)


# The OpenAPI description of the body this route parses itself.
UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["type", "file"],
                    "properties": {
                        "type": {"type": "string", "enum": [t.value for t in DocumentType]},
                        "title": {"type": "string", "maxLength": TITLE_MAX},
                        "file": {"type": "string", "format": "binary"},
                    },
                }
            }
        },
    }
}


class _InMemoryParser(MultiPartParser):
    spool_max_size = MAX_BODY  # never roll the upload over into a temp file


class UploadFields(Incoming):
    type: DocumentType
    title: str | None = Field(default=None, max_length=TITLE_MAX)

    @field_validator("title")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        cleaned = " ".join(value.split()) if value else ""
        return cleaned or None


async def _capped(stream: AsyncIterator[bytes]) -> AsyncGenerator[bytes, None]:
    total = 0
    async for chunk in stream:
        total += len(chunk)
        if total > MAX_BODY:
            raise AppError(413, "document_too_large", limit=LIMIT_MB)
        yield chunk


async def read_upload(request: Request) -> tuple[UploadFields, bytes]:
    """The form fields and the file's bytes; 413/415/400/422 before anything is stored."""
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise AppError(415, "unsupported_media")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        raise AppError(413, "document_too_large", limit=LIMIT_MB)
    parser = _InMemoryParser(
        request.headers, _capped(request.stream()), max_files=1, max_fields=8, max_part_size=4096
    )
    try:
        form = await parser.parse()
    except MultiPartException as exc:
        raise AppError(400, "bad_request") from exc
    try:
        upload = form.get("file")
        fields = _fields({k: v for k, v in form.items() if isinstance(v, str)})
        if not isinstance(upload, UploadFile):
            raise _missing("file")
        data = await upload.read()
    finally:
        await form.close()
    if len(data) > MAX_DOCUMENT_BYTES:
        raise AppError(413, "document_too_large", limit=LIMIT_MB)
    return fields, data


def _fields(values: dict[str, str]) -> UploadFields:
    try:
        return UploadFields.model_validate({k: values[k] for k in ("type", "title") if k in values})
    except ValidationError as exc:
        errors = [{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]
        raise RequestValidationError(errors) from None


def _missing(name: str) -> RequestValidationError:
    return RequestValidationError([{"type": "missing", "loc": ("body", name), "msg": "missing"}])
