"""Server layer: applications and notifications in the citizen's data export and erasure
(wired in server/app.py)."""

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.accounts.models import Account
from server.applications.models import Application, Notification
from server.applications.views import detail


async def export_applications(db: AsyncSession, account: Account) -> Any:
    rows = await db.scalars(
        select(Application)
        .where(Application.citizen_id == account.id)
        .order_by(Application.submitted_at)
    )
    return [(await detail(db, app)).model_dump(mode="json") for app in rows.all()]


async def erase_applications(db: AsyncSession, account_id: str) -> None:
    await db.execute(delete(Notification).where(Notification.account_id == account_id))
    await db.execute(delete(Application).where(Application.citizen_id == account_id))
