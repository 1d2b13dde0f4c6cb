"""Server layer: catalog tables — agencies, centres, services, form versions, holidays, state."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base, UTCDateTime, utcnow


class CodedRow(Base):
    """An agency or centre as imported: its contract model's JSON in `data`, by code."""

    __abstract__ = True

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AgencyRow(CodedRow):
    """An agency (`data` is the contracts.catalog.Agency JSON)."""

    __tablename__ = "agencies"


class ServiceCenterRow(CodedRow):
    """A service centre (`data` is the contracts.catalog.ServiceCenter JSON)."""

    __tablename__ = "service_centers"


class PublicServiceRow(Base):
    """A public service; `source` is its ServiceSource JSON, `form_version` the form in force.
    Services that leave the data files are deactivated, never deleted (applications name them)."""

    __tablename__ = "public_services"
    __table_args__ = (Index("ix_public_services_agency", "agency_code"),)

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    agency_code: Mapped[str] = mapped_column(String(32))
    category: Mapped[str] = mapped_column(String(32))
    source: Mapped[dict[str, Any]] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    form_version: Mapped[int]
    active: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ServiceForm(Base):
    """One version of a service's form; versions are kept forever (old applications use them)."""

    __tablename__ = "service_forms"

    service_code: Mapped[str] = mapped_column(
        ForeignKey("public_services.code", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    definition_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Holiday(Base):
    """A national holiday or cuti bersama: not a working day for due dates."""

    __tablename__ = "holidays"

    day: Mapped[date] = mapped_column("date", primary_key=True)
    name: Mapped[str] = mapped_column(String(200))


class CatalogState(Base):
    """One row (id 1): the revision (hash of the served catalog, also its ETag) and when."""

    __tablename__ = "catalog_state"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    revision: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime())
