"""Server layer: issuing citizen token batches and officer credentials, and the single-use
exchange of a scanned citizen token for the purpose's profile fields."""

import os
from datetime import datetime, timedelta
from typing import Final

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.identity import (
    WINDOW,
    ExchangeRequest,
    ExchangeResult,
    IdentityClaims,
    IssuedToken,
    OfficerCredential,
    TokenBatch,
    TokenError,
    TokenKind,
    assemble,
    encode_payload,
    verify_token,
)
from contracts.nik import mask_nik
from server.access.service import record_access
from server.accounts.models import Account
from server.errors import AppError
from server.identity import keys
from server.identity.models import IdentitySubject, SigningKey, UsedToken
from server.profile import grants
from server.profile import service as profile_service
from server.profile.models import CitizenProfile

OFFICER_TTL: Final = timedelta(hours=12)  # one shift, like a staff session


async def subject_for(db: AsyncSession, account: Account) -> str:
    """The account's pseudonymous handle (random, stored; not derivable from the id)."""
    found = await db.get(IdentitySubject, account.id)
    if found is not None:
        return found.subject
    fresh = IdentitySubject(account_id=account.id, subject=os.urandom(10).hex())
    try:
        async with db.begin_nested():
            db.add(fresh)
    except IntegrityError:  # a concurrent first batch created it: use theirs
        theirs = await db.get(IdentitySubject, account.id, populate_existing=True)
        assert theirs is not None
        return theirs.subject
    return fresh.subject


def _sign(key: SigningKey, secret: str, claims: IdentityClaims) -> str:
    payload = encode_payload(claims)
    keys.note_signed(key, claims.expires_at)
    return assemble(payload, keys.private_key(key, secret).sign(payload))


async def issue_batch(
    db: AsyncSession, secret: str, account: Account, count: int, now: datetime
) -> TokenBatch:
    """`count` tokens with consecutive windows from now: the app can show one offline."""
    if account.nik is None:  # a citizen account always has one; never sign without
        raise AppError(403, "forbidden")
    key = await keys.active_key(db, secret, now)
    prof = await db.get(CitizenProfile, account.id)
    start = now.replace(microsecond=0)
    base = {
        "kind": TokenKind.CITIZEN,
        "kid": key.kid,
        "subject": await subject_for(db, account),
        "name": account.full_name,
        "verified": profile_service.is_verified(prof),
        "has_photo": bool(prof and prof.photo_document_id),
        "nik_masked": mask_nik(account.nik),
    }
    tokens = []
    for i in range(count):
        nbf = start + i * WINDOW
        claims = IdentityClaims(
            token_id=os.urandom(8).hex(), not_before=nbf, expires_at=nbf + WINDOW, **base
        )
        tokens.append(IssuedToken(token=_sign(key, secret, claims), not_before=nbf,
                                  expires_at=claims.expires_at))  # fmt: skip
    return TokenBatch(tokens=tokens, server_time=now)


async def officer_credential(
    db: AsyncSession, secret: str, officer: Account, now: datetime
) -> OfficerCredential:
    key = await keys.active_key(db, secret, now)
    nbf = now.replace(microsecond=0)
    claims = IdentityClaims(
        kind=TokenKind.OFFICER,
        kid=key.kid,
        token_id=os.urandom(8).hex(),
        subject=await subject_for(db, officer),
        name=officer.full_name,
        verified=True,
        agency_code=officer.agency_code,
        role=officer.role,
        not_before=nbf,
        expires_at=nbf + OFFICER_TTL,
    )
    return OfficerCredential(token=_sign(key, secret, claims), expires_at=claims.expires_at)


async def verify(db: AsyncSession, token: str, now: datetime, kind: TokenKind) -> IdentityClaims:
    """Server-side verification against the published keys; a 422 with the token's code."""
    published = {k.kid: keys.raw_public(k) for k in await keys.published(db, now)}
    try:
        return verify_token(token, published, now, expected_kind=kind)
    except TokenError as exc:
        raise AppError(422, exc.code) from None


async def _consume(db: AsyncSession, claims: IdentityClaims, now: datetime) -> None:
    """Single use: the token id is stored until the token expires; a second use is 409."""
    await db.execute(delete(UsedToken).where(UsedToken.expires_at < now - timedelta(hours=1)))
    try:
        async with db.begin_nested():
            db.add(UsedToken(token_id=claims.token_id, expires_at=claims.expires_at))
    except IntegrityError:
        raise AppError(409, "token_used") from None


async def _holder(db: AsyncSession, subject: str) -> Account:
    account_id = await db.scalar(
        select(IdentitySubject.account_id).where(IdentitySubject.subject == subject)
    )
    return await profile_service.citizen(db, account_id or "")


async def exchange(
    db: AsyncSession, officer: Account, req: ExchangeRequest, now: datetime
) -> ExchangeResult:
    grants.check_purpose(officer, req.purpose)
    claims = await verify(db, req.token, now, TokenKind.CITIZEN)
    citizen = await _holder(db, claims.subject)
    await _consume(db, claims, now)
    grant = grants.create_grant(db, citizen.id, officer, req.purpose, now, claims.token_id)
    allowed = grants.allowed_fields(req.purpose)
    fields, returned = await profile_service.officer_fields(db, citizen, allowed)
    record_access(db, citizen.id, officer, req.purpose, "profile.qr_exchange", returned)
    return ExchangeResult(
        citizen_id=citizen.id,
        claims=claims,
        purpose=req.purpose,
        allowed=sorted(allowed),
        fields=fields,
        grant_expires_at=grant.expires_at,
    )
