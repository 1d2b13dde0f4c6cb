"""Server layer: /api/v1/officer/applications (the officer's queue and actions)."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Query, Request, Response

from contracts.applications import (
    ActionIn,
    ApplicationStatus,
    Cursor,
    OfficerApplicationDetail,
    OfficerApplicationPage,
    ResultUpload,
)
from server.accounts.models import Account
from server.applications import officer as officer_service
from server.applications import queue as queues
from server.applications.models import Application
from server.applications.service import changed_meanwhile
from server.deps import AppSettings, CurrentOfficer, Db
from server.documents import service as documents
from server.documents.upload import FILE_ANSWER, UPLOAD_BODY, file_response, read_upload
from server.errors import error_responses
from server.http import RequiredIfMatch, etag

router = APIRouter(
    tags=["officer applications"],
    responses=error_responses(401, 403, 422),
    dependencies=[Depends(changed_meanwhile)],
)


@router.get("/officer/applications", response_model=OfficerApplicationPage)
async def queue(
    officer: CurrentOfficer,
    db: Db,
    status: Annotated[ApplicationStatus | None, Query()] = None,
    service: Annotated[str | None, Query(max_length=64)] = None,
    overdue: Annotated[bool, Query()] = False,
    submitted_from: Annotated[date | None, Query()] = None,
    submitted_to: Annotated[date | None, Query()] = None,
    cursor: Annotated[Cursor | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> OfficerApplicationPage:
    filters = queues.QueueFilter(status, service, overdue, submitted_from, submitted_to)
    return await queues.queue(db, officer, filters, cursor, limit)


@router.get(
    "/officer/applications/by-tracking/{tracking_number}",
    response_model=OfficerApplicationDetail,
    responses=error_responses(404),
)
async def by_tracking(
    tracking_number: Annotated[str, Path(max_length=20)],
    officer: CurrentOfficer,
    db: Db,
    response: Response,
) -> OfficerApplicationDetail:
    app = await officer_service.by_tracking(db, officer, tracking_number)
    return await _read(db, officer, app, response)


@router.get(
    "/officer/applications/{app_id}",
    response_model=OfficerApplicationDetail,
    responses=error_responses(404),
)
async def read(
    app_id: str, officer: CurrentOfficer, db: Db, response: Response
) -> OfficerApplicationDetail:
    app = await officer_service.in_scope(db, officer, app_id)
    return await _read(db, officer, app, response)


async def _read(
    db: Db, officer: Account, app: Application, response: Response
) -> OfficerApplicationDetail:
    out = await officer_service.read(db, officer, app)
    await db.commit()  # the access-log row and the read succeed together
    response.headers["ETag"] = etag(out.version)
    return out


@router.get(
    "/officer/applications/{app_id}/attachments/{document_id}",
    response_class=Response,
    responses={200: FILE_ANSWER, **error_responses(404)},
)
async def attachment(
    app_id: str, document_id: str, officer: CurrentOfficer, db: Db, settings: AppSettings
) -> Response:
    doc, data = await officer_service.attachment(
        db, officer, app_id, document_id, settings.secret_key
    )
    await db.commit()
    return file_response(doc, data)


@router.post(
    "/officer/applications/{app_id}/result",
    status_code=201,
    response_model=ResultUpload,
    responses=error_responses(400, 404, 409, 413, 415),
    openapi_extra=UPLOAD_BODY,
)
async def upload_result(
    app_id: str,
    request: Request,
    officer: CurrentOfficer,
    db: Db,
    settings: AppSettings,
    idempotency_key: Annotated[
        str | None, Header(alias="Idempotency-Key", min_length=1, max_length=255)
    ] = None,
) -> ResultUpload:
    await officer_service.in_scope(db, officer, app_id)  # refuse before reading the body
    await db.commit()
    fields, data = await read_upload(request)
    upload = documents.Upload(fields.type, fields.title, data, idempotency_key)
    doc = await officer_service.upload_result(db, officer, app_id, upload, settings.secret_key)
    await db.commit()
    return ResultUpload(document_id=doc.id)


@router.post(
    "/officer/applications/{app_id}/actions",
    response_model=OfficerApplicationDetail,
    responses=error_responses(400, 404, 409, 412, 428),
)
async def act(
    app_id: str,
    req: ActionIn,
    officer: CurrentOfficer,
    db: Db,
    response: Response,
    if_match_header: RequiredIfMatch,
) -> OfficerApplicationDetail:
    await officer_service.act(db, officer, app_id, req, if_match_header)
    await db.commit()
    app = await officer_service.in_scope(db, officer, app_id)
    return await _read(db, officer, app, response)
