"""Server layer: FastAPI dependencies — settings, database session, the caller (any account,
the citizen, the officer)."""

from collections.abc import AsyncIterator, Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.text import CONTROL_CODE, has_control
from server.accounts.models import Account
from server.accounts.service import Principal, authenticate
from server.config import Settings
from server.db import session_scope
from server.errors import AppError
from server.hooks import Hooks

_bearer = HTTPBearer(auto_error=False, description="Session token from /api/v1/auth/login")


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_hooks(request: Request) -> Hooks:
    """What features lend each other, as the app factory wired it (server/app.py)."""
    hooks: Hooks = request.app.state.hooks
    return hooks


async def get_db(request: Request) -> AsyncIterator[AsyncSession]:
    async with session_scope(request.app.state.sessionmaker) as session:
        request.state.db_info = session.info  # read by the 500 handler (server/errors.py)
        yield session


def _header_names(dependant: Dependant) -> Iterator[str]:
    yield from (p.alias for p in dependant.header_params)
    for sub in dependant.dependencies:
        yield from _header_names(sub)


def _declared_headers(request: Request) -> list[str]:
    route = request.scope.get("route")
    return list(_header_names(route.dependant)) if isinstance(route, APIRoute) else []


async def refuse_control_characters(request: Request) -> None:
    """Every route: path, query and declared header parameters carry no control character
    (the rule of contracts.text, which request bodies follow), so none reaches the database;
    422 naming each parameter."""
    given = [
        *(("path", k, v) for k, v in request.path_params.items()),
        *(("query", k, v) for k, v in request.query_params.multi_items()),
        *(("header", k, request.headers.get(k, "")) for k in _declared_headers(request)),
    ]
    errors = [
        {"type": CONTROL_CODE, "loc": (where, name), "msg": CONTROL_CODE, "input": None}
        for where, name, value in given
        if isinstance(value, str) and has_control(value)
    ]
    if errors:
        raise RequestValidationError(errors)


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


async def get_citizen(principal: Annotated[Principal, Depends(get_principal)]) -> Account:
    """The calling citizen; a staff account has no citizen data: 403 forbidden."""
    if principal.account.role.is_staff:
        raise AppError(403, "forbidden")
    return principal.account


async def get_officer(principal: Annotated[Principal, Depends(get_principal)]) -> Account:
    """The calling officer (any staff role; finer role rules stay in the features): a citizen
    is 403 forbidden."""
    if not principal.account.role.is_staff:
        raise AppError(403, "forbidden")
    return principal.account


Db = Annotated[AsyncSession, Depends(get_db)]
CurrentPrincipal = Annotated[Principal, Depends(get_principal)]
CurrentCitizen = Annotated[Account, Depends(get_citizen)]
CurrentOfficer = Annotated[Account, Depends(get_officer)]
AppSettings = Annotated[Settings, Depends(get_settings)]
AppHooks = Annotated[Hooks, Depends(get_hooks)]
