"""Tests: the worked example in docs/identity-token.md — stdlib + cryptography only — verifies
the server's real tokens, independently of contracts/identity.py."""

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.identity import b45decode, b45encode, parse_token
from server.db import utcnow
from tests.server.identity_helpers import citizen_with_tokens, officer

DOC = Path(__file__).parents[2] / "docs" / "identity-token.md"


def _doc_verifier() -> Any:
    text = DOC.read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert len(blocks) == 1, "the doc has one worked example"
    namespace: dict[str, Any] = {}
    exec(compile(blocks[0], str(DOC), "exec"), namespace)
    return namespace["verify_satupintu_token"]


async def test_doc_example_verifies_server_tokens(api: httpx.AsyncClient, db: AsyncSession) -> None:
    verify = _doc_verifier()
    c = await citizen_with_tokens(api, count=1, full_name="Ni Luh Putu Ayu Sekar Kinasih")
    o = await officer(db, api, full_name="Budi Santoso", agency_code="DUKCAPIL")
    jwks = (await api.get("/.well-known/jwks.json")).json()
    token = c["tokens"][0]["token"]
    claims = verify(token, jwks)
    ours = parse_token(token).claims
    assert claims["kind"] == "citizen" and claims["version"] == 1
    assert claims["name"] == ours.name == "Ni Luh Putu Ayu Sekar Kinasih"
    assert claims["nik_masked"] == c["nik"][:4] + "********" + c["nik"][12:]
    assert (claims["token_id"], claims["subject"], claims["kid"]) == (
        ours.token_id,
        ours.subject,
        ours.kid,
    )
    assert claims["expires"] == ours.expires_at and claims["not_before"] == ours.not_before
    cred = (await api.get("/api/v1/identity/officer-credential", headers=o["headers"])).json()
    officer_claims = verify(cred["token"], jwks)
    assert officer_claims["kind"] == "officer" and officer_claims["agency"] == "DUKCAPIL"
    assert officer_claims["name"] == "Budi Santoso" and officer_claims["role"] == 1


async def test_doc_example_refuses_bad_tokens(api: httpx.AsyncClient) -> None:
    verify = _doc_verifier()
    c = await citizen_with_tokens(api, count=1)
    jwks = (await api.get("/.well-known/jwks.json")).json()
    token = c["tokens"][0]["token"]
    raw = bytearray(b45decode(token[4:]))
    raw[30] ^= 0x80
    with pytest.raises(ValueError, match="bad signature"):
        verify(token[:4] + b45encode(bytes(raw)), jwks)
    with pytest.raises(ValueError, match="unknown key"):
        verify(token, {"keys": []})
    late = utcnow().replace(year=utcnow().year + 1)
    with pytest.raises(ValueError, match="validity"):
        verify(token, jwks, late)
