"""Server layer: visits as the wire shows them (summaries, board rows, details, timelines)."""

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.catalog import LocalText, RequirementKind
from contracts.enums import Role
from contracts.nik import mask_nik
from contracts.visits import (
    BoardRow,
    FieldSubject,
    OfficerVisitDetail,
    PreferredDate,
    VisitDetail,
    VisitLocationOut,
    VisitOfficer,
    VisitServiceOut,
    VisitSummary,
    VisitTeamOut,
    VisitUpdateOut,
)
from contracts.zones import zone_for, zone_name
from server.accounts.models import Account
from server.catalog import service as catalog
from server.errors import AppError
from server.identity.service import subject_for
from server.profile.models import FamilyMember
from server.visits.models import FieldTeam, FieldTeamMember, Visit, VisitUpdate


def local_today(region_code: str, now: datetime | None = None) -> date:
    """Today in the zone of a place (a district, a center's regency)."""
    return (now or datetime.now(UTC)).astimezone(zone_for(region_code)).date()


def age_on(birth: date | None, day: date) -> int | None:
    if birth is None:
        return None
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def services_out(visit: Visit) -> list[VisitServiceOut]:
    return [
        VisitServiceOut(
            code=s["code"],
            name=LocalText.model_validate(s["name"]),
            done=s.get("done"),
            application_id=s.get("application_id"),
            tracking_number=s.get("tracking_number"),
        )
        for s in visit.services
    ]


def preferred_out(visit: Visit) -> list[PreferredDate]:
    return [PreferredDate.model_validate(p) for p in visit.preferred]


def summary_fields(visit: Visit) -> dict[str, Any]:
    return {
        "id": visit.id,
        "number": visit.number,
        "subject_name": visit.subject_name,
        "status": visit.status,
        "services": services_out(visit),
        "scheduled_date": visit.scheduled_date,
        "window": visit.window,
        "requested_at": visit.requested_at,
        "updated_at": visit.updated_at,
        "version": visit.version,
    }


def summary(visit: Visit) -> VisitSummary:
    return VisitSummary(**summary_fields(visit))


def board_row(visit: Visit) -> BoardRow:
    return BoardRow(
        **summary_fields(visit),
        reason=visit.reason,
        age=age_on(visit.subject_birth_date, local_today(visit.district_code)),
        district_code=visit.district_code,
        village=visit.village,
        preferred=preferred_out(visit),
        team_id=visit.team_id,
        has_position=visit.latitude is not None,
    )


def location_out(visit: Visit) -> VisitLocationOut:
    return VisitLocationOut(
        district_code=visit.district_code,
        village=visit.village,
        street=visit.street,
        landmark=visit.landmark,
        latitude=visit.latitude,
        longitude=visit.longitude,
    )


async def update_rows(db: AsyncSession, visit_id: str) -> list[VisitUpdate]:
    rows = await db.scalars(
        select(VisitUpdate)
        .where(VisitUpdate.visit_id == visit_id)
        .order_by(VisitUpdate.at, VisitUpdate.id)
    )
    return list(rows)


def update_out(u: VisitUpdate) -> VisitUpdateOut:
    return VisitUpdateOut(
        id=u.id,
        at=u.at,
        occurred_at=u.occurred_at,
        action=u.action,
        from_status=u.from_status,
        status=u.to_status,
        actor=u.actor,
        actor_name=u.actor_name,
        note=u.note,
        reason=u.reason,
        date=u.date,
        window=u.window,
        preferred=[PreferredDate.model_validate(p) for p in u.preferred],
    )


async def team_out(db: AsyncSession, team_id: str | None) -> VisitTeamOut | None:
    """The assigned team with each officer's card subject: the citizen's app checks the
    officer's QR at the door against this list, offline."""
    team = None if team_id is None else await db.get(FieldTeam, team_id)
    if team is None:
        return None
    officers = await db.scalars(
        select(Account)
        .join(FieldTeamMember, FieldTeamMember.officer_id == Account.id)
        .where(FieldTeamMember.team_id == team.id, Account.disabled_at.is_(None))
        .order_by(Account.full_name, Account.id)
    )
    out = [VisitOfficer(name=o.full_name, subject=await subject_for(db, o)) for o in officers]
    return VisitTeamOut(id=team.id, name=team.name, officers=out)


def _original(label: LocalText) -> LocalText:
    return LocalText(id=f"{label.id} (asli)", en=f"{label.en} (original)")


async def bring(db: AsyncSession, visit: Visit) -> list[LocalText]:
    """What the citizen shows at the door: the originals of the services' documents (the
    KTP-el or KK itself, not a photo of it) and anything else the services require."""
    out: dict[str, LocalText] = {}
    for code in (s["code"] for s in visit.services):
        try:
            service = await catalog.active_service(db, code)
        except AppError:  # retired since the request: nothing more to list for it
            continue
        for req in service.requirements:
            if req.kind is RequirementKind.DOCUMENT:
                out.setdefault(req.label.id, _original(req.label))
            elif req.kind is RequirementKind.UPLOAD and req.required:
                out.setdefault(req.label.id, req.label)
    return list(out.values())


async def detail_fields(
    db: AsyncSession, visit: Visit, updates: list[VisitUpdate] | None = None
) -> dict[str, Any]:
    rows = updates if updates is not None else await update_rows(db, visit.id)
    return {
        **summary_fields(visit),
        "family_member_id": visit.family_member_id,
        "reason": visit.reason,
        "reason_note": visit.reason_note,
        "location": location_out(visit),
        "preferred": preferred_out(visit),
        "contact_phone": visit.contact_phone,
        "notes": visit.notes,
        "document_ids": list(visit.document_ids),
        "service_center_code": visit.service_center_code,
        "zone": zone_name(visit.district_code),
        "team": await team_out(db, visit.team_id),
        "planned_arrival": visit.planned_arrival,
        "not_completed_reason": visit.not_completed_reason,
        "bring": await bring(db, visit),
        "photo_ids": list(visit.photo_ids),
        "updates": [update_out(u) for u in rows],
    }


async def detail(
    db: AsyncSession, visit: Visit, updates: list[VisitUpdate] | None = None
) -> VisitDetail:
    return VisitDetail(**await detail_fields(db, visit, updates))


async def officer_detail(db: AsyncSession, visit: Visit) -> OfficerVisitDetail:
    """The coordinator's or field officer's view (the caller writes the access-log row)."""
    citizen = await db.get(Account, visit.citizen_id)
    assert citizen is not None
    person = await visited_person(db, visit)
    return OfficerVisitDetail(
        **await detail_fields(db, visit),
        citizen_name=citizen.full_name,
        subject_birth_date=person.birth_date,
        subject_nik_masked=person.nik_masked,
        subject_identity=person.identity_subject,
    )


async def visited_person(db: AsyncSession, visit: Visit) -> FieldSubject:
    """The person visited. A family member has an identity subject (their QR's) only when
    they have an account of their own, found by their NIK."""
    citizen = await db.get(Account, visit.citizen_id)
    assert citizen is not None  # the visit is deleted with its account
    holder: Account | None = citizen
    nik, birth = citizen.nik, citizen.birth_date
    if visit.family_member_id is not None:
        member = await db.get(FamilyMember, visit.family_member_id)
        mine = member is not None and member.citizen_id == citizen.id
        nik = member.nik if member is not None and mine else None
        birth = member.birth_date if member is not None and mine else None
        holder = await _account_of(db, nik) if nik else None
    return FieldSubject(
        name=visit.subject_name,
        nik_masked=mask_nik(nik) if nik else None,
        birth_date=visit.subject_birth_date or birth,
        identity_subject=await subject_for(db, holder) if holder is not None else None,
    )


async def _account_of(db: AsyncSession, nik: str) -> Account | None:
    query = select(Account).where(
        Account.nik == nik, Account.role == Role.CITIZEN, Account.disabled_at.is_(None)
    )
    return (await db.scalars(query)).first()
