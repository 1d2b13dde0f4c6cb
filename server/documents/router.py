"""Server layer: /api/v1/me/documents (the citizen's wallet) and the staff download route."""

from typing import Annotated

from fastapi import APIRouter, Header, Query, Request, Response

from contracts.access import Purpose
from contracts.documents import IDEMPOTENCY_KEY_MAX, DocumentList, DocumentOut
from server.accounts.service import Principal
from server.deps import AppSettings, CurrentPrincipal, Db
from server.documents import service
from server.documents.models import Document
from server.documents.upload import FILE_ANSWER, UPLOAD_BODY, read_upload
from server.errors import AppError, error_responses

router = APIRouter(tags=["documents"], responses=error_responses(401, 403, 422))
_JPEG = {"content": {"image/jpeg": {}}, "description": "JPEG thumbnail (≤ 240 px)"}


def _citizen(principal: Principal) -> str:
    if principal.account.role.is_staff:
        raise AppError(403, "forbidden")
    return principal.account.id


@router.post(
    "/me/documents",
    status_code=201,
    response_model=DocumentOut,
    responses=error_responses(400, 409, 413, 415),
    openapi_extra=UPLOAD_BODY,
)
async def upload(
    request: Request,
    response: Response,
    principal: CurrentPrincipal,
    db: Db,
    settings: AppSettings,
    idempotency_key: Annotated[
        str | None, Header(alias="Idempotency-Key", min_length=1, max_length=IDEMPOTENCY_KEY_MAX)
    ] = None,
) -> DocumentOut:
    citizen_id = _citizen(principal)
    await db.commit()  # end the auth transaction: no lock is held while a slow upload streams
    fields, data = await read_upload(request)
    upload = service.Upload(fields.type, fields.title, data, idempotency_key)
    doc, replayed = await service.upload(db, citizen_id, settings.secret_key, upload)
    await db.commit()
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return service.document_out(doc)


@router.get("/me/documents", response_model=DocumentList)
async def list_documents(
    principal: CurrentPrincipal, db: Db, history: Annotated[bool, Query()] = False
) -> DocumentList:
    return await service.list_documents(db, _citizen(principal), history)


@router.get(
    "/me/documents/{document_id}/thumbnail",
    response_class=Response,
    responses={200: _JPEG, **error_responses(404)},
)
async def thumbnail(
    document_id: str, principal: CurrentPrincipal, db: Db, settings: AppSettings
) -> Response:
    doc = await service.owned(db, _citizen(principal), document_id)
    data = await service.read_thumbnail(db, doc, settings.secret_key)
    # a document's content never changes (a new upload is a new id): cache privately
    headers = {"Cache-Control": "private, max-age=86400"}
    return Response(data, media_type="image/jpeg", headers=headers)


@router.get(
    "/me/documents/{document_id}/file",
    response_class=Response,
    responses={200: FILE_ANSWER, **error_responses(404)},
)
async def file(
    document_id: str, principal: CurrentPrincipal, db: Db, settings: AppSettings
) -> Response:
    doc = await service.owned(db, _citizen(principal), document_id)
    return _file_response(doc, await service.read_file(db, doc, settings.secret_key))


@router.delete("/me/documents/{document_id}", status_code=204, responses=error_responses(404, 409))
async def delete(document_id: str, principal: CurrentPrincipal, db: Db) -> Response:
    await service.delete(db, _citizen(principal), document_id)
    await db.commit()
    return Response(status_code=204)


@router.get(
    "/staff/citizens/{citizen_id}/documents/{document_id}/file",
    response_class=Response,
    responses={200: FILE_ANSWER, **error_responses(404)},
)
async def staff_file(
    citizen_id: str,
    document_id: str,
    purpose: Annotated[Purpose, Query()],
    principal: CurrentPrincipal,
    db: Db,
    settings: AppSettings,
) -> Response:
    doc, data = await service.staff_file(
        db, principal.account, citizen_id, document_id, purpose, settings.secret_key
    )
    await db.commit()  # the access-log row and the read succeed or fail together
    return _file_response(doc, data)


def _file_response(doc: Document, data: bytes) -> Response:
    headers = {
        "Content-Disposition": f'attachment; filename="{service.file_name(doc)}"',
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
    }
    return Response(data, media_type=doc.media_type, headers=headers)
