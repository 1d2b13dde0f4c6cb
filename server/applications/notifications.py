"""Server layer: the citizen's inbox — a cheap fingerprint for ETag/304, pages, read marks."""

from sqlalchemy import func, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.applications import NotificationOut, NotificationPage
from server.applications.models import Notification
from server.db import utcnow
from server.errors import AppError
from server.http import keyset_page


async def fingerprint(db: AsyncSession, account_id: str) -> str:
    """Changes whenever a notification arrives or is read: the inbox's ETag."""
    row = (
        await db.execute(
            select(
                func.count(Notification.id),
                func.count(Notification.read_at),
                func.max(Notification.at),
            ).where(Notification.account_id == account_id)
        )
    ).one()
    total, read, latest = row
    stamp = latest.timestamp() if latest is not None else 0
    return f'"n{total}-{read}-{stamp:.6f}"'


async def page(
    db: AsyncSession, account_id: str, before: str | None, limit: int
) -> NotificationPage:
    query = select(Notification).where(Notification.account_id == account_id)
    if before:
        anchor = await db.get(Notification, before)
        if anchor is None or anchor.account_id != account_id:
            raise AppError(404, "not_found")
        query = query.where(tuple_(Notification.at, Notification.id) < (anchor.at, anchor.id))
    order = (Notification.at.desc(), Notification.id.desc())
    rows = list(await db.scalars(query.order_by(*order).limit(limit + 1)))
    shown = keyset_page(rows, limit, lambda n: n.id)  # the anchor is the last id shown
    unread = await db.scalar(
        select(func.count(Notification.id)).where(
            Notification.account_id == account_id, Notification.read_at.is_(None)
        )
    )
    items = [_out(n) for n in shown.items]
    return NotificationPage(items=items, unread=unread or 0, next_before=shown.next_cursor)


def _out(n: Notification) -> NotificationOut:
    return NotificationOut(
        id=n.id,
        at=n.at,
        kind=n.kind,
        application_id=n.application_id,
        visit_id=n.visit_id,
        params={k: str(v) for k, v in n.params.items()},
        read=n.read_at is not None,
    )


async def mark_read(db: AsyncSession, account_id: str, notification_id: str | None) -> None:
    """One notification (404 if not the caller's) or, with None, all of them."""
    query = update(Notification).where(
        Notification.account_id == account_id, Notification.read_at.is_(None)
    )
    if notification_id is not None:
        found = await db.get(Notification, notification_id)
        if found is None or found.account_id != account_id:
            raise AppError(404, "not_found")
        query = query.where(Notification.id == notification_id)
    await db.execute(query.values(read_at=utcnow()))
