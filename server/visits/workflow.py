"""Server layer: the one way a visit's status changes — the transition checked against
contracts.visits.VISIT_TRANSITIONS, an update record, the citizen's notification and the team
day's places, all in the caller's transaction."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.applications import Actor, NotificationKind
from contracts.visits import (
    DayWindow,
    NotCompletedReason,
    PreferredDate,
    VisitAction,
    VisitStatus,
    next_status,
)
from server.accounts.models import Account
from server.applications.models import Notification
from server.db import utcnow
from server.errors import AppError
from server.visits import teams
from server.visits.models import FieldTeam, Visit, VisitUpdate

# a visit in these statuses holds its place on its team's day (team_days.booked counts them)
HOLDING = frozenset(
    {VisitStatus.SCHEDULED, VisitStatus.ON_THE_WAY, VisitStatus.ARRIVED, VisitStatus.COMPLETED}
)
_RELEASE = frozenset({VisitAction.CANCEL, VisitAction.ASK_NEW_DATE, VisitAction.NOT_COMPLETE})
_FORGET_DAY = frozenset({VisitAction.CANCEL, VisitAction.ASK_NEW_DATE})


@dataclass(frozen=True)
class Step:
    """Who does what to a visit, and what they said or chose."""

    action: VisitAction
    actor: Account
    note: str | None = None
    reason: NotCompletedReason | None = None
    team: FieldTeam | None = None  # schedule / reschedule
    day: date | None = None
    window: DayWindow | None = None
    preferred: tuple[PreferredDate, ...] = ()  # request / ask_new_date
    occurred_at: datetime | None = None  # field actions done offline


def target(visit: Visit, action: VisitAction) -> VisitStatus:
    """The status `action` leads to from the visit's, or 409 visit_state."""
    if action is VisitAction.REQUEST:
        if visit.status is not None:
            raise AppError(409, "visit_state")
        return VisitStatus.REQUESTED
    to = next_status(action, VisitStatus(visit.status))
    if to is None:
        raise AppError(409, "visit_state")
    return to


async def apply(db: AsyncSession, visit: Visit, step: Step) -> VisitUpdate:
    """Check the transition, move the team day's places, set the status and add the update
    record and the notification. A full team day (409) leaves nothing changed."""
    to = target(visit, step.action)
    from_status = None if visit.status is None else VisitStatus(visit.status)
    await _places(db, visit, step)
    now = utcnow()
    update = VisitUpdate(
        visit_id=visit.id,
        at=now,
        occurred_at=step.occurred_at,
        action=step.action,
        from_status=from_status,
        to_status=to,
        actor=Actor.OFFICER if step.actor.role.is_staff else Actor.CITIZEN,
        actor_id=step.actor.id,
        actor_name=step.actor.full_name if step.actor.role.is_staff else None,
        note=step.note,
        reason=step.reason,
        date=step.day,
        window=step.window,
        preferred=[p.model_dump(mode="json") for p in step.preferred],
    )
    visit.status, visit.updated_at = to, now
    if step.reason is not None:
        visit.not_completed_reason = step.reason
    db.add(update)
    db.add(_notification(visit, step, now))
    return update


async def _places(db: AsyncSession, visit: Visit, step: Step) -> None:
    if step.action in (VisitAction.SCHEDULE, VisitAction.RESCHEDULE):
        await _book(db, visit, step)
    elif step.action in _RELEASE:
        await _release(db, visit)
        if step.action in _FORGET_DAY:
            visit.team_id = visit.scheduled_date = visit.window = None
            visit.plan_position = visit.planned_arrival = None


async def _book(db: AsyncSession, visit: Visit, step: Step) -> None:
    assert step.team is not None and step.day is not None and step.window is not None
    held = (visit.team_id, visit.scheduled_date)
    if held != (step.team.id, step.day):
        await teams.take_place(db, step.team, step.day)  # 409 first: nothing released yet
        await _release(db, visit)
        visit.plan_position = visit.planned_arrival = None  # a new day: plan it again
    visit.team_id, visit.scheduled_date, visit.window = step.team.id, step.day, step.window


async def _release(db: AsyncSession, visit: Visit) -> None:
    if visit.team_id is not None and visit.scheduled_date is not None:
        await teams.release_place(db, visit.team_id, visit.scheduled_date)


def _notification(visit: Visit, step: Step, at: datetime) -> Notification:
    params = {
        "number": visit.number,
        "status": VisitStatus(visit.status).value,
        "action": step.action.value,
    }
    if visit.scheduled_date is not None and visit.window is not None:
        params |= {"date": visit.scheduled_date.isoformat(), "window": str(visit.window)}
    return Notification(
        account_id=visit.citizen_id,
        at=at,
        kind=NotificationKind.VISIT_STATUS,
        visit_id=visit.id,
        params=params,
    )
