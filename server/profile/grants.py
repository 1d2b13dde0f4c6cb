"""Server layer: access grants — the citizen's QR, shown to an officer, lets that officer read
for one stated purpose until the grant expires. `require_grant` is the one gate for staff reads
of a citizen's data (profile here, wallet documents in server/documents)."""

from datetime import datetime, timedelta
from typing import Final

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.access import Purpose
from contracts.profile import ROLE_PURPOSES, allowed_fields
from server.accounts.models import Account
from server.db import utcnow
from server.errors import AppError
from server.profile.models import AccessGrant

__all__ = ["allowed_fields", "require_grant"]

# How long one QR showing lets the officer keep reading: a counter visit is short, a home
# visit (biometrics, forms, upload later) takes longer.
GRANT_TTL: Final[dict[Purpose, timedelta]] = {
    Purpose.IDENTITY_CHECK: timedelta(minutes=30),
    Purpose.COUNTER_SERVICE: timedelta(hours=2),
    Purpose.HOME_VISIT: timedelta(hours=8),
    Purpose.APPLICATION_REVIEW: timedelta(hours=8),
    Purpose.DOCUMENT_CHECK: timedelta(hours=2),
}


def check_purpose(officer: Account, purpose: Purpose) -> None:
    """403 when this role may not state this purpose (e.g. back office on a home visit)."""
    if purpose not in ROLE_PURPOSES[officer.role]:
        raise AppError(403, "purpose_forbidden")


def create_grant(
    db: AsyncSession,
    citizen_id: str,
    officer: Account,
    purpose: Purpose,
    now: datetime,
    token_id: str | None = None,
) -> AccessGrant:
    grant = AccessGrant(
        citizen_id=citizen_id,
        officer_id=officer.id,
        agency_code=officer.agency_code,
        purpose=purpose,
        token_id=token_id,
        created_at=now,
        expires_at=now + GRANT_TTL[purpose],
    )
    db.add(grant)
    return grant


async def live_grant(
    db: AsyncSession, officer: Account, citizen_id: str, purpose: Purpose | None
) -> AccessGrant | None:
    query = select(AccessGrant).where(
        AccessGrant.citizen_id == citizen_id,
        AccessGrant.officer_id == officer.id,
        AccessGrant.expires_at > utcnow(),
    )
    if purpose is not None:
        query = query.where(AccessGrant.purpose == purpose)
    grants = await db.scalars(query.order_by(AccessGrant.expires_at.desc()))
    # an officer moved to another agency loses the grants given to the old one
    return next((g for g in grants if g.agency_code == officer.agency_code), None)


async def require_grant(
    db: AsyncSession, officer: Account, citizen_id: str, purpose: Purpose
) -> AccessGrant:
    """The gate: 403 if the role may not use the purpose, 404 without a live grant of this
    officer (same agency) for this citizen and purpose — absence and refusal look the same."""
    check_purpose(officer, purpose)
    grant = await live_grant(db, officer, citizen_id, purpose)
    if grant is None:
        raise AppError(404, "not_found")
    return grant


async def require_any_grant(db: AsyncSession, officer: Account, citizen_id: str) -> AccessGrant:
    grant = await live_grant(db, officer, citizen_id, None)
    if grant is None or grant.purpose not in ROLE_PURPOSES[officer.role]:
        raise AppError(404, "not_found")
    return grant
