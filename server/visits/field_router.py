"""Server layer: /api/v1/officer/field-day and the field officer's steps on a visit — actions,
photos, applications filed on the citizen's behalf (each once per Idempotency-Key)."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request, Response

from contracts.applications import ApplicationDetail, ApplicationIn
from contracts.documents import IDEMPOTENCY_KEY_MAX, IDEMPOTENCY_KEY_PATTERN
from contracts.visits import FieldActionIn, FieldDay, FieldVisit
from server.applications.views import detail
from server.deps import AppSettings, CurrentOfficer, Db
from server.documents.upload import UPLOAD_BODY, read_upload
from server.errors import error_responses
from server.visits import field_actions, field_day, filing, photos

router = APIRouter(
    tags=["field visits"],
    responses=error_responses(401, 403, 422),
    dependencies=[Depends(field_actions.changed_meanwhile)],
)
# required: a step without one is 400 idempotency_key_required (see server.errors)
IdempotencyKey = Annotated[
    str,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=IDEMPOTENCY_KEY_MAX,
        pattern=IDEMPOTENCY_KEY_PATTERN,
    ),
]
REPLAYED = "Idempotent-Replayed"


@router.get("/officer/field-day", response_model=FieldDay, responses=error_responses(404))
async def get_field_day(
    officer: CurrentOfficer,
    db: Db,
    settings: AppSettings,
    day: Annotated[date | None, Query(alias="date")] = None,
    team: Annotated[str | None, Query(max_length=36)] = None,
    upcoming: bool = False,
) -> FieldDay:
    """The team's day: `date`, else with `upcoming=true` the first day from today that has
    visits to make (the evening before), else today in the team's zone."""
    out = await field_day.field_day(db, officer, day, team, settings.secret_key, upcoming)
    await db.commit()  # the access-log entries and the download succeed together
    return out


@router.post(
    "/officer/visits/{visit_id}/actions",
    response_model=FieldVisit,
    responses=error_responses(400, 404, 409),
)
async def act(
    visit_id: str,
    req: FieldActionIn,
    officer: CurrentOfficer,
    db: Db,
    response: Response,
    idempotency_key: IdempotencyKey,
) -> FieldVisit:
    acted = await field_actions.act(db, officer, visit_id, req, idempotency_key)
    await db.commit()
    if acted.replayed:
        response.headers[REPLAYED] = "true"
    return acted.visit


@router.post(
    "/officer/visits/{visit_id}/photos",
    status_code=201,
    response_model=photos.PhotoOut,
    responses=error_responses(400, 404, 409, 413, 415),
    openapi_extra=UPLOAD_BODY,
)
async def add_photo(
    visit_id: str,
    request: Request,
    officer: CurrentOfficer,
    db: Db,
    settings: AppSettings,
    idempotency_key: IdempotencyKey,
) -> photos.PhotoOut:
    await photos.photo_visit(db, officer, visit_id)  # refuse before reading the body
    await db.commit()  # no lock is held while a slow upload streams in
    given = await read_upload(request)
    doc = await photos.add_photo(db, officer, visit_id, given, idempotency_key, settings.secret_key)
    await db.commit()
    return photos.PhotoOut(id=doc.id)


@router.post(
    "/officer/visits/{visit_id}/applications",
    status_code=201,
    response_model=ApplicationDetail,
    responses=error_responses(400, 404, 409),
)
async def file_application(
    visit_id: str,
    req: ApplicationIn,
    officer: CurrentOfficer,
    db: Db,
    response: Response,
    idempotency_key: IdempotencyKey,
) -> ApplicationDetail:
    filed = await filing.file_for_citizen(db, officer, visit_id, req, idempotency_key)
    out = await detail(db, filed.app, filed.written)
    await db.commit()
    if filed.replayed:
        response.headers[REPLAYED] = "true"
    return out
