"""Server layer: GET /api/v1/me/export and POST /api/v1/me/deletion-request (UU PDP)."""

from fastapi import APIRouter

from contracts.profile import DataExport, DeletionScheduled
from server.db import utcnow
from server.deps import CurrentPrincipal, Db
from server.errors import error_responses
from server.rights import service

router = APIRouter(tags=["data rights"], responses=error_responses(401))


@router.get("/me/export", response_model=DataExport)
async def export(principal: CurrentPrincipal, db: Db) -> DataExport:
    data = await service.export(db, principal.account, utcnow())
    await db.commit()
    return data


@router.post(
    "/me/deletion-request",
    status_code=202,
    response_model=DeletionScheduled,
    responses=error_responses(403, 409),
)
async def deletion_request(principal: CurrentPrincipal, db: Db) -> DeletionScheduled:
    scheduled = await service.request_deletion(db, principal.account, utcnow())
    await db.commit()
    return scheduled
