"""Server layer: what a filing must satisfy — form answers, attachments, the subject."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi.exceptions import RequestValidationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.applications import AttachmentIn
from contracts.catalog import FormDefinition, PrefillSource, RequirementKind, ServiceSource
from contracts.forms import AnswersInvalid, clean_answers
from server.accounts.models import Account
from server.documents.models import Document
from server.errors import AppError
from server.profile.models import FamilyMember


@dataclass(frozen=True)
class Subject:
    name: str
    nik: str | None


def invalid(section: str, errors: Mapping[str, str]) -> RequestValidationError:
    """A 422 in the one error shape, one entry per field (`answers.<code>`)."""
    return RequestValidationError(
        [
            {"type": code, "loc": ("body", section, field), "msg": code, "input": None}
            for field, code in errors.items()
        ]
    )


def answers(form: FormDefinition, given: Mapping[str, Any]) -> dict[str, Any]:
    try:
        return clean_answers(form, given)
    except AnswersInvalid as exc:
        raise invalid("answers", exc.errors) from None


async def attachments(
    db: AsyncSession, citizen_id: str, service: ServiceSource, given: Sequence[AttachmentIn]
) -> dict[str, Document]:
    """requirement → document, each the citizen's own and of the asked type."""
    chosen: dict[str, str] = {}
    errors: dict[str, str] = {}
    for item in given:
        req = service.requirement(item.requirement)
        if req is None or not req.is_attachment:
            errors[item.requirement] = "attachment_unknown"
        elif item.requirement in chosen:
            errors[item.requirement] = "attachment_duplicate"
        chosen[item.requirement] = item.document_id
    docs = await _documents(db, citizen_id, set(chosen.values()))
    for code, doc_id in chosen.items():
        req = service.requirement(code)
        doc = docs.get(doc_id)
        if code in errors or req is None:
            continue
        if doc is None:
            errors[code] = "attachment_not_found"
        elif req.kind is RequirementKind.DOCUMENT and doc.type != req.document_type:
            errors[code] = "attachment_wrong_type"
    for req in service.requirements:
        if req.is_attachment and req.required and req.code not in chosen:
            errors.setdefault(req.code, "attachment_required")
    if errors:
        raise invalid("attachments", errors)
    return {code: docs[doc_id] for code, doc_id in chosen.items()}


async def _documents(db: AsyncSession, citizen_id: str, ids: set[str]) -> dict[str, Document]:
    if not ids:
        return {}
    rows = await db.scalars(
        select(Document).where(Document.citizen_id == citizen_id, Document.id.in_(ids))
    )
    return {d.id: d for d in rows}


async def subject(db: AsyncSession, citizen: Account, member_id: str | None) -> Subject:
    """Whom the application is for: the citizen, or a family member they act for."""
    if member_id is None:
        return Subject(citizen.full_name, citizen.nik)
    member = await db.get(FamilyMember, member_id)
    if member is None or member.citizen_id != citizen.id:
        raise AppError(404, "family_member_not_found")
    return Subject(member.full_name, member.nik)


async def filed_subject(
    db: AsyncSession, citizen: Account, member_id: str | None, filed_name: str
) -> Subject:
    """The subject of a filed application; a family member removed since keeps the name it
    was filed under (a fix must not fail because the list of family members changed)."""
    try:
        return await subject(db, citizen, member_id)
    except AppError:
        return Subject(filed_name, None)


def with_held_values(
    form: FormDefinition, given: Mapping[str, Any], prefilled: Sequence[str], who: Subject
) -> dict[str, Any]:
    """The app only ever sees a masked NIK, so it cannot pre-fill a NIK field itself: it lists
    the field as pre-filled and leaves it empty, and the state's copy is filled in here."""
    out = dict(given)
    for field in form.fields:
        empty = out.get(field.code) in (None, "")
        if field.prefill is PrefillSource.NIK and field.code in prefilled and empty and who.nik:
            out[field.code] = who.nik
    return out
