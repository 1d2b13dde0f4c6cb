"""Server layer: the officers' side of a visit — who may see it (coordinator: center and
districts; field: their teams), the access-logged read, and the coordinator's schedule,
cancel and map pin."""

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.access import Purpose
from contracts.enums import Role
from contracts.visits import (
    OfficerVisitDetail,
    PositionIn,
    ScheduleIn,
    VisitAction,
    VisitStatus,
)
from server.access.service import record_access
from server.accounts.models import Account
from server.errors import AppError
from server.visits import teams, workflow
from server.visits.models import Visit
from server.visits.service import check_days, check_visit_version
from server.visits.views import officer_detail
from server.visits.workflow import Step

VISIT_ROLES = frozenset({Role.COORDINATOR, Role.FIELD})
READ_FIELDS = ("full_name", "nik_masked", "birth_date", "phone", "address", "position")


def require_role(officer: Account, *roles: Role) -> None:
    """403 for a role that has no business with visits (or with this step)."""
    if officer.role not in (roles or VISIT_ROLES):
        raise AppError(403, "forbidden")


def coordinator_sees(officer: Account, visit: Visit) -> bool:
    if visit.service_center_code != officer.service_center_code:
        return False
    return not officer.district_codes or visit.district_code in officer.district_codes


async def visible(db: AsyncSession, officer: Account, visit: Visit) -> bool:
    if officer.role is Role.COORDINATOR:
        return coordinator_sees(officer, visit)
    if officer.role is Role.FIELD:
        mine = await teams.member_team_ids(db, officer.id)
        return visit.team_id is not None and visit.team_id in mine
    return False


async def in_scope(db: AsyncSession, officer: Account, visit_id: str) -> Visit:
    """The visit if this officer may see it; 403 for other roles, 404 (nothing leaked) for a
    visit of another center, district or team."""
    require_role(officer)
    visit = await db.get(Visit, visit_id)
    if visit is None or not await visible(db, officer, visit):
        raise AppError(404, "not_found")
    return visit


async def read(db: AsyncSession, officer: Account, visit: Visit) -> OfficerVisitDetail:
    """The officer's view; the read goes into the citizen's access log in the same tx."""
    resource = f"visits/{visit.number}"
    record_access(db, visit.citizen_id, officer, Purpose.HOME_VISIT, resource, READ_FIELDS)
    return await officer_detail(db, visit)


async def schedule(
    db: AsyncSession, officer: Account, visit_id: str, req: ScheduleIn, if_match: str | None
) -> Visit:
    """Assign a team of the coordinator's center, a day and a window; a scheduled visit is
    moved (its old place given back). 409 team_day_full leaves everything as it was."""
    require_role(officer, Role.COORDINATOR)
    visit = await in_scope(db, officer, visit_id)
    check_visit_version(visit, if_match, required=True)
    moving = VisitStatus(visit.status) is VisitStatus.SCHEDULED
    action = VisitAction.RESCHEDULE if moving else VisitAction.SCHEDULE
    workflow.target(visit, action)  # 409 visit_state before anything else
    team = await teams.team_at_center(db, req.team_id, officer.service_center_code)
    await check_days(db, visit.district_code, [req.date])
    step = Step(action, officer, req.note, team=team, day=req.date, window=req.window)
    await workflow.apply(db, visit, step)
    await db.flush()
    return visit


async def cancel(
    db: AsyncSession, officer: Account, visit_id: str, note: str | None, if_match: str | None
) -> Visit:
    require_role(officer, Role.COORDINATOR)
    visit = await in_scope(db, officer, visit_id)
    check_visit_version(visit, if_match, required=True)
    if not note:
        raise AppError(422, "cancel_note_required")
    await workflow.apply(db, visit, Step(VisitAction.CANCEL, officer, note))
    await db.flush()
    return visit


async def place_pin(db: AsyncSession, officer: Account, visit_id: str, req: PositionIn) -> Visit:
    """The coordinator sets the map position by hand (no status change, no update record)."""
    require_role(officer, Role.COORDINATOR)
    visit = await in_scope(db, officer, visit_id)
    if not VisitStatus(visit.status).is_open:
        raise AppError(409, "visit_state")
    visit.latitude, visit.longitude, visit.accuracy_m = req.latitude, req.longitude, None
    await db.flush()
    return visit
