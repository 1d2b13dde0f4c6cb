"""Server layer: /api/v1/officer/visit-teams and /officer/visits — the coordinator's board,
schedule, cancel and map pin; the officers' access-logged read of a visit."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from contracts.applications import Cursor
from contracts.visits import (
    BoardPage,
    CancelIn,
    OfficerVisitDetail,
    PositionIn,
    ScheduleIn,
    TeamOut,
    VisitReason,
    VisitStatus,
)
from server.deps import CurrentOfficer, Db
from server.errors import error_responses
from server.http import RequiredIfMatch, etag
from server.visits import board as boards
from server.visits import officer as officers
from server.visits import teams
from server.visits.models import Visit
from server.visits.service import changed_meanwhile

router = APIRouter(
    tags=["officer visits"],
    responses=error_responses(401, 403, 422),
    dependencies=[Depends(changed_meanwhile)],
)


@router.get("/officer/visit-teams", response_model=list[TeamOut])
async def visit_teams(officer: CurrentOfficer, db: Db) -> list[TeamOut]:
    """Coordinator: the teams of their center; field officer: the teams they are in."""
    return await teams.teams_out(db, await teams.visible_teams(db, officer))


@router.get("/officer/visits", response_model=BoardPage)
async def board(
    officer: CurrentOfficer,
    db: Db,
    status: Annotated[VisitStatus | None, Query()] = None,
    district: Annotated[str | None, Query(pattern=r"^\d{6}$")] = None,
    reason: Annotated[VisitReason | None, Query()] = None,
    min_age: Annotated[int | None, Query(ge=0, le=150)] = None,
    date: Annotated[date | None, Query()] = None,
    team: Annotated[str | None, Query(max_length=36)] = None,
    cursor: Annotated[Cursor | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> BoardPage:
    """Oldest request first; no status = every open visit. Coordinator: their center (and
    their districts, when set); field officer: their teams' visits."""
    filters = boards.BoardFilter(status, district, reason, min_age, date, team)
    return await boards.board(db, officer, filters, cursor, limit)


@router.get(
    "/officer/visits/{visit_id}",
    response_model=OfficerVisitDetail,
    responses=error_responses(404),
)
async def read(
    visit_id: str, officer: CurrentOfficer, db: Db, response: Response
) -> OfficerVisitDetail:
    """Written to the citizen's access log (purpose home_visit)."""
    visit = await officers.in_scope(db, officer, visit_id)
    return await _read(db, officer, visit, response)


async def _read(
    db: Db, officer: CurrentOfficer, visit: Visit, response: Response
) -> OfficerVisitDetail:
    out = await officers.read(db, officer, visit)
    await db.commit()  # the access-log row and the read succeed together
    response.headers["ETag"] = etag(out.version)
    return out


@router.post(
    "/officer/visits/{visit_id}/schedule",
    response_model=OfficerVisitDetail,
    responses=error_responses(400, 404, 409, 412, 428),
)
async def schedule(
    visit_id: str,
    req: ScheduleIn,
    officer: CurrentOfficer,
    db: Db,
    response: Response,
    if_match_header: RequiredIfMatch,
) -> OfficerVisitDetail:
    """Coordinator: a team of their center, a working day from tomorrow, a window. 409
    team_day_full when the team's day is full (nothing changed)."""
    visit = await officers.schedule(db, officer, visit_id, req, if_match_header)
    await db.commit()
    return await _read(db, officer, visit, response)


@router.post(
    "/officer/visits/{visit_id}/cancel",
    response_model=OfficerVisitDetail,
    responses=error_responses(400, 404, 409, 412, 428),
)
async def cancel(
    visit_id: str,
    req: CancelIn,
    officer: CurrentOfficer,
    db: Db,
    response: Response,
    if_match_header: RequiredIfMatch,
) -> OfficerVisitDetail:
    """Coordinator, with a note for the citizen (422 cancel_note_required without)."""
    visit = await officers.cancel(db, officer, visit_id, req.note, if_match_header)
    await db.commit()
    return await _read(db, officer, visit, response)


@router.put(
    "/officer/visits/{visit_id}/position",
    response_model=OfficerVisitDetail,
    responses=error_responses(404, 409, 412),
)
async def position(
    visit_id: str, req: PositionIn, officer: CurrentOfficer, db: Db, response: Response
) -> OfficerVisitDetail:
    """Coordinator: the map pin placed by hand (the route needs one)."""
    visit = await officers.place_pin(db, officer, visit_id, req)
    await db.commit()
    return await _read(db, officer, visit, response)
