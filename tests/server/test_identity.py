"""Tests: token batches, JWKS, the single-use exchange, officer credentials and key rotation."""

import itertools
from datetime import timedelta
from typing import Any

import httpx
import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization as ser
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.identity import TokenKind, b45decode, b45encode, parse_token, verify_token
from server.accounts.models import Account
from server.config import Settings
from server.db import utcnow
from server.identity import keys, service
from server.identity.models import SigningKey
from tests.server.identity_helpers import citizen_with_tokens, exchange, officer


async def _jwks(api: httpx.AsyncClient) -> dict[str, Any]:
    resp = await api.get("/.well-known/jwks.json")
    assert resp.status_code == 200
    data: dict[str, Any] = resp.json()
    return data


async def test_batch_has_consecutive_windows_and_verifies_offline(api: httpx.AsyncClient) -> None:
    c = await citizen_with_tokens(api, count=144)
    tokens = c["tokens"]
    assert len(tokens) == 144
    for a, b in itertools.pairwise(tokens):
        assert a["expires_at"] == b["not_before"]
    jwks = await _jwks(api)
    claims = verify_token(tokens[0]["token"], jwks, utcnow())
    assert claims.kind is TokenKind.CITIZEN and claims.name == "Siti Aminah"
    assert claims.nik_masked == c["nik"][:4] + "********" + c["nik"][12:]
    assert c["id"].replace("-", "") not in claims.subject and not claims.verified
    for t in tokens:  # no raw NIK, and every token fits QR v10-Q alphanumeric
        assert c["nik"] not in t["token"] and len(t["token"]) <= 221
    ids = {parse_token(t["token"]).claims.token_id for t in tokens}
    assert len(ids) == 144


async def test_batch_response_stays_small(api: httpx.AsyncClient) -> None:
    c = await citizen_with_tokens(api, count=1)
    resp = await api.post("/api/v1/identity/tokens", json={"count": 144}, headers=c["headers"])
    assert len(resp.content) < 50_000, len(resp.content)  # 24 h of tokens ≈ 43 KB


async def test_jwks_is_rfc8037_and_cacheable(api: httpx.AsyncClient) -> None:
    resp = await api.get("/.well-known/jwks.json")
    (key,) = resp.json()["keys"]
    assert key | {"x": "", "kid": ""} == {
        "kty": "OKP", "crv": "Ed25519", "use": "sig", "alg": "EdDSA", "x": "", "kid": ""
    }  # fmt: skip
    assert "max-age" in resp.headers["cache-control"]
    again = await api.get("/.well-known/jwks.json", headers={"If-None-Match": resp.headers["etag"]})
    assert again.status_code == 304 and again.content == b""


async def test_exchange_returns_purpose_fields_and_logs_the_read(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    c = await citizen_with_tokens(api)
    o = await officer(db, api, full_name="Budi Santoso", agency_code="DUKCAPIL")
    resp = await exchange(api, o["headers"], c["tokens"][0]["token"], "identity_check")
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["citizen_id"] == c["id"] and body["claims"]["name"] == "Siti Aminah"
    assert body["fields"]["full_name"] == "Siti Aminah"
    # phone is not for this purpose
    assert body["fields"]["phone"] is None and "phone" not in body["allowed"]
    log = (await api.get("/api/v1/me/access-log", headers=c["headers"])).json()["entries"]
    assert log[0]["actor_name"] == "Budi Santoso" and log[0]["purpose"] == "identity_check"
    assert "full_name" in log[0]["fields"] and "phone" not in log[0]["fields"]


async def test_replay_is_refused(api: httpx.AsyncClient, db: AsyncSession) -> None:
    c = await citizen_with_tokens(api)
    o = await officer(db, api)
    token = c["tokens"][0]["token"]
    assert (await exchange(api, o["headers"], token, "counter_service")).status_code == 200
    again = await exchange(api, o["headers"], token, "counter_service")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "token_used"
    assert "sudah dipakai" in again.json()["error"]["message"]


def _flip(token: str, at: int) -> str:
    raw = bytearray(b45decode(token[4:]))
    raw[at] ^= 0x01
    return token[:4] + b45encode(bytes(raw))


async def test_bad_tokens_get_specific_codes(api: httpx.AsyncClient, db: AsyncSession) -> None:
    c = await citizen_with_tokens(api, count=2)
    o = await officer(db, api)
    good = c["tokens"][0]["token"]
    later = c["tokens"][1]["token"]  # valid only from +10 min: beyond the 60 s leeway
    cred = await api.get("/api/v1/identity/officer-credential", headers=o["headers"])
    cases = {
        "token_tampered": _flip(good, 40),
        "token_malformed": "SP1:not a token",
        "token_not_yet_valid": later,
        "token_wrong_kind": cred.json()["token"],
        "token_unknown_key": _flip(good, 3),  # a byte of the key id
    }
    for code, token in cases.items():
        resp = await exchange(api, o["headers"], token, "identity_check")
        assert resp.status_code == 422, (code, resp.text)
        assert resp.json()["error"]["code"] == code


async def test_expired_token_is_refused(
    api: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    c = await citizen_with_tokens(api, count=1)
    o = await officer(db, api)
    # sign a token for a window that ended an hour ago with the server's own key
    account = await db.get(Account, c["id"])
    assert account is not None
    batch = await service.issue_batch(
        db, settings.secret_key, account, 1, utcnow() - timedelta(hours=1)
    )
    await db.commit()
    resp = await exchange(api, o["headers"], batch.tokens[0].token, "identity_check")
    assert resp.json()["error"]["code"] == "token_expired"


async def test_staff_cannot_get_citizen_tokens_and_citizens_cannot_exchange(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    c = await citizen_with_tokens(api)
    o = await officer(db, api)
    resp = await api.post("/api/v1/identity/tokens", json={"count": 1}, headers=o["headers"])
    assert resp.status_code == 403
    resp = await exchange(api, c["headers"], c["tokens"][0]["token"], "identity_check")
    assert resp.status_code == 403
    cred = await api.get("/api/v1/identity/officer-credential", headers=c["headers"])
    assert cred.status_code == 403


async def test_officer_credential_verifies_as_officer(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    o = await officer(db, api, full_name="Budi Santoso", agency_code="DUKCAPIL")
    cred = (await api.get("/api/v1/identity/officer-credential", headers=o["headers"])).json()
    jwks = await _jwks(api)
    claims = verify_token(cred["token"], jwks, utcnow(), expected_kind=TokenKind.OFFICER)
    assert (claims.name, claims.agency_code, claims.role) == ("Budi Santoso", "DUKCAPIL", "field")
    assert claims.expires_at - claims.not_before == timedelta(hours=12)


async def test_rotation_old_key_verifies_until_its_tokens_expire(
    api: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    c = await citizen_with_tokens(api, count=3)
    old = parse_token(c["tokens"][0]["token"]).claims.kid
    now = utcnow()
    new, retired = await keys.rotate(db, settings.secret_key, now)
    await db.commit()
    assert retired == [] and new.kid != old
    jwks = await _jwks(api)
    assert {k["kid"] for k in jwks["keys"]} == {old, new.kid}
    assert verify_token(c["tokens"][0]["token"], jwks, utcnow()).kid == old
    fresh = await api.post("/api/v1/identity/tokens", json={"count": 1}, headers=c["headers"])
    assert parse_token(fresh.json()["tokens"][0]["token"]).claims.kid == new.kid
    # after the old key's last token expired it retires: gone from JWKS, private part wiped
    last = parse_token(c["tokens"][-1]["token"]).claims.expires_at
    assert await keys.retire_due(db, last + timedelta(minutes=2)) == [old]
    await db.commit()
    row = await db.scalar(select(SigningKey).where(SigningKey.kid == old))
    assert row is not None and row.private_key_enc is None
    assert {k["kid"] for k in (await _jwks(api))["keys"]} == {new.kid}


async def test_private_keys_are_encrypted_at_rest(
    api: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    await _jwks(api)
    row = await db.scalar(select(SigningKey))
    assert row is not None and row.private_key_enc is not None
    private = keys.private_key(row, settings.secret_key)
    raw = private.private_bytes(ser.Encoding.Raw, ser.PrivateFormat.Raw, ser.NoEncryption())
    assert raw not in row.private_key_enc and len(row.private_key_enc) == 12 + 32 + 16
    with pytest.raises(InvalidTag):  # AES-GCM refuses a wrong key-encryption key
        keys.private_key(row, "another-secret-" + "y" * 40)
