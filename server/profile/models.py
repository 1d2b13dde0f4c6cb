"""Server layer: profile, family-member and access-grant tables."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from contracts.access import Purpose
from contracts.profile import Relationship, Verification
from server.accounts.models import new_id
from server.db import Base, StrEnumType, UTCDateTime, utcnow


class CitizenProfile(Base):
    """The profile fields beyond the account (name, NIK, birth date, phone live on Account)."""

    __tablename__ = "profiles"

    account_id: Mapped[str] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    birth_place: Mapped[str | None] = mapped_column(String(100))
    province_code: Mapped[str | None] = mapped_column(String(2))
    regency_code: Mapped[str | None] = mapped_column(String(4))
    district_code: Mapped[str | None] = mapped_column(String(6))
    village: Mapped[str | None] = mapped_column(String(100))
    rt: Mapped[str | None] = mapped_column(String(3))
    rw: Mapped[str | None] = mapped_column(String(3))
    postcode: Mapped[str | None] = mapped_column(String(5))
    email: Mapped[str | None] = mapped_column(String(254))
    kk_number: Mapped[str | None] = mapped_column(String(16))
    occupation: Mapped[str | None] = mapped_column(String(100))
    photo_document_id: Mapped[str | None] = mapped_column(String(36))
    verification: Mapped[Verification] = mapped_column(
        StrEnumType(Verification, 16), default=Verification.UNVERIFIED
    )
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    verified_by_id: Mapped[str | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL")
    )
    verified_by_name: Mapped[str | None] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    # every UPDATE checks and bumps `version` (also the ETag): concurrent writers cannot both win
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class FamilyMember(Base):
    """Someone the citizen acts for (e.g. an elderly parent)."""

    __tablename__ = "family_members"
    __table_args__ = (
        Index("ix_family_members_citizen_id", "citizen_id"),
        # one member per NIK per citizen, also under concurrent adds (NULL NIKs never clash)
        Index("uq_family_members_citizen_nik", "citizen_id", "nik", unique=True),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    citizen_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    full_name: Mapped[str] = mapped_column(String(100))
    nik: Mapped[str | None] = mapped_column(String(16))
    birth_date: Mapped[date]
    relationship: Mapped[Relationship] = mapped_column(StrEnumType(Relationship, 16))
    note: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AccessGrant(Base):
    """Consent by showing the QR: this officer may read this citizen for this purpose until
    expires_at."""

    __tablename__ = "access_grants"
    __table_args__ = (Index("ix_access_grants_citizen_officer", "citizen_id", "officer_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    citizen_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    officer_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    agency_code: Mapped[str | None] = mapped_column(String(32))
    purpose: Mapped[Purpose] = mapped_column(StrEnumType(Purpose, 32))
    token_id: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
