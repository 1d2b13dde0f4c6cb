"""Server layer: /api/v1/me/visits — the citizen requests, follows, cancels and re-dates home
visits (jemput bola)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from contracts.applications import Cursor
from contracts.visits import AskNewDateIn, CancelIn, VisitDetail, VisitPage, VisitRequestIn
from server.applications.router import IdempotencyKey
from server.deps import CurrentCitizen, Db
from server.errors import error_responses
from server.http import IfMatch, etag, etag_matches
from server.visits import service
from server.visits.views import detail

router = APIRouter(
    tags=["visits"],
    responses=error_responses(401, 403, 422),
    dependencies=[Depends(service.changed_meanwhile)],
)


@router.post(
    "/me/visits",
    status_code=201,
    response_model=VisitDetail,
    responses=error_responses(400, 404, 409),
)
async def request_visit(
    req: VisitRequestIn,
    citizen: CurrentCitizen,
    db: Db,
    response: Response,
    idempotency_key: IdempotencyKey,
) -> VisitDetail:
    done = await service.submit(db, citizen, req, idempotency_key)
    out = await detail(db, done.visit, None if done.update is None else [done.update])
    await db.commit()
    if done.replayed:
        response.headers["Idempotent-Replayed"] = "true"
    response.headers["ETag"] = etag(out.version)
    return out


@router.get(
    "/me/visits",
    response_model=VisitPage,
    responses={304: {"description": "unchanged since the ETag sent in If-None-Match"}},
)
async def list_visits(
    request: Request,
    citizen: CurrentCitizen,
    db: Db,
    response: Response,
    cursor: Annotated[Cursor | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> VisitPage | Response:
    tag = await service.list_fingerprint(db, citizen.id)
    if cursor is None and etag_matches(request.headers.get("If-None-Match"), tag):
        return Response(status_code=304, headers={"ETag": tag})
    response.headers["ETag"] = tag
    return await service.list_own(db, citizen.id, cursor, limit)


@router.get("/me/visits/{visit_id}", response_model=VisitDetail, responses=error_responses(404))
async def get_visit(
    visit_id: str, citizen: CurrentCitizen, db: Db, response: Response
) -> VisitDetail:
    visit = await service.owned(db, citizen.id, visit_id)
    out = await detail(db, visit)
    await db.commit()  # the team's card subjects may have been created just now
    response.headers["ETag"] = etag(out.version)
    return out


@router.post(
    "/me/visits/{visit_id}/cancel",
    response_model=VisitDetail,
    responses=error_responses(400, 404, 409, 412),
)
async def cancel(
    visit_id: str,
    req: CancelIn,
    citizen: CurrentCitizen,
    db: Db,
    response: Response,
    if_match_header: IfMatch = None,
) -> VisitDetail:
    visit = await service.cancel(db, citizen, visit_id, req.note, if_match_header)
    return await _changed(db, visit.id, citizen.id, response)


@router.post(
    "/me/visits/{visit_id}/reschedule",
    response_model=VisitDetail,
    responses=error_responses(400, 404, 409, 412),
)
async def ask_new_date(
    visit_id: str,
    req: AskNewDateIn,
    citizen: CurrentCitizen,
    db: Db,
    response: Response,
    if_match_header: IfMatch = None,
) -> VisitDetail:
    visit = await service.ask_new_date(db, citizen, visit_id, req, if_match_header)
    return await _changed(db, visit.id, citizen.id, response)


async def _changed(db: Db, visit_id: str, citizen_id: str, response: Response) -> VisitDetail:
    await db.commit()
    visit = await service.owned(db, citizen_id, visit_id)
    out = await detail(db, visit)
    await db.commit()
    response.headers["ETag"] = etag(out.version)
    return out
