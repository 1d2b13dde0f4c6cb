"""Server layer: /health — liveness plus a database round trip."""

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import text

from server.deps import Db

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    database: str


@router.get("/health", response_model=Health)
async def health(db: Db) -> Health:
    await db.execute(text("SELECT 1"))
    return Health(status="ok", database="ok")
