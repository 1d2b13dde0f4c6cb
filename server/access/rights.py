"""Server layer: the access log ("who read my data") in the citizen's data export (wired in
server/app.py; the log outlives erasure for its term, see docs/data-rights.md)."""

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from server.access.service import list_for_citizen
from server.accounts.models import Account


async def export_access_log(db: AsyncSession, account: Account) -> Any:
    entries, before = [], None
    while True:
        page = await list_for_citizen(db, account.id, before, 100)
        entries += [e.model_dump(mode="json") for e in page.entries]
        if page.next_before is None:
            return entries
        before = page.next_before
