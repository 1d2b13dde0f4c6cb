"""Server layer: /api/v1/me/documents (the citizen's wallet)."""

from typing import Annotated

from fastapi import APIRouter, Header, Query, Request, Response

from contracts.documents import IDEMPOTENCY_KEY_MAX, DocumentList, DocumentOut
from server.deps import AppHooks, AppSettings, CurrentCitizen, Db
from server.documents import service
from server.documents.upload import FILE_ANSWER, UPLOAD_BODY, file_response, read_upload
from server.errors import error_responses

router = APIRouter(tags=["documents"], responses=error_responses(401, 403, 422))
_JPEG = {"content": {"image/jpeg": {}}, "description": "JPEG thumbnail (≤ 240 px)"}


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
    citizen: CurrentCitizen,
    db: Db,
    settings: AppSettings,
    idempotency_key: Annotated[
        str | None, Header(alias="Idempotency-Key", min_length=1, max_length=IDEMPOTENCY_KEY_MAX)
    ] = None,
) -> DocumentOut:
    citizen_id = citizen.id
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
    citizen: CurrentCitizen, db: Db, history: Annotated[bool, Query()] = False
) -> DocumentList:
    return await service.list_documents(db, citizen.id, history)


@router.get(
    "/me/documents/{document_id}/thumbnail",
    response_class=Response,
    responses={200: _JPEG, **error_responses(404)},
)
async def thumbnail(
    document_id: str, citizen: CurrentCitizen, db: Db, settings: AppSettings
) -> Response:
    doc = await service.owned(db, citizen.id, document_id)
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
    document_id: str, citizen: CurrentCitizen, db: Db, settings: AppSettings
) -> Response:
    doc = await service.owned(db, citizen.id, document_id)
    return file_response(doc, await service.read_file(db, doc, settings.secret_key))


@router.delete("/me/documents/{document_id}", status_code=204, responses=error_responses(404, 409))
async def delete(document_id: str, citizen: CurrentCitizen, db: Db, hooks: AppHooks) -> Response:
    await service.delete(db, citizen.id, document_id, hooks.document_in_use)
    await db.commit()
    return Response(status_code=204)
