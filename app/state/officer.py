"""State layer: the officer's back office rules the stores and screens share — queue filters
and pages, which actions a status allows, receipt QR texts, answer labels, revision drafts;
plain functions and values, no controls (the stores: `officer_queue.py`,
`officer_application.py`)."""

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from contracts.applications import (
    OFFICER_TRANSITIONS,
    RECEIPT_PREFIX,
    ApplicationStatus,
    AttachmentOut,
    OfficerAction,
    OfficerApplicationDetail,
    OfficerApplicationPage,
    OfficerApplicationSummary,
    RevisionItem,
)
from contracts.catalog import Catalog, FieldType, FormDefinition, FormField, PublicService

ACTION_ORDER = (
    OfficerAction.START_REVIEW,
    OfficerAction.APPROVE,
    OfficerAction.REQUEST_REVISION,
    OfficerAction.COMPLETE,
    OfficerAction.REJECT,
)
TRANSITION_INVALID = "transition_invalid"


@dataclass(frozen=True)
class QueueFilters:
    """No status = everything waiting for an officer (the server's default)."""

    status: ApplicationStatus | None = None
    service: str | None = None
    overdue: bool = False
    submitted_from: date | None = None
    submitted_to: date | None = None

    def params(self) -> dict[str, str]:
        out: dict[str, str] = {}
        if self.status is not None:
            out["status"] = self.status.value
        if self.service:
            out["service"] = self.service
        if self.overdue:
            out["overdue"] = "true"
        if self.submitted_from:
            out["submitted_from"] = self.submitted_from.isoformat()
        if self.submitted_to:
            out["submitted_to"] = self.submitted_to.isoformat()
        return out


@dataclass(frozen=True)
class Queue:
    items: tuple[OfficerApplicationSummary, ...] = ()
    next_cursor: str | None = None
    loaded: bool = False

    def with_page(self, page: OfficerApplicationPage, append: bool) -> "Queue":
        kept = self.items if append else ()
        seen = {i.id for i in kept}
        fresh = tuple(i for i in page.items if i.id not in seen)
        return Queue(kept + fresh, page.next_cursor, loaded=True)

    def replaced(self, summary: OfficerApplicationSummary) -> "Queue":
        items = tuple(summary if i.id == summary.id else i for i in self.items)
        return replace(self, items=items)


def summary_of(detail: OfficerApplicationDetail) -> OfficerApplicationSummary:
    fields = OfficerApplicationSummary.model_fields
    return OfficerApplicationSummary(**{k: getattr(detail, k) for k in fields})


def scope_agencies(catalog: Catalog | None, agency: str | None, center: str | None) -> set[str]:
    """The agencies whose applications the officer handles, as the server scopes them: their
    own agency, else (coordinators) every agency with a counter at their MPP."""
    if agency:
        return {agency}
    found = [c for c in catalog.service_centers if c.code == center] if catalog else []
    return set(found[0].agencies) if found else set()


def agency_services(
    catalog: Catalog | None,
    agencies: set[str],
    items: Iterable[OfficerApplicationSummary],
    lang: str,
) -> list[tuple[str, str]]:
    """(code, name) for the service filter: the agencies' services from the catalog, else the
    services seen in the results so far."""
    found: dict[str, str] = {}
    if catalog is not None:
        found = {s.code: s.name.get(lang) for s in catalog.services if s.agency in agencies}
    if not found:
        found = {i.service_code: i.service_name.get(lang) for i in items}
    return sorted(found.items(), key=lambda kv: kv[1].casefold())


def actions_for(status: ApplicationStatus) -> list[OfficerAction]:
    """Only the steps the workflow allows from this status (contracts.OFFICER_TRANSITIONS)."""
    return [a for a in ACTION_ORDER if status in OFFICER_TRANSITIONS[a][0]]


def tracking_from(texts: Sequence[str]) -> str | None:
    """The tracking number in a receipt QR ("SPR1:<number>"), or None for any other code."""
    for text in texts:
        if text.startswith(RECEIPT_PREFIX) and text[len(RECEIPT_PREFIX) :].strip():
            return text[len(RECEIPT_PREFIX) :].strip()
    return None


def tracking_typed(text: str) -> str | None:
    """What a counter's barcode scanner (it types the QR's text) or the officer typed: a
    receipt QR's text or the bare tracking number."""
    found = tracking_from([text.strip()])
    number = found or text.strip().upper()
    return number if 5 <= len(number) <= 20 and " " not in number else None


@dataclass(frozen=True)
class AnswerRow:
    code: str
    label: str
    value: str
    prefilled: bool = False  # filled in from the citizen's profile, not typed


def answer_text(
    form_field: FormField | None, value: Any, lang: str, yes_no: tuple[str, str]
) -> str:
    if form_field is not None and form_field.type is FieldType.SELECT:
        option = next((o for o in form_field.options if o.key == value), None)
        return option.label.get(lang) if option else str(value)
    if isinstance(value, bool):
        return yes_no[0] if value else yes_no[1]
    if value is None or value == "":
        return "—"
    return str(value)


def answer_rows(
    answers: Mapping[str, Any],
    form: FormDefinition | None,
    lang: str,
    yes_no: tuple[str, str],
    prefilled: Collection[str] = (),
) -> list[AnswerRow]:
    """Answers in the form's order with its labels; unknown codes after, by their code."""
    fields = {f.code: f for f in form.fields} if form else {}
    codes = [c for c in fields if c in answers] + [c for c in answers if c not in fields]
    return [
        AnswerRow(
            code,
            fields[code].label.get(lang) if code in fields else code,
            answer_text(fields.get(code), answers[code], lang, yes_no),
            code in prefilled,
        )
        for code in codes
    ]


def requirement_label(service: PublicService | None, code: str, lang: str) -> str:
    req = service.requirement(code) if service else None
    return req.label.get(lang) if req else code


def revision_targets(
    detail: OfficerApplicationDetail,
    form: FormDefinition | None,
    service: PublicService | None,
    lang: str,
) -> list[tuple[str, str]]:
    """What a revision item can point at: the form's fields, then the attachments'
    requirements (the service's own list when the catalog has it)."""
    fields = [(f.code, f.label.get(lang)) for f in form.fields] if form else []
    if not fields:
        fields = [(code, code) for code in detail.answers]
    codes = [r.code for r in service.requirements if r.is_attachment] if service else []
    codes += [a.requirement for a in detail.attachments if a.requirement not in codes]
    reqs = [(f"req:{c}", requirement_label(service, c, lang)) for c in codes]
    return fields + reqs


def target_code(choice: str) -> str | None:
    """Dropdown key → RevisionItem.target ("" = a general remark)."""
    if not choice:
        return None
    return choice.removeprefix("req:")


@dataclass(frozen=True)
class DraftItem:
    target: str = ""
    message: str = ""


def revision_items(draft: Sequence[DraftItem]) -> list[RevisionItem]:
    """The filled-in items; empty messages are left out."""
    return [
        RevisionItem(target=target_code(d.target), message=" ".join(d.message.split()))
        for d in draft
        if d.message.strip()
    ]


def attachment_name(att: AttachmentOut) -> str:
    """The file name a saved copy of an attachment gets."""
    ext = {"application/pdf": "pdf", "image/png": "png"}.get(att.media_type, "jpg")
    return f"{att.requirement}-{att.document_id[:8]}.{ext}"
