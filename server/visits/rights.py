"""Server layer: visits in the citizen's data export and erasure (wired in server/app.py)."""

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.accounts.models import Account
from server.visits import teams
from server.visits.models import Visit
from server.visits.views import detail
from server.visits.workflow import HOLDING


async def export_visits(db: AsyncSession, account: Account) -> Any:
    rows = await db.scalars(
        select(Visit).where(Visit.citizen_id == account.id).order_by(Visit.requested_at)
    )
    return [(await detail(db, v)).model_dump(mode="json") for v in rows.all()]


async def erase_visits(db: AsyncSession, account_id: str) -> None:
    """The citizen's visits with their update records and notifications (cascade); a place a
    scheduled visit held on a team's day is given back first."""
    held = await db.execute(
        select(Visit.team_id, Visit.scheduled_date).where(
            Visit.citizen_id == account_id,
            Visit.team_id.is_not(None),
            Visit.status.in_(HOLDING),
        )
    )
    for team_id, day in held.all():
        if team_id is not None and day is not None:
            await teams.release_place(db, team_id, day)
    await db.execute(delete(Visit).where(Visit.citizen_id == account_id))
