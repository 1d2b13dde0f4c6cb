"""Server layer: application, attachment, update-record and notification tables."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from contracts.applications import Actor, ApplicationStatus, NotificationKind
from contracts.documents import IDEMPOTENCY_KEY_MAX
from server.accounts.models import new_id
from server.db import Base, StrEnumType, UTCDateTime, utcnow


class Application(Base):
    """One remote application. `status` only changes together with an ApplicationUpdate row;
    `version` guards it (two officers acting at once: the second UPDATE matches no row)."""

    __tablename__ = "applications"
    __table_args__ = (
        Index("ix_applications_citizen_submitted", "citizen_id", "submitted_at", "id"),
        Index("ix_applications_queue", "agency_code", "with_officer", "due_date", "id"),
        Index("ix_applications_status_queue", "agency_code", "status", "due_date", "id"),
        Index("ix_applications_service_queue", "service_code", "with_officer", "due_date", "id"),
        Index("uq_applications_citizen_idem", "citizen_id", "idempotency_key", unique=True),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    tracking_number: Mapped[str] = mapped_column(String(20), unique=True)
    citizen_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    family_member_id: Mapped[str | None] = mapped_column(String(36))
    subject_name: Mapped[str] = mapped_column(String(100))
    service_code: Mapped[str] = mapped_column(String(64))
    service_name: Mapped[dict[str, Any]] = mapped_column(JSON)  # LocalText at filing time
    agency_code: Mapped[str] = mapped_column(String(32))
    form_version: Mapped[int]
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    prefilled: Mapped[list[str]] = mapped_column(JSON)
    status: Mapped[ApplicationStatus] = mapped_column(StrEnumType(ApplicationStatus, 20))
    with_officer: Mapped[bool]  # the officer's turn: the due date runs, the queue shows it
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    due_date: Mapped[date]
    revision_items: Mapped[list[Any]] = mapped_column(JSON, default=list)
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    result_document_id: Mapped[str | None] = mapped_column(String(36))
    pickup_instructions: Mapped[str | None] = mapped_column(Text)
    pickup_code: Mapped[str | None] = mapped_column(String(16))
    idempotency_key: Mapped[str] = mapped_column(String(IDEMPOTENCY_KEY_MAX))
    request_hash: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class ApplicationAttachment(Base):
    """A wallet document given for one requirement (the document stays in the wallet)."""

    __tablename__ = "application_attachments"

    application_id: Mapped[str] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True
    )
    requirement: Mapped[str] = mapped_column(String(64), primary_key=True)
    document_id: Mapped[str] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )


class ApplicationUpdate(Base):
    """The audit trail and the citizen's timeline: one row per change."""

    __tablename__ = "application_updates"
    __table_args__ = (Index("ix_application_updates_app_at", "application_id", "at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    application_id: Mapped[str] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    from_status: Mapped[ApplicationStatus | None] = mapped_column(
        StrEnumType(ApplicationStatus, 20)
    )
    to_status: Mapped[ApplicationStatus] = mapped_column(StrEnumType(ApplicationStatus, 20))
    actor: Mapped[Actor] = mapped_column(StrEnumType(Actor, 10))
    actor_id: Mapped[str | None] = mapped_column(String(36))
    actor_name: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)
    items: Mapped[list[Any]] = mapped_column(JSON, default=list)


class Notification(Base):
    """One inbox entry of an account."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_account_at", "account_id", "at", "id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    kind: Mapped[NotificationKind] = mapped_column(StrEnumType(NotificationKind, 32))
    application_id: Mapped[str | None] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE")
    )
    visit_id: Mapped[str | None] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"))
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
