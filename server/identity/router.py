"""Server layer: /.well-known/jwks.json and /api/v1/identity (token batches, exchange,
officer credential)."""

import hashlib
from typing import Annotated

from fastapi import APIRouter, Header, Response

from contracts.identity import (
    ExchangeRequest,
    ExchangeResult,
    Jwks,
    OfficerCredential,
    TokenBatch,
    TokenBatchRequest,
)
from server.db import utcnow
from server.deps import AppSettings, CurrentCitizen, CurrentOfficer, Db
from server.errors import error_responses
from server.http import etag_matches
from server.identity import keys, service

router = APIRouter(tags=["identity"], responses=error_responses(401, 422))
wellknown = APIRouter(tags=["identity"])
JWKS_MAX_AGE = 300  # verifiers refresh within 5 minutes; a rotation publishes the key at once


@wellknown.get(
    "/.well-known/jwks.json",
    response_model=Jwks,
    responses={304: {"description": "Not modified (If-None-Match)"}},
)
async def jwks(
    db: Db,
    settings: AppSettings,
    if_none_match: Annotated[str | None, Header(max_length=200)] = None,
) -> Response:
    now = utcnow()
    await keys.active_key(db, settings.secret_key, now)  # the first key exists before use
    body = Jwks(keys=[keys.to_jwk(k) for k in await keys.published(db, now)])
    await db.commit()
    raw = body.model_dump_json().encode()
    etag = '"' + hashlib.sha256(raw).hexdigest()[:32] + '"'
    headers = {"ETag": etag, "Cache-Control": f"public, max-age={JWKS_MAX_AGE}"}
    if etag_matches(if_none_match, etag):
        return Response(status_code=304, headers=headers)
    return Response(raw, media_type="application/json", headers=headers)


@router.post("/identity/tokens", response_model=TokenBatch, responses=error_responses(403))
async def tokens(
    req: TokenBatchRequest, citizen: CurrentCitizen, db: Db, settings: AppSettings
) -> TokenBatch:
    batch = await service.issue_batch(db, settings.secret_key, citizen, req.count, utcnow())
    await db.commit()
    return batch


@router.post(
    "/identity/exchange",
    response_model=ExchangeResult,
    responses=error_responses(403, 404, 409),
)
async def exchange(req: ExchangeRequest, officer: CurrentOfficer, db: Db) -> ExchangeResult:
    result = await service.exchange(db, officer, req, utcnow())
    await db.commit()  # token use, grant, and access-log entry commit together
    return result


@router.get(
    "/identity/officer-credential",
    response_model=OfficerCredential,
    responses=error_responses(403),
)
async def officer_credential(
    officer: CurrentOfficer, db: Db, settings: AppSettings
) -> OfficerCredential:
    cred = await service.officer_credential(db, settings.secret_key, officer, utcnow())
    await db.commit()
    return cred
