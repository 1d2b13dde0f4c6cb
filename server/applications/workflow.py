"""Server layer: the one way an application's status changes — an update record and a
notification written in the same transaction as the new status."""

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.applications import Actor, ApplicationStatus, NotificationKind, RevisionItem
from server.accounts.models import Account
from server.applications.models import Application, ApplicationUpdate, Notification
from server.db import utcnow

_OFFICERS_TURN = frozenset(
    {ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW, ApplicationStatus.PROCESSING}
)


@dataclass(frozen=True)
class Change:
    """Who changes an application to which status, and what they said."""

    to: ApplicationStatus
    actor: Account
    note: str | None = None
    items: tuple[RevisionItem, ...] = ()


def _actor(account: Account) -> Actor:
    return Actor.OFFICER if account.role.is_staff else Actor.CITIZEN


def record_change(db: AsyncSession, app: Application, change: Change) -> ApplicationUpdate:
    """Set the new status and add its update record and the citizen's notification."""
    now = utcnow()
    from_status = None if app.status is None else ApplicationStatus(app.status)
    update = ApplicationUpdate(
        application_id=app.id,
        at=now,
        from_status=from_status,
        to_status=change.to,
        actor=_actor(change.actor),
        actor_id=change.actor.id,
        actor_name=change.actor.full_name if change.actor.role.is_staff else None,
        note=change.note,
        items=[i.model_dump() for i in change.items],
    )
    app.status = change.to
    app.with_officer = change.to in _OFFICERS_TURN
    app.updated_at = now
    db.add(update)
    db.add(_notification(app, now))
    return update


def _notification(app: Application, at: object) -> Notification:
    params = {
        "tracking_number": app.tracking_number,
        "status": ApplicationStatus(app.status).value,
        "service_name_id": str(app.service_name.get("id", "")),
        "service_name_en": str(app.service_name.get("en", "")),
    }
    return Notification(
        account_id=app.citizen_id,
        at=at,
        kind=NotificationKind.APPLICATION_STATUS,
        application_id=app.id,
        params=params,
    )
