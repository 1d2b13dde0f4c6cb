"""Server layer: the wallet in the citizen's data export and erasure (wired in server/app.py)."""

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.accounts.models import Account
from server.documents.models import Document, DocumentContent
from server.documents.service import list_documents


async def export_documents(db: AsyncSession, account: Account) -> Any:
    """Metadata and download links, history included (the bytes stay behind their links so
    the JSON stays small; each file is one GET away for the owner)."""
    wallet = await list_documents(db, account.id, history=True)
    return wallet.model_dump(mode="json")["documents"]


async def erase_documents(db: AsyncSession, account_id: str) -> None:
    ids = select(Document.id).where(Document.citizen_id == account_id)
    await db.execute(delete(DocumentContent).where(DocumentContent.document_id.in_(ids)))
    await db.execute(delete(Document).where(Document.citizen_id == account_id))
