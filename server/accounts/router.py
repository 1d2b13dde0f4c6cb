"""Server layer: /api/v1/auth and /api/v1/me endpoints (thin: rules live in the service)."""

from fastapi import APIRouter, Request, Response

from contracts.accounts import (
    AccountOut,
    LoginRequest,
    PasswordChange,
    RegisterRequest,
    SessionInfo,
    SessionOut,
)
from server.accounts import service
from server.deps import AppHooks, AppSettings, CurrentPrincipal, Db, client_address
from server.errors import error_responses

router = APIRouter(tags=["accounts"], responses=error_responses(422))
AUTHED = error_responses(401)


@router.post(
    "/auth/register", status_code=201, responses=error_responses(409), response_model=AccountOut
)
async def register(req: RegisterRequest, db: Db) -> AccountOut:
    account = await service.register(db, req)
    await db.commit()
    return service.account_out(account)


@router.post("/auth/login", responses=error_responses(401, 429), response_model=SessionOut)
async def login(
    req: LoginRequest, request: Request, db: Db, settings: AppSettings, hooks: AppHooks
) -> SessionOut:
    client = client_address(request, settings)
    token = await service.login(db, req, client, settings, hooks.disabled_reasons)
    principal = await service.authenticate(db, token, settings)
    await db.commit()
    return SessionOut(
        token=token,
        expires_at=principal.session.expires_at,
        account=service.account_out(principal.account),
    )


@router.post("/auth/logout", status_code=204, responses=AUTHED)
async def logout(principal: CurrentPrincipal, db: Db) -> Response:
    await service.revoke_session(db, principal, principal.session.id)
    await db.commit()
    return Response(status_code=204)


@router.post("/auth/logout-all", status_code=204, responses=AUTHED)
async def logout_all(principal: CurrentPrincipal, db: Db) -> Response:
    await service.revoke_all(db, principal.account.id)
    await db.commit()
    return Response(status_code=204)


@router.get("/auth/sessions", responses=AUTHED, response_model=list[SessionInfo])
async def sessions(principal: CurrentPrincipal, db: Db) -> list[SessionInfo]:
    return await service.list_sessions(db, principal)


@router.delete("/auth/sessions/{session_id}", status_code=204, responses=error_responses(401, 404))
async def revoke(session_id: str, principal: CurrentPrincipal, db: Db) -> Response:
    await service.revoke_session(db, principal, session_id)
    await db.commit()
    return Response(status_code=204)


@router.get("/me", responses=AUTHED, response_model=AccountOut)
async def me(principal: CurrentPrincipal) -> AccountOut:
    return service.account_out(principal.account)


@router.post("/me/password", status_code=204, responses=error_responses(401, 429))
async def change_password(
    req: PasswordChange,
    request: Request,
    principal: CurrentPrincipal,
    db: Db,
    settings: AppSettings,
) -> Response:
    """New password; this device stays signed in, every other session ends."""
    client = client_address(request, settings)
    await service.change_password(db, principal, req, client, settings)
    await db.commit()
    return Response(status_code=204)
