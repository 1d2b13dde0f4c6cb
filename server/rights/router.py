"""Server layer: GET /api/v1/me/export, POST /api/v1/me/deletion-request and
POST /api/v1/auth/cancel-deletion (UU PDP)."""

from fastapi import APIRouter, Request, Response

from contracts.accounts import LoginRequest, PasswordConfirm, SessionOut
from contracts.profile import DataExport, DeletionScheduled
from server.accounts.service import account_out, authenticate
from server.db import utcnow
from server.deps import AppHooks, AppSettings, CurrentCitizen, CurrentPrincipal, Db, client_address
from server.errors import error_responses
from server.rights import service

router = APIRouter(tags=["data rights"], responses=error_responses(401))


@router.get("/me/export", response_model=DataExport)
async def export(
    principal: CurrentPrincipal, db: Db, hooks: AppHooks, response: Response
) -> DataExport:
    now = utcnow()
    data = await service.export(db, principal.account, now, hooks.exporters)
    await db.commit()
    name = f"satupintu-data-saya-{now.astimezone(service.WIB).date().isoformat()}.json"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return data


@router.post(
    "/me/deletion-request",
    status_code=202,
    response_model=DeletionScheduled,
    responses=error_responses(403, 409, 422, 429),
)
async def deletion_request(
    req: PasswordConfirm,
    request: Request,
    citizen: CurrentCitizen,
    db: Db,
    settings: AppSettings,
) -> DeletionScheduled:
    """Needs the account's password again; a wrong one is 422 on `password`."""
    client = client_address(request, settings)
    scheduled = await service.request_deletion(db, citizen, req.password, client, settings)
    await db.commit()
    return scheduled


@router.post(
    "/auth/cancel-deletion",
    response_model=SessionOut,
    responses=error_responses(409, 422, 429),
)
async def cancel_deletion(
    req: LoginRequest, request: Request, db: Db, settings: AppSettings
) -> SessionOut:
    """The citizen takes back their own pending deletion (NIK + password, as at login) and
    is signed in again."""
    client = client_address(request, settings)
    token = await service.cancel_own_deletion(db, req, client, settings)
    principal = await authenticate(db, token, settings)
    await db.commit()
    return SessionOut(
        token=token, expires_at=principal.session.expires_at, account=account_out(principal.account)
    )
