"""Contracts layer: purposes for reading a citizen's data and the citizen-visible access log."""

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel


class Purpose(StrEnum):
    """Why a staff member reads a citizen's data; each purpose allows only some fields."""

    IDENTITY_CHECK = "identity_check"  # confirm who is in front of the officer
    COUNTER_SERVICE = "counter_service"  # pre-fill a counter form at the MPP
    HOME_VISIT = "home_visit"  # jemput bola visit
    APPLICATION_REVIEW = "application_review"  # process a remote application
    DOCUMENT_CHECK = "document_check"  # look at a wallet document


class AccessLogEntry(BaseModel):
    """One read of the citizen's data by staff: who, agency, when, why, which fields."""

    id: str
    at: datetime
    actor_name: str
    actor_role: str
    agency_code: str | None
    purpose: Purpose
    resource: str
    fields: list[str]


class AccessLogPage(BaseModel):
    """Newest first; pass `next_before` as `before` for the next page (keyset pagination)."""

    entries: list[AccessLogEntry]
    next_before: str | None = None
