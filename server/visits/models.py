"""Server layer: jemput bola tables — field teams and members, team days (the capacity guard),
visits (VisitRequest), their update records, and the field actions' idempotency keys."""

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from contracts.applications import Actor
from contracts.documents import IDEMPOTENCY_KEY_MAX
from contracts.visits import DayWindow, NotCompletedReason, VisitAction, VisitReason, VisitStatus
from server.accounts.models import new_id
from server.db import Base, StrEnumType, UTCDateTime, utcnow


class FieldTeam(Base):
    """A jemput bola team of one service center: its officers, daily capacity and hours."""

    __tablename__ = "field_teams"
    __table_args__ = (Index("ix_field_teams_center", "service_center_code", "name"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    service_center_code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(100))
    daily_capacity: Mapped[int]
    shift_start: Mapped[str] = mapped_column(String(5), default="08:00")  # HH:MM local
    shift_end: Mapped[str] = mapped_column(String(5), default="16:00")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class FieldTeamMember(Base):
    """A field officer in a team (an officer may be in several)."""

    __tablename__ = "field_team_members"
    __table_args__ = (Index("ix_field_team_members_officer", "officer_id"),)

    team_id: Mapped[str] = mapped_column(
        ForeignKey("field_teams.id", ondelete="CASCADE"), primary_key=True
    )
    officer_id: Mapped[str] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )


class TeamDay(Base):
    """How many visits a team's day holds: places are taken by one conditional UPDATE
    (`booked < capacity`), so two coordinators at once never over-fill it."""

    __tablename__ = "team_days"

    team_id: Mapped[str] = mapped_column(
        ForeignKey("field_teams.id", ondelete="CASCADE"), primary_key=True
    )
    date: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    booked: Mapped[int] = mapped_column(default=0)
    capacity: Mapped[int]
    plan_solver: Mapped[str | None] = mapped_column(String(16))  # the stored order: vroom/manual
    planned_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class Visit(Base):
    """One home-visit request (VisitRequest). `status` only changes together with a
    VisitUpdate row (server/visits/workflow.py); `version` guards it like an application's."""

    __tablename__ = "visits"
    __table_args__ = (
        Index("ix_visits_citizen_requested", "citizen_id", "requested_at", "id"),
        Index("ix_visits_board", "service_center_code", "status", "requested_at", "id"),
        Index("ix_visits_team_day", "team_id", "scheduled_date"),
        Index("uq_visits_citizen_idem", "citizen_id", "idempotency_key", unique=True),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    number: Mapped[str] = mapped_column(String(20), unique=True)  # JB-YYMMDD-XXXXXX
    citizen_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    family_member_id: Mapped[str | None] = mapped_column(String(36))
    subject_name: Mapped[str] = mapped_column(String(100))
    subject_birth_date: Mapped[dt.date | None] = mapped_column(Date)
    reason: Mapped[VisitReason] = mapped_column(StrEnumType(VisitReason, 20))
    reason_note: Mapped[str | None] = mapped_column(Text)
    # [{code, name: LocalText, done, note, application_id, tracking_number}]
    services: Mapped[list[Any]] = mapped_column(JSON, default=list)
    document_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    photo_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    district_code: Mapped[str] = mapped_column(String(6))
    village: Mapped[str | None] = mapped_column(String(100))
    street: Mapped[str | None] = mapped_column(String(200))
    landmark: Mapped[str | None] = mapped_column(String(300))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    accuracy_m: Mapped[float | None] = mapped_column(Float)
    preferred: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [{date, window}]
    contact_phone: Mapped[str] = mapped_column(String(16))
    notes: Mapped[str | None] = mapped_column(Text)
    service_center_code: Mapped[str] = mapped_column(String(32))
    status: Mapped[VisitStatus] = mapped_column(StrEnumType(VisitStatus, 24))
    team_id: Mapped[str | None] = mapped_column(ForeignKey("field_teams.id", ondelete="SET NULL"))
    scheduled_date: Mapped[dt.date | None] = mapped_column(Date)
    window: Mapped[DayWindow | None] = mapped_column(StrEnumType(DayWindow, 10))
    plan_position: Mapped[int | None]
    planned_arrival: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    not_completed_reason: Mapped[NotCompletedReason | None] = mapped_column(
        StrEnumType(NotCompletedReason, 20)
    )
    requested_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    idempotency_key: Mapped[str] = mapped_column(String(IDEMPOTENCY_KEY_MAX))
    request_hash: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class VisitUpdate(Base):
    """The audit trail and the citizen's timeline: one row per change of a visit."""

    __tablename__ = "visit_updates"
    __table_args__ = (Index("ix_visit_updates_visit_at", "visit_id", "at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    occurred_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())  # in the field
    action: Mapped[VisitAction] = mapped_column(StrEnumType(VisitAction, 16))
    from_status: Mapped[VisitStatus | None] = mapped_column(StrEnumType(VisitStatus, 24))
    to_status: Mapped[VisitStatus] = mapped_column(StrEnumType(VisitStatus, 24))
    actor: Mapped[Actor] = mapped_column(StrEnumType(Actor, 10))
    actor_id: Mapped[str | None] = mapped_column(String(36))
    actor_name: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[NotCompletedReason | None] = mapped_column(StrEnumType(NotCompletedReason, 20))
    date: Mapped[dt.date | None] = mapped_column(Date)  # schedule / reschedule
    window: Mapped[DayWindow | None] = mapped_column(StrEnumType(DayWindow, 10))
    preferred: Mapped[list[Any]] = mapped_column(JSON, default=list)  # request / ask_new_date


class VisitActionKey(Base):
    """A field action's Idempotency-Key per officer and the first answer, replayed as is."""

    __tablename__ = "visit_action_keys"

    officer_id: Mapped[str] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    idempotency_key: Mapped[str] = mapped_column(String(IDEMPOTENCY_KEY_MAX), primary_key=True)
    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    response: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
