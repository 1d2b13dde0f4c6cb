"""Server layer: the access-log table (append-only)."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from contracts.access import Purpose
from server.accounts.models import new_id
from server.db import Base, StrEnumType, UTCDateTime, utcnow


class AccessLog(Base):
    """One staff read of a citizen's data, written in the same transaction as the read."""

    __tablename__ = "access_log"
    __table_args__ = (Index("ix_access_log_citizen_at", "citizen_id", "at", "id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    citizen_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    actor_id: Mapped[str | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    actor_name: Mapped[str] = mapped_column(String(100))
    actor_role: Mapped[str] = mapped_column(String(20))
    agency_code: Mapped[str | None] = mapped_column(String(32))
    purpose: Mapped[Purpose] = mapped_column(StrEnumType(Purpose, 32))
    resource: Mapped[str] = mapped_column(String(80))
    fields: Mapped[list[str]] = mapped_column(default=list)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
