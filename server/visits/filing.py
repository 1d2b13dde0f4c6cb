"""Server layer: an application filed at a visit on the citizen's behalf — through the
applications feature's own filing (so it enters the back-office queue as any other), owned by
the citizen, for the person visited, with the field officer as the first update's actor."""

import hashlib

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.access import Purpose
from contracts.applications import ApplicationIn
from contracts.visits import VisitStatus
from server.access.service import record_access
from server.accounts.models import Account
from server.applications import service as applications
from server.errors import AppError, field_error
from server.visits import field
from server.visits.models import Visit

FILING_STATES = frozenset({VisitStatus.ARRIVED, VisitStatus.COMPLETED})
FILED_FIELDS = ("answers", "attachments")


def application_key(officer_id: str, visit_id: str, key: str) -> str:
    """The application's Idempotency-Key (keys are per citizen there) for the officer's."""
    digest = hashlib.sha256(f"{officer_id}\x00{visit_id}\x00{key}".encode()).hexdigest()
    return f"visit-{digest[:48]}"


async def file_for_citizen(
    db: AsyncSession, officer: Account, visit_id: str, req: ApplicationIn, key: str
) -> applications.Filed:
    """File once per key; the visit's service entry names the application. A service of the
    visit is filed once (409 visit_application_filed for a second filing)."""
    visit = await field.team_visit(db, officer, visit_id)
    if visit.status not in FILING_STATES:
        raise AppError(409, "visit_state")
    entry = next((s for s in visit.services if s["code"] == req.service_code), None)
    if entry is None:
        raise field_error("service_code", "visit_service_not_listed")
    citizen = await db.get(Account, visit.citizen_id)
    assert citizen is not None  # the visit is deleted with its account
    app_key = application_key(officer.id, visit.id, key)
    earlier = entry.get("application_id")
    if earlier is not None:
        mine = await applications.by_key(db, citizen.id, app_key)
        if mine is None or mine.id != earlier:
            raise AppError(409, "visit_application_filed")
    body = req.model_copy(update={"family_member_id": visit.family_member_id})
    filed = await applications.submit(db, citizen, body, app_key, actor=officer)
    _name_application(visit, req.service_code, filed)
    resource = f"applications/{filed.app.tracking_number}"
    record_access(db, citizen.id, officer, Purpose.HOME_VISIT, resource, FILED_FIELDS)
    await db.flush()
    return filed


def _name_application(visit: Visit, code: str, filed: applications.Filed) -> None:
    ids = {"application_id": filed.app.id, "tracking_number": filed.app.tracking_number}
    if any(s["code"] == code and s.get("application_id") == filed.app.id for s in visit.services):
        return  # a replay: named already
    visit.services = [{**s, **ids} if s["code"] == code else s for s in visit.services]
