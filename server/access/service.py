"""Server layer: record staff reads of citizen data and list them for the citizen."""

from collections.abc import Iterable

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.access import AccessLogEntry, AccessLogPage, Purpose
from server.access.models import AccessLog
from server.accounts.models import Account
from server.db import utcnow
from server.errors import AppError
from server.http import keyset_page


def record_access(
    db: AsyncSession,
    citizen_id: str,
    actor: Account,
    purpose: Purpose,
    resource: str,
    fields: Iterable[str],
) -> AccessLog:
    """Add the log row to the caller's transaction: the read and its record commit together."""
    entry = AccessLog(
        citizen_id=citizen_id,
        actor_id=actor.id,
        actor_name=actor.full_name,
        actor_role=actor.role.value,
        agency_code=actor.agency_code,
        purpose=purpose,
        resource=resource,
        fields=sorted(set(fields)),
        at=utcnow(),
    )
    db.add(entry)
    return entry


async def list_for_citizen(
    db: AsyncSession, citizen_id: str, before: str | None, limit: int
) -> AccessLogPage:
    query = select(AccessLog).where(AccessLog.citizen_id == citizen_id)
    if before:
        anchor = await db.get(AccessLog, before)
        if anchor is None or anchor.citizen_id != citizen_id:
            raise AppError(404, "not_found")
        query = query.where(tuple_(AccessLog.at, AccessLog.id) < (anchor.at, anchor.id))
    order = (AccessLog.at.desc(), AccessLog.id.desc())
    rows = list(await db.scalars(query.order_by(*order).limit(limit + 1)))
    page = keyset_page(rows, limit, lambda row: row.id)  # the anchor is the last id shown
    return AccessLogPage(entries=[_out(r) for r in page.items], next_before=page.next_cursor)


def _out(row: AccessLog) -> AccessLogEntry:
    return AccessLogEntry(
        id=row.id,
        at=row.at,
        actor_name=row.actor_name,
        actor_role=row.actor_role,
        agency_code=row.agency_code,
        purpose=row.purpose,
        resource=row.resource,
        fields=list(row.fields),
    )
