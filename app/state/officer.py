"""State layer: the officer's back office — queue filters and pages, which actions a status
allows, receipt QR texts, answer labels, revision drafts, acting with a stale-version reload;
no controls."""

import asyncio
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from app.services import officer_api
from app.services.api import ApiClient
from app.services.documents_api import Progress
from app.services.errors import ApiError, PreconditionFailed
from app.services.image_prep import Prepared, prepare
from contracts.applications import (
    OFFICER_TRANSITIONS,
    RECEIPT_PREFIX,
    ActionIn,
    ApplicationStatus,
    OfficerAction,
    RevisionItem,
    StaffApplicationDetail,
    StaffApplicationPage,
    StaffApplicationSummary,
)
from contracts.catalog import Catalog, FieldType, FormDefinition, FormField, PublicService
from contracts.documents import DocumentType

ACTION_ORDER = (
    OfficerAction.START_REVIEW,
    OfficerAction.APPROVE,
    OfficerAction.REQUEST_REVISION,
    OfficerAction.COMPLETE,
    OfficerAction.REJECT,
)
STALE = "application_changed"
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
    items: tuple[StaffApplicationSummary, ...] = ()
    next_cursor: str | None = None
    loaded: bool = False

    def with_page(self, page: StaffApplicationPage, append: bool) -> "Queue":
        kept = self.items if append else ()
        seen = {i.id for i in kept}
        fresh = tuple(i for i in page.items if i.id not in seen)
        return Queue(kept + fresh, page.next_cursor, loaded=True)

    def replaced(self, summary: StaffApplicationSummary) -> "Queue":
        items = tuple(summary if i.id == summary.id else i for i in self.items)
        return replace(self, items=items)


def summary_of(detail: StaffApplicationDetail) -> StaffApplicationSummary:
    fields = StaffApplicationSummary.model_fields
    return StaffApplicationSummary(**{k: getattr(detail, k) for k in fields})


def scope_agencies(catalog: Catalog | None, agency: str | None, center: str | None) -> set[str]:
    """The agencies whose applications the officer handles, as the server scopes them: their
    own agency, else (coordinators) every agency with a counter at their MPP."""
    if agency:
        return {agency}
    found = [c for c in catalog.service_centers if c.code == center] if catalog else []
    return set(found[0].agencies) if found else set()


def agency_services(
    catalog: Catalog | None, agencies: set[str], items: Iterable[StaffApplicationSummary], lang: str
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
    detail: StaffApplicationDetail,
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


@dataclass
class OfficerDesk:
    """One per app session: a detail fetched by the receipt scan (not fetched twice, so the
    access log has one entry), and who to tell when an application changed."""

    prefetched: dict[str, StaffApplicationDetail] = field(default_factory=dict)
    listeners: list[Callable[[StaffApplicationDetail], None]] = field(default_factory=list)

    def remember(self, detail: StaffApplicationDetail) -> None:
        self.prefetched = {detail.id: detail}

    def take(self, app_id: str) -> StaffApplicationDetail | None:
        return self.prefetched.pop(app_id, None)

    def changed(self, detail: StaffApplicationDetail) -> None:
        for listener in list(self.listeners):
            listener(detail)

    async def forget(self) -> None:
        """Sign-out: a prefetched application names a citizen."""
        self.prefetched = {}


@dataclass(frozen=True)
class ActOutcome:
    """The application as it is now; `problem` when the step did not happen (someone changed
    it first, or the step is no longer allowed) and the latest data was loaded instead."""

    detail: StaffApplicationDetail
    problem: str | None = None


async def perform(api: ApiClient, detail: StaffApplicationDetail, action: ActionIn) -> ActOutcome:
    try:
        return ActOutcome(await officer_api.act(api, detail.id, action, detail.version))
    except PreconditionFailed:
        problem = STALE
    except ApiError as exc:
        if exc.code not in (STALE, TRANSITION_INVALID):
            raise
        problem = exc.code
    return ActOutcome(await officer_api.get(api, detail.id), problem)


@dataclass(frozen=True)
class ResultFile:
    """A picked result document, shrunk if a photo; the key makes a retried upload safe."""

    name: str
    file: Prepared
    idempotency_key: str = field(default_factory=officer_api.new_idempotency_key)


async def prepare_result(data: bytes, name: str) -> ResultFile:
    """Raises image_prep.PrepError (size, type); CPU work off the UI thread."""
    return ResultFile(name, await asyncio.to_thread(prepare, data, name))


async def complete(
    api: ApiClient,
    detail: StaffApplicationDetail,
    result: ResultFile | None,
    doc_type: DocumentType,
    title: str,
    pickup: str,
    on_progress: Progress | None = None,
) -> ActOutcome:
    """Upload the result (if any), then the `complete` step with its id and/or pickup text."""
    document_id = None
    if result is not None:
        uploaded = await officer_api.upload_result(
            api,
            detail.id,
            doc_type,
            result.file,
            title=" ".join(title.split()) or None,
            idempotency_key=result.idempotency_key,
            on_progress=on_progress,
        )
        document_id = uploaded.document_id
    action = ActionIn(
        action=OfficerAction.COMPLETE,
        result_document_id=document_id,
        pickup_instructions=pickup.strip() or None,
    )
    return await perform(api, detail, action)
