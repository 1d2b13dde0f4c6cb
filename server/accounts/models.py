"""Server layer: account, session and login-throttle tables."""

import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from contracts.enums import Role, Sex
from server.db import Base, StrEnumType, UTCDateTime, utcnow


def new_id() -> str:
    return str(uuid.uuid4())


class Account(Base):
    """A citizen (identified by NIK) or a staff member (identified by username)."""

    __tablename__ = "accounts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    role: Mapped[Role] = mapped_column(StrEnumType(Role, 20))
    nik: Mapped[str | None] = mapped_column(String(16), unique=True)
    username: Mapped[str | None] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(100))
    birth_date: Mapped[date | None]
    sex: Mapped[Sex | None] = mapped_column(StrEnumType(Sex, 10))
    phone: Mapped[str | None] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    agency_code: Mapped[str | None] = mapped_column(String(32))
    service_center_code: Mapped[str | None] = mapped_column(String(32))
    district_codes: Mapped[list[str]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class AuthSession(Base):
    """A login on one device; the bearer token is stored only as a keyed hash."""

    __tablename__ = "auth_sessions"
    __table_args__ = (Index("ix_auth_sessions_account_id", "account_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    device_name: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_used_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class LoginThrottle(Base):
    """Failed-login counter for one key (an account login or a client address)."""

    __tablename__ = "login_throttles"

    key: Mapped[str] = mapped_column(String(160), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    window_started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
