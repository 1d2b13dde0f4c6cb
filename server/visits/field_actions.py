"""Server layer: the field officers' steps on a visit (on the way, arrived, completed, not
completed), each Idempotency-Key applied exactly once — the key, the request's hash and the
first answer are stored in the step's own transaction, and every later send of the key gets
that answer back (a device that lost the answer offline sends it again)."""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from contracts.visits import (
    FIELD_ACTIONS,
    FieldActionIn,
    FieldVisit,
    NotCompletedReason,
    VisitAction,
)
from server.accounts.models import Account
from server.db import utcnow
from server.errors import AppError, field_error
from server.visits import field, workflow
from server.visits.models import Visit, VisitActionKey

FUTURE_LIMIT = timedelta(hours=24)  # a device clock may be off; a day ahead is a bad clock
VERIFIED_NOTE = "QR warga diperiksa / citizen's QR checked"


@dataclass(frozen=True)
class Acted:
    visit: FieldVisit
    replayed: bool


def request_hash(visit_id: str, req: FieldActionIn) -> str:
    body = {"visit_id": visit_id, **req.model_dump(mode="json")}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


async def act(
    db: AsyncSession, officer: Account, visit_id: str, req: FieldActionIn, key: str
) -> Acted:
    """Apply the step once. A concurrent send of the same key loses at the visit's version
    or the key's primary key (or finds the step already done): it answers the winner's
    stored answer instead. Nothing is written on any error."""
    officer_id, digest = officer.id, request_hash(visit_id, req)
    first = await db.get(VisitActionKey, (officer_id, key))
    if first is not None:
        return Acted(_replay(first, digest), True)
    try:
        return Acted(await _apply(db, officer, visit_id, req, (key, digest)), False)
    except (IntegrityError, StaleDataError, AppError) as exc:
        if isinstance(exc, AppError) and exc.code != "visit_state":
            raise
        await db.rollback()
        first = await db.get(VisitActionKey, (officer_id, key))
        if first is not None:
            return Acted(_replay(first, digest), True)
        if isinstance(exc, AppError):
            raise
        raise AppError(409, "idempotency_in_progress") from exc  # the app retries this one


def _replay(first: VisitActionKey, digest: str) -> FieldVisit:
    if first.request_hash != digest:
        raise AppError(422, "idempotency_key_reused")
    return FieldVisit.model_validate(first.response)


async def _apply(
    db: AsyncSession, officer: Account, visit_id: str, req: FieldActionIn, key: tuple[str, str]
) -> FieldVisit:
    visit = await field.team_visit(db, officer, visit_id)
    check(req, utcnow())
    outcomes = _outcomes(visit, req) if req.action is VisitAction.COMPLETE else None
    step = workflow.Step(
        action=req.action,
        actor=officer,
        note=_note(req),
        reason=req.reason,
        occurred_at=req.occurred_at,
    )
    await workflow.apply(db, visit, step)
    visit.services = _record(visit.services, req.action, outcomes)
    await db.flush()  # a parallel step that won first fails here, on the version
    out = await field.field_visit(db, visit)
    db.add(
        VisitActionKey(
            officer_id=officer.id,
            idempotency_key=key[0],
            visit_id=visit.id,
            request_hash=key[1],
            response=out.model_dump(mode="json"),
        )
    )
    field.log_visit_read(db, officer, [visit])
    await db.flush()  # … or here, on the key
    return out


def check(req: FieldActionIn, now: datetime) -> None:
    """What the step itself must carry (the transition is the workflow's to check)."""
    if req.action not in FIELD_ACTIONS:
        raise field_error("action", "invalid_choice")
    if req.occurred_at.tzinfo is None:
        raise field_error("occurred_at", "invalid")
    if req.occurred_at > now + FUTURE_LIMIT:
        raise field_error("occurred_at", "occurred_in_future")
    if req.action is VisitAction.NOT_COMPLETE:
        if req.reason is None:
            raise field_error("reason", "missing")
        if req.reason is NotCompletedReason.OTHER and not req.note:
            raise field_error("note", "missing")
    elif req.reason is not None:
        raise field_error("reason", "unexpected_field")


def _note(req: FieldActionIn) -> str | None:
    """The officer's note; a QR check at the door is written into it (the update record has
    no field of its own for it)."""
    if not req.citizen_verified:
        return req.note
    return f"{req.note}\n{VERIFIED_NOTE}" if req.note else VERIFIED_NOTE


def _outcomes(visit: Visit, req: FieldActionIn) -> dict[str, tuple[bool, str | None]]:
    """Per service: done and the officer's note; the visit's own services and photos only."""
    codes = {str(s["code"]) for s in visit.services}
    given = {o.code: (o.done, o.note) for o in req.services}
    unknown = sorted(set(given) - codes)
    if unknown:
        raise field_error("services", "visit_service_not_listed")
    if set(req.photo_ids) - set(visit.photo_ids):
        raise field_error("photo_ids", "visit_photo_invalid")
    return given


def _record(
    services: list[Any],
    action: VisitAction,
    outcomes: dict[str, tuple[bool, str | None]] | None,
) -> list[Any]:
    """The visit's services with their outcome: on completion as the officer reported them
    (a service not reported counts as done), not completed: none done."""
    if action is VisitAction.COMPLETE:
        given = outcomes or {}
        return [_entry(s, *given.get(str(s["code"]), (True, None))) for s in services]
    if action is VisitAction.NOT_COMPLETE:
        return [_entry(s, False, None) for s in services]
    return list(services)


def _entry(service: dict[str, Any], done: bool, note: str | None) -> dict[str, Any]:
    return {**service, "done": done, "note": note}
