"""Server layer: the field officer's side of jemput bola — which visits an officer may act on
(their own teams' only), and a visit as the field needs it: the person visited (masked NIK,
birth date, the identity subject their QR carries), the services' checklists, what to bring."""

from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.access import Purpose
from contracts.catalog import Channel, LocalText, PublicService, RequirementKind
from contracts.enums import Role
from contracts.visits import FieldService, FieldVisit, VisitLocationOut
from server.access.service import record_access
from server.accounts.models import Account
from server.catalog import service as catalog
from server.errors import AppError
from server.visits.models import Visit
from server.visits.teams import member_team_ids
from server.visits.views import visited_person

# what a FieldVisit carries about the person visited (the access log names these)
FIELD_VISIT_FIELDS = (
    "full_name",
    "nik_masked",
    "birth_date",
    "identity_subject",
    "contact_phone",
    "address",
    "notes",
)


def require_field(officer: Account) -> None:
    """Only field officers carry out visits; coordinators plan them, others have no part."""
    if officer.role is not Role.FIELD:
        raise AppError(403, "forbidden")


async def team_visit(db: AsyncSession, officer: Account, visit_id: str) -> Visit:
    """A visit assigned to one of the officer's teams; any other is indistinguishable from a
    missing one (another team's, another center's, a visit not scheduled yet)."""
    require_field(officer)
    visit = await db.get(Visit, visit_id)
    if visit is None or visit.team_id is None:
        raise AppError(404, "not_found")
    if visit.team_id not in await member_team_ids(db, officer.id):
        raise AppError(404, "not_found")
    return visit


def log_visit_read(db: AsyncSession, officer: Account, visits: Iterable[Visit]) -> None:
    """One access-log entry per citizen (the account holder who asked; a family member's
    data is theirs to see) for the visits whose details went out, purpose home_visit."""
    by_citizen: dict[str, list[Visit]] = {}
    for visit in visits:
        by_citizen.setdefault(visit.citizen_id, []).append(visit)
    for citizen_id, theirs in by_citizen.items():
        day = theirs[0].scheduled_date
        several = len(theirs) > 1 and day is not None
        resource = f"field-day/{day}" if several else f"visits/{theirs[0].number}"
        record_access(db, citizen_id, officer, Purpose.HOME_VISIT, resource, FIELD_VISIT_FIELDS)


async def field_visit(db: AsyncSession, visit: Visit) -> FieldVisit:
    """The visit as the officers need it at the door (not logged here: the caller logs)."""
    return FieldVisit(
        id=visit.id,
        number=visit.number,
        version=visit.version,
        status=visit.status,
        reason=visit.reason,
        subject=await visited_person(db, visit),
        contact_phone=visit.contact_phone,
        location=VisitLocationOut(
            district_code=visit.district_code,
            village=visit.village,
            street=visit.street,
            landmark=visit.landmark,
            latitude=visit.latitude,
            longitude=visit.longitude,
        ),
        notes=visit.notes,
        services=[await field_service(db, entry) for entry in visit.services],
    )


async def field_service(db: AsyncSession, entry: dict[str, object]) -> FieldService:
    """One service of the visit with its checklist from the catalog (a service retired since
    the request keeps its name, with nothing to check)."""
    code = str(entry["code"])
    name = LocalText.model_validate(entry["name"])
    try:
        service = await catalog.active_service(db, code)
    except AppError:
        return FieldService(code=code, name=name, checklist=[], bring=[])
    return FieldService(
        code=code,
        name=name,
        checklist=checklist(service),
        bring=bring(service),
        form_version=service.form_version if Channel.ONLINE in service.channels else None,
    )


def checklist(service: PublicService) -> list[LocalText]:
    """What to check at the door: every requirement, then the service's steps."""
    return [r.label for r in service.requirements] + list(service.steps)


def bring(service: PublicService) -> list[LocalText]:
    """The papers the officers take back (seen, photographed or collected) for the service:
    its documents and uploads. The catalog lists no officer equipment per service yet."""
    return [
        r.label
        for r in service.requirements
        if r.kind is not RequirementKind.PROFILE and r.required
    ]
