"""Server layer: FastAPI dependencies — settings, database session, caller identity."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession

from server.accounts.service import Principal, authenticate
from server.config import Settings
from server.db import session_scope
from server.errors import AppError

_bearer = HTTPBearer(auto_error=False, description="Session token from /api/v1/auth/login")


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_db(request: Request) -> AsyncIterator[AsyncSession]:
    async with session_scope(request.app.state.sessionmaker) as session:
        request.state.db_info = session.info  # read by the 500 handler (server/errors.py)
        yield session


def client_address(request: Request, settings: Settings) -> str:
    """The caller's address for the login limits. Behind a reverse proxy (trust_forwarded_for)
    it is the last X-Forwarded-For entry, the one the proxy appended: earlier entries come
    from the client and could be anything."""
    if settings.trust_forwarded_for:
        entries = ",".join(request.headers.getlist("x-forwarded-for")).split(",")
        last = next((e.strip() for e in reversed(entries) if e.strip()), "")
        if last:
            return last
    return request.client.host if request.client else "unknown"


async def get_principal(
    request: Request,
    db: Annotated[AsyncSession, Depends(get_db)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise AppError(401, "unauthorized", headers={"WWW-Authenticate": "Bearer"})
    return await authenticate(db, credentials.credentials, get_settings(request))


Db = Annotated[AsyncSession, Depends(get_db)]
CurrentPrincipal = Annotated[Principal, Depends(get_principal)]
AppSettings = Annotated[Settings, Depends(get_settings)]
