"""State layer: the field officer's rules, pure — the day's route in order, each visit's status
as the device knows it (the server's, with the steps still queued on top), what may be done
next, the door check of a citizen's QR against the person visited, call / WhatsApp links,
the answers of an application filed at the door; no controls, no I/O."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from app.services.field_device import EntryKind, EntryState, QueueEntry
from app.state.apply_form import ApplyForm, checked_answers, held_by_server, prefill
from app.state.identity import judge
from contracts.applications import ApplicationIn
from contracts.catalog import PrefillSource, PublicService
from contracts.identity import TokenKind
from contracts.visits import (
    FieldDay,
    FieldService,
    FieldVisit,
    PlanStop,
    VisitAction,
    VisitStatus,
    next_status,
)


@dataclass(frozen=True)
class Stop:
    """One visit of the day: its place in the route (None: not in the plan) and local status."""

    visit: FieldVisit
    plan: PlanStop | None
    status: VisitStatus


def local_status(visit: FieldVisit, entries: Iterable[QueueEntry]) -> VisitStatus:
    """The server's status with the visit's waiting actions applied (optimistic)."""
    status = visit.status
    for entry in entries:
        if entry.visit_id != visit.id or entry.state is not EntryState.PENDING:
            continue
        if entry.kind is EntryKind.ACTION and entry.action is not None:
            status = next_status(entry.action.action, status) or status
    return status


def route(day: FieldDay, entries: list[QueueEntry]) -> list[Stop]:
    """The planned stops in the plan's order, then any visit the plan left out."""
    by_id = {v.id: v for v in day.visits}
    stops = [
        Stop(by_id[s.visit_id], s, local_status(by_id[s.visit_id], entries))
        for s in day.plan.stops
        if s.visit_id in by_id
    ]
    planned = {s.visit_id for s in day.plan.stops}
    rest = [Stop(v, None, local_status(v, entries)) for v in day.visits if v.id not in planned]
    return stops + rest


def allowed(status: VisitStatus, action: VisitAction) -> bool:
    return next_status(action, status) is not None


# ---------------------------------------------------------------- door check


@dataclass(frozen=True)
class DoorCheck:
    """The QR shown at the door, checked offline: `match` (the person visited), `other`
    (a genuine code of someone else), `unknown` (the visit names no QR subject to compare),
    `invalid` (`problem`: no_qr, not_identity_qr, token_* …)."""

    visit_id: str
    verdict: str
    name: str | None = None
    problem: str | None = None

    @property
    def matched(self) -> bool:
        return self.verdict == "match"


def door_check(visit: FieldVisit, day: FieldDay, texts: list[str], now: datetime) -> DoorCheck:
    jwks: dict[str, object] = {"keys": [k.model_dump() for k in day.keys]}
    outcome = judge(texts, jwks, now, TokenKind.CITIZEN)
    if outcome.claims is None:
        return DoorCheck(visit.id, "invalid", problem=outcome.problem)
    name = outcome.claims.name
    expected = visit.subject.identity_subject
    if expected is None:
        return DoorCheck(visit.id, "unknown", name=name)
    verdict = "match" if outcome.claims.subject == expected else "other"
    return DoorCheck(visit.id, verdict, name=name)


# ---------------------------------------------------------------- contact


def phone_digits(phone: str) -> str:
    """+62 812-3456-7890 / 0812… → 6281234567890 (the form wa.me wants)."""
    digits = re.sub(r"\D", "", phone)
    if digits.startswith("0"):
        return "62" + digits[1:]
    return digits


def call_url(phone: str) -> str:
    return f"tel:+{phone_digits(phone)}"


def whatsapp_url(phone: str) -> str:
    return f"https://wa.me/{phone_digits(phone)}"


# ---------------------------------------------------------------- filing at the door


def subject_values(visit: FieldVisit) -> dict[PrefillSource, object]:
    """What the day knows of the person visited fills the form (the NIK is masked: the
    server fills the one it holds, as for the citizen's own filing)."""
    subject = visit.subject
    values: dict[PrefillSource, object] = {PrefillSource.FULL_NAME: subject.name}
    if subject.nik_masked:
        values[PrefillSource.NIK] = subject.nik_masked
    if subject.birth_date:
        values[PrefillSource.BIRTH_DATE] = subject.birth_date
    return values


def start_field_form(service: PublicService, visit: FieldVisit) -> ApplyForm:
    filled = prefill(service.form.fields, subject_values(visit))
    order = tuple(f.code for f in service.form.fields)
    return ApplyForm(values=filled, prefilled=frozenset(filled), order=order)


def field_application(
    service: PublicService, field: FieldService, form: ApplyForm
) -> ApplicationIn:
    """The answers checked on the device (ApplyInvalid lists what is wrong). Attachments are
    not asked at the door: the officer's photos go with the visit."""
    bare = service.model_copy(update={"requirements": ()})
    answers = checked_answers(bare, form)
    return ApplicationIn(
        service_code=field.code,
        form_version=field.form_version or service.form_version,
        answers=answers,
        prefilled=sorted(form.prefilled & (set(answers) | held_by_server(service, form))),
    )
