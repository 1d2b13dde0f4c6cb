"""Server layer: applications as the wire shows them (summaries, details, timelines)."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import defer

from contracts.applications import (
    ApplicationDetail,
    ApplicationResult,
    ApplicationStatus,
    ApplicationSummary,
    ApplicationUpdateOut,
    AttachmentOut,
    RevisionItem,
)
from contracts.catalog import LocalText
from server.applications.calendar import local_today
from server.applications.models import Application, ApplicationAttachment, ApplicationUpdate
from server.applications.tracking import pickup_qr, receipt_qr
from server.documents.models import Document

# Lists show summaries: the answers and revision items (JSON, the bulk of a row) stay unloaded
LIST_LOAD = (
    defer(Application.answers, raiseload=True),
    defer(Application.prefilled, raiseload=True),
    defer(Application.revision_items, raiseload=True),
)


def overdue(app: Application) -> bool:
    return app.with_officer and local_today() > app.due_date


def summary_fields(app: Application) -> dict[str, Any]:
    return {
        "id": app.id,
        "tracking_number": app.tracking_number,
        "service_code": app.service_code,
        "service_name": LocalText.model_validate(app.service_name),
        "agency": app.agency_code,
        "status": ApplicationStatus(app.status),
        "subject_name": app.subject_name,
        "submitted_at": app.submitted_at,
        "updated_at": app.updated_at,
        "due_date": app.due_date,
        "overdue": overdue(app),
        "version": app.version,
    }


def summary(app: Application) -> ApplicationSummary:
    return ApplicationSummary(**summary_fields(app))


@dataclass(frozen=True)
class Written:
    """Attachments and update rows a request has just written (no need to read them back)."""

    attachments: dict[str, Document]
    updates: list[ApplicationUpdate]


async def detail_fields(
    db: AsyncSession, app: Application, written: Written | None = None
) -> dict[str, Any]:
    if written is None:
        written = Written(await _attachment_docs(db, app.id), await _update_rows(db, app.id))
    return {
        **summary_fields(app),
        "form_version": app.form_version,
        "family_member_id": app.family_member_id,
        "answers": app.answers,
        "prefilled": list(app.prefilled),
        "attachments": [_attachment(r, d) for r, d in sorted(written.attachments.items())],
        "revision_items": [RevisionItem.model_validate(i) for i in app.revision_items],
        "rejection_reason": app.rejection_reason,
        "result": _result(app),
        "receipt_qr": receipt_qr(app.tracking_number),
        "updates": [_update(u) for u in written.updates],
    }


async def detail(
    db: AsyncSession, app: Application, written: Written | None = None
) -> ApplicationDetail:
    return ApplicationDetail(**await detail_fields(db, app, written))


def _result(app: Application) -> ApplicationResult | None:
    if app.status != ApplicationStatus.COMPLETED:
        return None
    code = app.pickup_code
    return ApplicationResult(
        document_id=app.result_document_id,
        pickup_instructions=app.pickup_instructions,
        pickup_qr=pickup_qr(app.tracking_number, code) if code else None,
    )


async def _attachment_docs(db: AsyncSession, app_id: str) -> dict[str, Document]:
    rows = await db.execute(
        select(ApplicationAttachment.requirement, Document)
        .join(Document, Document.id == ApplicationAttachment.document_id)
        .where(ApplicationAttachment.application_id == app_id)
    )
    return {requirement: doc for requirement, doc in rows.all()}


def _attachment(requirement: str, doc: Document) -> AttachmentOut:
    return AttachmentOut(
        requirement=requirement,
        document_id=doc.id,
        type=doc.type.value,
        title=doc.title,
        media_type=doc.media_type,
        size=doc.size,
    )


async def _update_rows(db: AsyncSession, app_id: str) -> list[ApplicationUpdate]:
    rows = await db.scalars(
        select(ApplicationUpdate)
        .where(ApplicationUpdate.application_id == app_id)
        .order_by(ApplicationUpdate.at, ApplicationUpdate.id)
    )
    return list(rows)


def _update(u: ApplicationUpdate) -> ApplicationUpdateOut:
    return ApplicationUpdateOut(
        id=u.id,
        at=u.at,
        from_status=u.from_status,
        status=u.to_status,
        actor=u.actor,
        actor_name=u.actor_name,
        note=u.note,
        items=[RevisionItem.model_validate(i) for i in u.items],
    )
