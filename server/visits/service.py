"""Server layer: the citizen's side of jemput bola — request once (Idempotency-Key), list,
read, cancel, ask for other dates; the date rules the coordinator's schedule shares."""

import hashlib
import json
import secrets
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select, tuple_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from contracts.catalog import Channel, PublicService, ServiceCenter
from contracts.visits import (
    BOOK_AHEAD_DAYS,
    ELDERLY_AGE,
    PREFERRED_MIN,
    VISIT_NUMBER_PREFIX,
    AskNewDateIn,
    VisitAction,
    VisitPage,
    VisitReason,
    VisitRequestIn,
    VisitStatus,
)
from server.accounts.models import Account, new_id
from server.applications.calendar import is_working_day
from server.applications.tracking import ALPHABET
from server.catalog import service as catalog
from server.db import utcnow
from server.documents.models import Document
from server.errors import AppError
from server.http import Page, check_version, decode_cursor, encode_cursor, keyset_page
from server.profile.models import FamilyMember
from server.visits import workflow
from server.visits.models import Visit, VisitUpdate
from server.visits.views import age_on, local_today, summary
from server.visits.workflow import Step


def request_hash(req: VisitRequestIn) -> str:
    body = json.dumps(req.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(body.encode()).hexdigest()


def new_number(today: date) -> str:
    """JB-YYMMDD-XXXXXX, read aloud like a tracking number (no 0/O, 1/I)."""
    tail = "".join(secrets.choice(ALPHABET) for _ in range(6))
    return f"{VISIT_NUMBER_PREFIX}{today:%y%m%d}-{tail}"


@dataclass(frozen=True)
class Requested:
    """The visit; `update` is the request's record when this call wrote it (not a replay)."""

    visit: Visit
    replayed: bool
    update: VisitUpdate | None = None


@dataclass(frozen=True)
class Subject:
    name: str
    birth_date: date | None


async def by_key(db: AsyncSession, citizen_id: str, key: str) -> Visit | None:
    query = select(Visit).where(Visit.citizen_id == citizen_id, Visit.idempotency_key == key)
    return (await db.scalars(query)).first()


async def submit(db: AsyncSession, citizen: Account, req: VisitRequestIn, key: str) -> Requested:
    """Request one visit. Nothing is written on any error."""
    digest = request_hash(req)
    first = await by_key(db, citizen.id, key)
    if first is not None:
        if first.request_hash != digest:
            raise AppError(422, "idempotency_key_reused")
        return Requested(first, True)
    services = await jemput_bola_services(db, req.service_codes)
    who = await subject(db, citizen, req.family_member_id)
    center = await center_for(db, req.location.district_code)
    today = local_today(center.regency_code)
    check_reason(req, who, today)
    await check_days(
        db, center.regency_code, [p.date for p in req.preferred], minimum=PREFERRED_MIN
    )
    await check_documents(db, citizen.id, req.document_ids)
    visit = _new_visit(citizen, req, services, who, center, today)
    visit.idempotency_key, visit.request_hash = key, digest
    db.add(visit)
    step = Step(VisitAction.REQUEST, citizen, preferred=tuple(req.preferred))
    update = await workflow.apply(db, visit, step)
    try:
        await db.flush()
    except IntegrityError as exc:  # the same key is being filed by a parallel request
        raise AppError(409, "idempotency_in_progress") from exc
    return Requested(visit, False, update)


def _new_visit(
    citizen: Account,
    req: VisitRequestIn,
    services: list[PublicService],
    who: Subject,
    center: ServiceCenter,
    today: date,
) -> Visit:
    now, where = utcnow(), req.location
    return Visit(
        id=new_id(),
        number=new_number(today),
        citizen_id=citizen.id,
        family_member_id=req.family_member_id,
        subject_name=who.name,
        subject_birth_date=who.birth_date,
        reason=req.reason,
        reason_note=req.reason_note,
        services=[{"code": s.code, "name": s.name.model_dump(), "done": None} for s in services],
        document_ids=list(dict.fromkeys(req.document_ids)),
        photo_ids=[],
        district_code=where.district_code,
        village=where.village,
        street=where.street,
        landmark=where.landmark,
        latitude=where.latitude,
        longitude=where.longitude,
        accuracy_m=where.accuracy_m,
        preferred=[p.model_dump(mode="json") for p in req.preferred],
        contact_phone=req.contact_phone,
        notes=req.notes,
        service_center_code=center.code,
        requested_at=now,
        updated_at=now,
    )


async def jemput_bola_services(db: AsyncSession, codes: Iterable[str]) -> list[PublicService]:
    """The services, each offered by jemput bola (422 visit_service_invalid otherwise)."""
    out = []
    for code in dict.fromkeys(codes):
        try:
            service = await catalog.active_service(db, code)
        except AppError:
            raise AppError(422, "visit_service_invalid") from None
        if Channel.JEMPUT_BOLA not in service.channels:
            raise AppError(422, "visit_service_invalid")
        out.append(service)
    return out


async def subject(db: AsyncSession, citizen: Account, member_id: str | None) -> Subject:
    """Whom the officers visit: the citizen, or a family member they act for."""
    if member_id is None:
        return Subject(citizen.full_name, citizen.birth_date)
    member = await db.get(FamilyMember, member_id)
    if member is None or member.citizen_id != citizen.id:
        raise AppError(404, "family_member_not_found")
    return Subject(member.full_name, member.birth_date)


async def center_for(db: AsyncSession, district_code: str) -> ServiceCenter:
    center = await catalog.center_for_regency(db, district_code[:4])
    if center is None:
        raise AppError(422, "visit_area_not_served")
    return center


def check_reason(req: VisitRequestIn, who: Subject, today: date) -> None:
    if req.reason is VisitReason.ELDERLY:
        age = age_on(who.birth_date, today)
        if age is None or age < ELDERLY_AGE:
            raise AppError(422, "visit_not_elderly")
    if req.reason is VisitReason.OTHER and not req.reason_note:
        raise AppError(422, "visit_reason_note")


async def check_days(
    db: AsyncSession, region_code: str, days: Sequence[date], *, minimum: int = 1
) -> None:
    """Each day from tomorrow (in the place's zone) to BOOK_AHEAD_DAYS ahead, a working day
    and no listed holiday; `minimum` distinct days. 422 visit_dates otherwise."""
    first = local_today(region_code) + timedelta(days=1)
    last = first + timedelta(days=BOOK_AHEAD_DAYS - 1)
    holidays = await catalog.holidays_between(db, first, last)
    in_range = all(first <= d <= last and is_working_day(d, holidays) for d in days)
    if not in_range or len(set(days)) < minimum:
        raise AppError(422, "visit_dates")


async def check_documents(db: AsyncSession, citizen_id: str, ids: Sequence[str]) -> None:
    if not ids:
        return
    found = await db.scalars(
        select(Document.id).where(Document.citizen_id == citizen_id, Document.id.in_(set(ids)))
    )
    if set(found) != set(ids):
        raise AppError(422, "document_not_found")


async def owned(db: AsyncSession, citizen_id: str, visit_id: str) -> Visit:
    """The citizen's own visit; anyone else's is indistinguishable from a missing one."""
    visit = await db.get(Visit, visit_id)
    if visit is None or visit.citizen_id != citizen_id:
        raise AppError(404, "not_found")
    return visit


async def list_own(db: AsyncSession, citizen_id: str, cursor: str | None, limit: int) -> VisitPage:
    query = select(Visit).where(Visit.citizen_id == citizen_id)
    if cursor:
        anchor = decode_cursor(cursor, datetime.fromisoformat, str)
        query = query.where(tuple_(Visit.requested_at, Visit.id) < anchor)
    order = (Visit.requested_at.desc(), Visit.id.desc())
    rows = list(await db.scalars(query.order_by(*order).limit(limit + 1)))
    page: Page[Visit] = keyset_page(rows, limit, _cursor)
    return VisitPage(items=[summary(v) for v in page.items], next_cursor=page.next_cursor)


def _cursor(visit: Visit) -> str:
    return encode_cursor(visit.requested_at.isoformat(), visit.id)


def check_visit_version(visit: Visit, if_match: str | None, *, required: bool = False) -> None:
    check_version(visit.version, if_match, "visit_changed", required=required)


async def cancel(
    db: AsyncSession, citizen: Account, visit_id: str, note: str | None, if_match: str | None
) -> Visit:
    """Before the officers leave; a scheduled visit gives its place on the team day back."""
    visit = await owned(db, citizen.id, visit_id)
    check_visit_version(visit, if_match)
    await workflow.apply(db, visit, Step(VisitAction.CANCEL, citizen, note))
    await db.flush()
    return visit


async def ask_new_date(
    db: AsyncSession, citizen: Account, visit_id: str, req: AskNewDateIn, if_match: str | None
) -> Visit:
    """New preferred dates: back to the coordinator's board (a held place is given back)."""
    visit = await owned(db, citizen.id, visit_id)
    check_visit_version(visit, if_match)
    workflow.target(visit, VisitAction.ASK_NEW_DATE)  # 409 before the dates' 422
    await check_days(
        db, visit.district_code, [p.date for p in req.preferred], minimum=PREFERRED_MIN
    )
    visit.preferred = [p.model_dump(mode="json") for p in req.preferred]
    step = Step(VisitAction.ASK_NEW_DATE, citizen, req.note, preferred=tuple(req.preferred))
    await workflow.apply(db, visit, step)
    await db.flush()
    return visit


async def holds_document(db: AsyncSession, doc_id: str) -> bool:
    """A wallet document given with (or photographed at) an open visit: the officers may
    still need it, so the wallet's delete waits (wired by the app factory)."""
    owner = await db.scalar(select(Document.citizen_id).where(Document.id == doc_id))
    if owner is None:
        return False
    open_ = [s for s in VisitStatus if s.is_open]
    rows = await db.execute(
        select(Visit.document_ids, Visit.photo_ids).where(
            Visit.citizen_id == owner, Visit.status.in_(open_)
        )
    )
    return any(doc_id in docs or doc_id in photos for docs, photos in rows.all())


async def changed_meanwhile() -> AsyncIterator[None]:
    """Dependency of every visits router: a versioned UPDATE of a visit that matches no row
    (a parallel change won since it was read) is 412 visit_changed, never a 500."""
    try:
        yield
    except StaleDataError:
        raise AppError(412, "visit_changed") from None


async def list_fingerprint(db: AsyncSession, citizen_id: str) -> str:
    """Changes whenever one of the citizen's visits is added or changed: the list's ETag."""
    row = (
        await db.execute(
            select(func.count(Visit.id), func.sum(Visit.version), func.max(Visit.updated_at)).where(
                Visit.citizen_id == citizen_id
            )
        )
    ).one()
    total, versions, latest = row
    stamp = latest.timestamp() if latest is not None else 0
    return f'"jb{total}-{versions or 0}-{stamp:.6f}"'
