"""Tests: helpers for identity/profile tests — a citizen with a token batch, an officer."""

from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from tests.builders import PASSWORD, login, make_citizen, make_staff


async def citizen_with_tokens(api: httpx.AsyncClient, count: int = 2, **kw: Any) -> dict[str, Any]:
    citizen = await make_citizen(api, **kw)
    headers = await login(api, citizen["nik"])
    resp = await api.post("/api/v1/identity/tokens", json={"count": count}, headers=headers)
    assert resp.status_code == 200, resp.text
    return citizen | {"headers": headers, "tokens": resp.json()["tokens"]}


async def officer(db: AsyncSession, api: httpx.AsyncClient, **kw: Any) -> dict[str, Any]:
    account = await make_staff(db, **kw)
    assert account.username is not None
    return {"account": account, "headers": await login(api, account.username, PASSWORD)}


async def exchange(
    api: httpx.AsyncClient, headers: dict[str, str], token: str, purpose: str
) -> httpx.Response:
    return await api.post(
        "/api/v1/identity/exchange", json={"token": token, "purpose": purpose}, headers=headers
    )
