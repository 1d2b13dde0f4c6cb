"""Server layer: GET /api/v1/me/access-log — "Siapa yang mengakses data saya"."""

from typing import Annotated

from fastapi import APIRouter, Query

from contracts.access import AccessLogPage
from server.access import service
from server.deps import CurrentPrincipal, Db
from server.errors import error_responses

router = APIRouter(tags=["access log"], responses=error_responses(401, 404, 422))


@router.get("/me/access-log", response_model=AccessLogPage)
async def access_log(
    principal: CurrentPrincipal,
    db: Db,
    before: Annotated[str | None, Query(max_length=36)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 30,
) -> AccessLogPage:
    return await service.list_for_citizen(db, principal.account.id, before, limit)
