"""Server layer: the citizen's side — file once (Idempotency-Key), list, fix and resubmit,
withdraw."""

import hashlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, select, tuple_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from contracts.applications import (
    ApplicationIn,
    ApplicationPage,
    ApplicationStatus,
    ResubmitIn,
)
from contracts.catalog import PublicService
from server.accounts.models import Account, new_id
from server.applications import checks
from server.applications.calendar import add_working_days, local_today, search_window
from server.applications.models import Application, ApplicationAttachment
from server.applications.tracking import new_tracking_number
from server.applications.views import LIST_LOAD, Written, summary
from server.applications.workflow import Change, record_change
from server.catalog import service as catalog
from server.db import utcnow
from server.documents.models import Document
from server.errors import AppError
from server.http import Page, check_version, decode_cursor, encode_cursor, keyset_page


def request_hash(req: ApplicationIn) -> str:
    body = json.dumps(req.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(body.encode()).hexdigest()


async def by_key(db: AsyncSession, citizen_id: str, key: str) -> Application | None:
    query = select(Application).where(
        Application.citizen_id == citizen_id, Application.idempotency_key == key
    )
    return (await db.scalars(query)).first()


@dataclass(frozen=True)
class Filed:
    """The filed application; `written` (what this request stored) lets the answer be built
    without reading it back; a replay has none."""

    app: Application
    replayed: bool
    written: Written | None = None


async def submit(
    db: AsyncSession, citizen: Account, req: ApplicationIn, key: str, *, actor: Account | None = None
) -> Filed:
    """File one application. Nothing is written on any error. `actor`: who files it when not
    the citizen (a field officer at a home visit files on their behalf): the first update's."""
    digest = request_hash(req)
    first = await by_key(db, citizen.id, key)
    if first is not None:
        if first.request_hash != digest:
            raise AppError(422, "idempotency_key_reused")
        return Filed(first, True)
    service = await catalog.service_for_application(db, req.service_code)
    if req.form_version != service.form_version:
        raise AppError(409, "form_outdated")
    who = await checks.subject(db, citizen, req.family_member_id)
    given = checks.with_held_values(service.form, req.answers, req.prefilled, who)
    answers = checks.answers(service.form, given)
    chosen = await checks.attachments(db, citizen.id, service, req.attachments)
    app = await _new_application(db, citizen, req, service, key, digest)
    app.subject_name, app.answers = who.name, answers
    _attach(db, app.id, chosen)
    update = record_change(db, app, Change(ApplicationStatus.SUBMITTED, actor or citizen))
    try:
        await db.flush()
    except IntegrityError as exc:  # the same key is being filed by a parallel request
        raise AppError(409, "idempotency_in_progress") from exc
    return Filed(app, False, Written(chosen, [update]))


async def due_date(db: AsyncSession, days: int) -> date:
    start = local_today()
    holidays = await catalog.holidays_between(db, start, search_window(start, days))
    return add_working_days(start, days, holidays)


async def _new_application(
    db: AsyncSession,
    citizen: Account,
    req: ApplicationIn,
    service: PublicService,
    key: str,
    digest: str,
) -> Application:
    now = utcnow()
    app = Application(
        id=new_id(),
        tracking_number=new_tracking_number(local_today(now)),
        citizen_id=citizen.id,
        family_member_id=req.family_member_id,
        service_code=service.code,
        service_name=service.name.model_dump(),
        agency_code=service.agency,
        form_version=service.form_version,
        prefilled=sorted(set(req.prefilled) & {f.code for f in service.form.fields}),
        submitted_at=now,
        due_date=await due_date(db, service.days),
        revision_items=[],
        idempotency_key=key,
        request_hash=digest,
    )
    db.add(app)
    return app


def _attach(db: AsyncSession, app_id: str, chosen: dict[str, Document]) -> None:
    for requirement, doc in chosen.items():
        db.add(
            ApplicationAttachment(
                application_id=app_id, requirement=requirement, document_id=doc.id
            )
        )


async def holds_document(db: AsyncSession, doc_id: str) -> bool:
    """A wallet document attached to an open application: an officer may still need it, so
    the wallet's delete waits (wired into the documents feature by the app factory)."""
    closed = [s for s in ApplicationStatus if not s.is_open]
    found = await db.scalar(
        select(ApplicationAttachment.application_id)
        .join(Application, Application.id == ApplicationAttachment.application_id)
        .where(ApplicationAttachment.document_id == doc_id, Application.status.not_in(closed))
        .limit(1)
    )
    return found is not None


async def owned(db: AsyncSession, citizen_id: str, app_id: str) -> Application:
    """The citizen's own application; anyone else's is indistinguishable from a missing one."""
    app = await db.get(Application, app_id)
    if app is None or app.citizen_id != citizen_id:
        raise AppError(404, "not_found")
    return app


async def list_own(
    db: AsyncSession,
    citizen_id: str,
    status: ApplicationStatus | None,
    cursor: str | None,
    limit: int,
) -> ApplicationPage:
    query = select(Application).options(*LIST_LOAD).where(Application.citizen_id == citizen_id)
    if status is not None:
        query = query.where(Application.status == status)
    if cursor:
        anchor = decode_cursor(cursor, datetime.fromisoformat, str)
        query = query.where(tuple_(Application.submitted_at, Application.id) < anchor)
    order = (Application.submitted_at.desc(), Application.id.desc())
    rows = list(await db.scalars(query.order_by(*order).limit(limit + 1)))
    page: Page[Application] = keyset_page(rows, limit, _cursor)
    return ApplicationPage(items=[summary(a) for a in page.items], next_cursor=page.next_cursor)


def _cursor(app: Application) -> str:
    return encode_cursor(app.submitted_at.isoformat(), app.id)


def check_app_version(app: Application, if_match: str | None, *, required: bool = False) -> None:
    """After the application was found: 428/400 for a missing/malformed If-Match, 412 when
    someone changed it since the client read it."""
    check_version(app.version, if_match, "application_changed", required=required)


async def resubmit(
    db: AsyncSession, citizen: Account, app_id: str, req: ResubmitIn, if_match: str | None
) -> Application:
    """The citizen's fix after a revision request: checked against the form version filed."""
    app = await owned(db, citizen.id, app_id)
    check_app_version(app, if_match)
    if app.status != ApplicationStatus.NEEDS_REVISION:
        raise AppError(409, "transition_invalid")
    service = await catalog.service_for_application(db, app.service_code)
    form = await catalog.form_definition(db, app.service_code, app.form_version)
    form = form or service.form
    who = await checks.filed_subject(db, citizen, app.family_member_id, app.subject_name)
    given = checks.with_held_values(form, req.answers, app.prefilled, who)
    app.answers = checks.answers(form, given)
    chosen = await checks.attachments(db, citizen.id, service, req.attachments)
    await db.execute(
        delete(ApplicationAttachment).where(ApplicationAttachment.application_id == app.id)
    )
    _attach(db, app.id, chosen)
    app.revision_items = []
    app.due_date = await due_date(db, service.days)  # the clock restarts with the fix
    record_change(db, app, Change(ApplicationStatus.SUBMITTED, citizen, req.note))
    await flush_change(db)
    return app


async def withdraw(
    db: AsyncSession, citizen: Account, app_id: str, note: str | None, if_match: str | None
) -> Application:
    app = await owned(db, citizen.id, app_id)
    check_app_version(app, if_match)
    if not ApplicationStatus(app.status).withdrawable:
        raise AppError(409, "transition_invalid")
    record_change(db, app, Change(ApplicationStatus.WITHDRAWN, citizen, note))
    await flush_change(db)
    return app


async def flush_change(db: AsyncSession) -> None:
    """Write the change now, so a parallel change that won first is found here (its 412 comes
    from `changed_meanwhile`, like one found by any later flush)."""
    await db.flush()


async def changed_meanwhile() -> AsyncIterator[None]:
    """Dependency of every applications router: the versioned UPDATE of an application that
    matches no row (a parallel change won since it was read) is 412 application_changed,
    wherever it is flushed — explicitly, by an autoflush before a later read (e.g. the due
    date's holidays), or at commit — never a 500. The request's transaction is rolled back."""
    try:
        yield
    except StaleDataError:
        raise AppError(412, "application_changed") from None
