"""Server layer: the officer's side — scope, queue, reading (access-logged) and acting."""

from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.access import Purpose
from contracts.applications import (
    OFFICER_TRANSITIONS,
    ActionIn,
    ApplicationStatus,
    OfficerAction,
    OfficerApplicationDetail,
)
from contracts.nik import mask_nik
from server.access.service import record_access
from server.accounts.models import Account
from server.applications.models import Application, ApplicationAttachment
from server.applications.service import check_app_version, flush_change
from server.applications.tracking import new_pickup_code
from server.applications.views import detail_fields
from server.applications.workflow import Change, record_change
from server.catalog import service as catalog
from server.documents import service as documents
from server.documents.models import Document
from server.errors import AppError

_READERS = frozenset({"field", "back_office", "coordinator"})
REVIEW_FIELDS = ("full_name", "nik_masked", "phone", "answers", "attachments")


async def scope(db: AsyncSession, officer: Account) -> frozenset[str]:
    """Agencies whose applications this officer handles (coordinators: all at their MPP)."""
    if officer.role.value not in _READERS:
        raise AppError(403, "forbidden")
    if officer.agency_code:
        return frozenset({officer.agency_code})
    if officer.service_center_code:
        return frozenset(await catalog.agency_codes_at_center(db, officer.service_center_code))
    return frozenset()


async def in_scope(db: AsyncSession, officer: Account, app_id: str) -> Application:
    agencies = await scope(db, officer)
    app = await db.get(Application, app_id)
    if app is None or app.agency_code not in agencies:
        raise AppError(404, "not_found")
    return app


async def by_tracking(db: AsyncSession, officer: Account, number: str) -> Application:
    agencies = await scope(db, officer)
    query = select(Application).where(Application.tracking_number == number.strip().upper())
    app = (await db.scalars(query)).first()
    if app is None or app.agency_code not in agencies:
        raise AppError(404, "not_found")
    return app


async def read(db: AsyncSession, officer: Account, app: Application) -> OfficerApplicationDetail:
    """The officer's view; the read is written to the citizen's access log in the same tx."""
    citizen = await db.get(Account, app.citizen_id)
    assert citizen is not None
    resource = f"applications/{app.tracking_number}"
    record_access(db, app.citizen_id, officer, Purpose.APPLICATION_REVIEW, resource, REVIEW_FIELDS)
    return OfficerApplicationDetail(
        **await detail_fields(db, app),
        citizen_id=citizen.id,
        citizen_name=citizen.full_name,
        citizen_nik_masked=mask_nik(citizen.nik) if citizen.nik else "",
        citizen_phone=citizen.phone,
    )


async def attachment(
    db: AsyncSession, officer: Account, app_id: str, document_id: str, secret: str
) -> tuple[Document, bytes]:
    """One attachment's bytes, access-logged; only documents given with this application."""
    app = await in_scope(db, officer, app_id)
    linked = await db.scalar(
        select(ApplicationAttachment.requirement).where(
            ApplicationAttachment.application_id == app.id,
            ApplicationAttachment.document_id == document_id,
        )
    )
    result = app.result_document_id == document_id
    doc = await db.get(Document, document_id)
    if doc is None or (linked is None and not result):
        raise AppError(404, "not_found")
    data = await documents.read_file(db, doc, secret)
    resource = f"applications/{app.tracking_number}/documents/{doc.id}"
    fields = [f"document.{doc.type}"]
    record_access(db, app.citizen_id, officer, Purpose.APPLICATION_REVIEW, resource, fields)
    return doc, data


async def upload_result(
    db: AsyncSession, officer: Account, app_id: str, upload: documents.Upload, secret: str
) -> Document:
    """The result document goes into the citizen's wallet (checked like any upload), marked
    as issued for this application by this officer."""
    app = await in_scope(db, officer, app_id)
    if app.status != ApplicationStatus.PROCESSING:
        raise AppError(409, "transition_invalid")
    issued = replace(upload, issued_for_application_id=app.id, issued_by_id=officer.id)
    doc, _ = await documents.upload(db, app.citizen_id, secret, issued)
    return doc


async def act(
    db: AsyncSession, officer: Account, app_id: str, req: ActionIn, if_match: str | None
) -> Application:
    """One workflow step; If-Match is required (428 without), a stale one (someone acted
    first) is 412 application_changed."""
    app = await in_scope(db, officer, app_id)
    check_app_version(app, if_match, required=True)
    sources, target = OFFICER_TRANSITIONS[req.action]
    if ApplicationStatus(app.status) not in sources:
        raise AppError(409, "transition_invalid")
    await _apply(db, app, req)
    record_change(db, app, Change(target, officer, req.note, tuple(req.items)))
    await flush_change(db)
    return app


async def _apply(db: AsyncSession, app: Application, req: ActionIn) -> None:
    match req.action:
        case OfficerAction.REQUEST_REVISION:
            if not req.items:
                raise AppError(422, "revision_items_required")
            app.revision_items = [i.model_dump() for i in req.items]
        case OfficerAction.REJECT:
            if not req.note:
                raise AppError(422, "rejection_reason_required")
            app.rejection_reason = req.note
        case OfficerAction.COMPLETE:
            await _complete(db, app, req)


async def _complete(db: AsyncSession, app: Application, req: ActionIn) -> None:
    if not req.result_document_id and not req.pickup_instructions:
        raise AppError(422, "result_required")
    if req.result_document_id:
        doc = await db.get(Document, req.result_document_id)
        issued_here = doc is not None and doc.issued_for_application_id == app.id
        if doc is None or not issued_here or doc.citizen_id != app.citizen_id:
            raise AppError(422, "result_document_invalid")
        app.result_document_id = doc.id
    if req.pickup_instructions:
        app.pickup_instructions = req.pickup_instructions
        app.pickup_code = new_pickup_code()
