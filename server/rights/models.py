"""Server layer: account deletion requests (erased after the retention period)."""

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base, UTCDateTime, utcnow


class DeletionRequest(Base):
    """The account is disabled at once; personal data is erased at scheduled_for; the
    anonymised account row (with the access log) is removed after the log's retention."""

    __tablename__ = "deletion_requests"

    account_id: Mapped[str] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    scheduled_for: Mapped[datetime] = mapped_column(UTCDateTime())
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
