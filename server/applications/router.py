"""Server layer: /api/v1/me/applications and /me/notifications (the citizen's side)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request, Response

from contracts.applications import (
    ApplicationDetail,
    ApplicationIn,
    ApplicationPage,
    ApplicationStatus,
    Cursor,
    NotificationPage,
    ResubmitIn,
    WithdrawIn,
)
from contracts.documents import IDEMPOTENCY_KEY_MAX, IDEMPOTENCY_KEY_PATTERN
from server.applications import notifications, service
from server.applications.views import detail
from server.deps import CurrentCitizen, CurrentPrincipal, Db
from server.errors import error_responses
from server.http import IfMatch, etag, etag_matches

router = APIRouter(
    tags=["applications"],
    responses=error_responses(401, 403, 422),
    dependencies=[Depends(service.changed_meanwhile)],
)
# required: a filing without one is 400 idempotency_key_required (see server.errors)
IdempotencyKey = Annotated[
    str,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=IDEMPOTENCY_KEY_MAX,
        pattern=IDEMPOTENCY_KEY_PATTERN,
    ),
]


@router.post(
    "/me/applications",
    status_code=201,
    response_model=ApplicationDetail,
    responses=error_responses(400, 404, 409),
)
async def submit(
    req: ApplicationIn,
    citizen: CurrentCitizen,
    db: Db,
    response: Response,
    idempotency_key: IdempotencyKey,
) -> ApplicationDetail:
    filed = await service.submit(db, citizen, req, idempotency_key)
    out = await detail(db, filed.app, filed.written)
    await db.commit()
    if filed.replayed:
        response.headers["Idempotent-Replayed"] = "true"
    response.headers["ETag"] = etag(out.version)
    return out


@router.get("/me/applications", response_model=ApplicationPage)
async def list_applications(
    citizen: CurrentCitizen,
    db: Db,
    status: Annotated[ApplicationStatus | None, Query()] = None,
    cursor: Annotated[Cursor | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> ApplicationPage:
    return await service.list_own(db, citizen.id, status, cursor, limit)


@router.get(
    "/me/applications/{app_id}",
    response_model=ApplicationDetail,
    responses=error_responses(404),
)
async def get_application(
    app_id: str, citizen: CurrentCitizen, db: Db, response: Response
) -> ApplicationDetail:
    app = await service.owned(db, citizen.id, app_id)
    response.headers["ETag"] = etag(app.version)
    return await detail(db, app)


@router.post(
    "/me/applications/{app_id}/resubmit",
    response_model=ApplicationDetail,
    responses=error_responses(400, 404, 409, 412),
)
async def resubmit(
    app_id: str,
    req: ResubmitIn,
    citizen: CurrentCitizen,
    db: Db,
    response: Response,
    if_match_header: IfMatch = None,
) -> ApplicationDetail:
    app = await service.resubmit(db, citizen, app_id, req, if_match_header)
    return await _changed(db, app.id, citizen.id, response)


@router.post(
    "/me/applications/{app_id}/withdraw",
    response_model=ApplicationDetail,
    responses=error_responses(400, 404, 409, 412),
)
async def withdraw(
    app_id: str,
    req: WithdrawIn,
    citizen: CurrentCitizen,
    db: Db,
    response: Response,
    if_match_header: IfMatch = None,
) -> ApplicationDetail:
    app = await service.withdraw(db, citizen, app_id, req.note, if_match_header)
    return await _changed(db, app.id, citizen.id, response)


async def _changed(db: Db, app_id: str, citizen_id: str, response: Response) -> ApplicationDetail:
    await db.commit()
    app = await service.owned(db, citizen_id, app_id)
    response.headers["ETag"] = etag(app.version)
    return await detail(db, app)


@router.get(
    "/me/notifications",
    response_model=NotificationPage,
    responses={
        304: {"description": "unchanged since the ETag sent in If-None-Match"},
        **error_responses(404),
    },
)
async def inbox(
    request: Request,
    principal: CurrentPrincipal,
    db: Db,
    response: Response,
    before: Annotated[str | None, Query(max_length=36)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 30,
) -> NotificationPage | Response:
    account_id = principal.account.id
    tag = await notifications.fingerprint(db, account_id)
    if before is None and etag_matches(request.headers.get("If-None-Match"), tag):
        return Response(status_code=304, headers={"ETag": tag})
    response.headers["ETag"] = tag
    return await notifications.page(db, account_id, before, limit)


@router.post("/me/notifications/read-all", status_code=204)
async def read_all(principal: CurrentPrincipal, db: Db) -> Response:
    await notifications.mark_read(db, principal.account.id, None)
    await db.commit()
    return Response(status_code=204)


@router.post(
    "/me/notifications/{notification_id}/read", status_code=204, responses=error_responses(404)
)
async def read_one(notification_id: str, principal: CurrentPrincipal, db: Db) -> Response:
    await notifications.mark_read(db, principal.account.id, notification_id)
    await db.commit()
    return Response(status_code=204)
