"""Tests: login rate limiting per account and per client, and that the owner gets back in."""

from datetime import timedelta

import httpx
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from server.accounts.models import LoginThrottle
from server.config import Settings
from server.db import utcnow
from tests.builders import PASSWORD, make_citizen, make_nik


async def _try(api: httpx.AsyncClient, login: str, password: str = "salah123") -> httpx.Response:
    return await api.post("/api/v1/auth/login", json={"login": login, "password": password})


async def test_account_locks_after_repeated_failures(
    api: httpx.AsyncClient, settings: Settings
) -> None:
    citizen = await make_citizen(api)
    for _ in range(settings.login_max_failures):
        assert (await _try(api, citizen["nik"])).status_code == 401
    locked = await _try(api, citizen["nik"], PASSWORD)  # even the right password waits
    assert locked.status_code == 429
    assert locked.json()["error"]["code"] == "too_many_attempts"
    assert 0 < int(locked.headers["Retry-After"]) <= 60
    assert "menit" in locked.json()["error"]["message"]


async def test_owner_gets_back_in_after_the_lock(
    api: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    citizen = await make_citizen(api)
    for _ in range(settings.login_max_failures):
        await _try(api, citizen["nik"])
    await db.execute(update(LoginThrottle).values(locked_until=utcnow() - timedelta(seconds=1)))
    await db.commit()
    assert (await _try(api, citizen["nik"], PASSWORD)).status_code == 200


async def test_lock_doubles_but_is_capped(
    api: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    citizen = await make_citizen(api)
    waits = []
    for _ in range(settings.login_max_failures + 12):
        resp = await _try(api, citizen["nik"])
        if resp.status_code == 429:
            waits.append(int(resp.headers["Retry-After"]))
            await db.execute(
                update(LoginThrottle).values(locked_until=utcnow() - timedelta(seconds=1))
            )
            await db.commit()
    assert waits == [60, 120, 240, 480, 900, 900]  # doubling, capped at 15 minutes
    assert max(waits) == settings.login_lock_max_minutes * 60


async def test_one_client_guessing_many_accounts_is_slowed(
    api: httpx.AsyncClient, settings: Settings
) -> None:
    for i in range(settings.client_max_failures):
        assert (await _try(api, make_nik(serial=5000 + i))).status_code == 401
    resp = await _try(api, make_nik(serial=6000))
    assert resp.status_code == 429
    assert int(resp.headers["Retry-After"]) <= settings.client_window_minutes * 60
