"""Contracts layer: remote applications, their workflow, the officer's queue and the citizen's
notifications (the /api/v1/me/applications, /me/notifications and /officer/applications wire)."""

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, Final

from pydantic import BaseModel, ConfigDict, Field

from contracts.catalog import LocalText
from contracts.text import Incoming

NOTE_MAX: Final = 1000
REVISION_ITEMS_MAX: Final = 20
ATTACHMENTS_MAX: Final = 20
ANSWERS_MAX: Final = 60
RECEIPT_PREFIX: Final = "SPR1:"  # receipt QR: the tracking number only, no personal data
PICKUP_PREFIX: Final = "SPP1:"  # pickup QR: tracking number and the one-time pickup code
CURSOR_MAX: Final = 400
# a page cursor is opaque: URL-safe Base64 without padding, passed back exactly as received
# (the server's own check answers 422 cursor_invalid; the pattern documents it)
Cursor = Annotated[
    str, Field(max_length=CURSOR_MAX, json_schema_extra={"pattern": "^[A-Za-z0-9_-]*$"})
]


class ApplicationStatus(StrEnum):
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    NEEDS_REVISION = "needs_revision"
    PROCESSING = "processing"
    COMPLETED = "completed"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"

    @property
    def is_open(self) -> bool:
        """Still with someone: the due date runs and the overdue flag applies."""
        return self not in _CLOSED

    @property
    def withdrawable(self) -> bool:
        return self in _WITHDRAWABLE


_CLOSED = frozenset(
    {ApplicationStatus.COMPLETED, ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN}
)
_WITHDRAWABLE = frozenset(
    {ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW, ApplicationStatus.NEEDS_REVISION}
)


class OfficerAction(StrEnum):
    START_REVIEW = "start_review"
    REQUEST_REVISION = "request_revision"
    APPROVE = "approve"  # → processing
    REJECT = "reject"
    COMPLETE = "complete"


# The officer's workflow: action → (statuses it may start from, status it leads to).
# The citizen's own moves: resubmit (needs_revision → submitted) and withdraw (see above).
OFFICER_TRANSITIONS: Final[
    dict[OfficerAction, tuple[frozenset[ApplicationStatus], ApplicationStatus]]
] = {
    OfficerAction.START_REVIEW: (
        frozenset({ApplicationStatus.SUBMITTED}),
        ApplicationStatus.IN_REVIEW,
    ),
    OfficerAction.REQUEST_REVISION: (
        frozenset({ApplicationStatus.IN_REVIEW}),
        ApplicationStatus.NEEDS_REVISION,
    ),
    OfficerAction.APPROVE: (frozenset({ApplicationStatus.IN_REVIEW}), ApplicationStatus.PROCESSING),
    OfficerAction.REJECT: (
        frozenset({ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW}),
        ApplicationStatus.REJECTED,
    ),
    OfficerAction.COMPLETE: (
        frozenset({ApplicationStatus.PROCESSING}),
        ApplicationStatus.COMPLETED,
    ),
}


Note = Annotated[str, Field(min_length=1, max_length=NOTE_MAX)]
Id = Annotated[str, Field(min_length=1, max_length=36)]


class AttachmentIn(Incoming):
    """A wallet document (uploaded first via POST /me/documents) given for a requirement."""

    model_config = ConfigDict(extra="forbid")

    requirement: Annotated[str, Field(min_length=1, max_length=64)]
    document_id: Id


class ApplicationIn(Incoming):
    """POST /me/applications (header Idempotency-Key required). `form_version` is the version
    the app rendered; a stale one is answered 409 form_outdated so nothing is filed wrongly."""

    model_config = ConfigDict(extra="forbid")

    service_code: Annotated[str, Field(min_length=2, max_length=64)]
    form_version: int = Field(ge=1)
    family_member_id: Id | None = None  # applying for someone the citizen acts for
    answers: dict[str, Any] = Field(default_factory=dict, max_length=ANSWERS_MAX)
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=ATTACHMENTS_MAX)
    prefilled: list[str] = Field(default_factory=list, max_length=ANSWERS_MAX)  # field codes


class ResubmitIn(Incoming):
    """POST /me/applications/{id}/resubmit with If-Match: the version the citizen fixed."""

    model_config = ConfigDict(extra="forbid")

    answers: dict[str, Any] = Field(default_factory=dict, max_length=ANSWERS_MAX)
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=ATTACHMENTS_MAX)
    note: Note | None = None


class WithdrawIn(Incoming):
    model_config = ConfigDict(extra="forbid")

    note: Note | None = None


class RevisionItem(BaseModel):
    """One thing to fix: a form field or requirement code (or none, for a general remark)."""

    model_config = ConfigDict(extra="forbid")

    target: Annotated[str | None, Field(max_length=64)] = None
    message: Annotated[str, Field(min_length=1, max_length=300)]


class ActionIn(Incoming):
    """POST /officer/applications/{id}/actions with If-Match: the version the officer saw.
    request_revision needs `items`; reject needs `note` (the reason); complete needs a
    `result_document_id` (POST .../result first) or `pickup_instructions`."""

    model_config = ConfigDict(extra="forbid")

    action: OfficerAction
    note: Note | None = None
    items: list[RevisionItem] = Field(default_factory=list, max_length=REVISION_ITEMS_MAX)
    result_document_id: Id | None = None
    pickup_instructions: Note | None = None


class Actor(StrEnum):
    CITIZEN = "citizen"
    OFFICER = "officer"
    SYSTEM = "system"


class ApplicationUpdateOut(BaseModel):
    """One entry of the timeline (Riwayat): every status change, with who and why."""

    id: str
    at: datetime
    from_status: ApplicationStatus | None
    status: ApplicationStatus
    actor: Actor
    actor_name: str | None = None  # officers are named: the citizen sees who handled it
    note: str | None = None
    items: list[RevisionItem] = Field(default_factory=list)


class AttachmentOut(BaseModel):
    requirement: str
    document_id: str
    type: str
    title: str | None = None
    media_type: str
    size: int


class ApplicationResult(BaseModel):
    """What completion gave: a document (now in the citizen's wallet) and/or pickup details."""

    document_id: str | None = None
    pickup_instructions: str | None = None
    pickup_qr: str | None = None  # PICKUP_PREFIX + tracking + ":" + code; shown at the counter


class ApplicationSummary(BaseModel):
    id: str
    tracking_number: str
    service_code: str
    service_name: LocalText
    agency: str
    status: ApplicationStatus
    subject_name: str  # the citizen, or the family member applied for
    submitted_at: datetime
    updated_at: datetime
    due_date: date
    overdue: bool
    version: int  # also the ETag; send it as If-Match to change the application


class ApplicationDetail(ApplicationSummary):
    form_version: int
    family_member_id: str | None = None
    answers: dict[str, Any]
    prefilled: list[str]
    attachments: list[AttachmentOut]
    revision_items: list[RevisionItem]  # what to fix, while needs_revision
    rejection_reason: str | None = None
    result: ApplicationResult | None = None
    receipt_qr: str  # RECEIPT_PREFIX + tracking number
    updates: list[ApplicationUpdateOut]


class ApplicationPage(BaseModel):
    """Newest first; pass `next_cursor` as `cursor` for the next page (keyset pagination)."""

    items: list[ApplicationSummary]
    next_cursor: Cursor | None = None


class OfficerApplicationSummary(ApplicationSummary):
    citizen_name: str


class OfficerApplicationDetail(ApplicationDetail):
    citizen_id: str
    citizen_name: str
    citizen_nik_masked: str
    citizen_phone: str | None = None


class OfficerApplicationPage(BaseModel):
    """Oldest due first (what needs work first); `next_cursor` continues the same filters."""

    items: list[OfficerApplicationSummary]
    next_cursor: Cursor | None = None


class ResultUpload(BaseModel):
    """POST /officer/applications/{id}/result: the result document, stored in the citizen's
    wallet; pass its id to the `complete` action."""

    document_id: str


class NotificationKind(StrEnum):
    APPLICATION_STATUS = "application_status"
    VISIT_STATUS = "visit_status"  # params: number, status, action, date, window


class NotificationOut(BaseModel):
    """One inbox entry; the app renders the text from `kind` and `params` in its language."""

    id: str
    at: datetime
    kind: NotificationKind
    application_id: str | None = None
    visit_id: str | None = None
    params: dict[str, str]  # tracking_number, status, service_name_id, service_name_en
    read: bool


class NotificationPage(BaseModel):
    """GET /me/notifications (ETag; If-None-Match → 304 with no body when nothing changed)."""

    items: list[NotificationOut]
    unread: int
    next_before: str | None = None
