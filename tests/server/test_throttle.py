"""Tests: login rate limiting per account, per address and account, and per address; the owner
gets back in, and people sharing an address are not locked out by each other."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from server.accounts.models import LoginThrottle
from server.app import create_app
from server.config import Environment, Settings
from server.db import utcnow
from tests.builders import PASSWORD, make_citizen, make_nik
from tests.conftest import TEST_SECRET

SHARED = "203.0.113.7"  # e.g. a carrier-grade NAT address many citizens share


@pytest.fixture
def settings(db_url: str) -> Settings:
    """The default limits, behind a reverse proxy (the address comes from X-Forwarded-For)."""
    return Settings(
        env=Environment.TEST, database_url=db_url, secret_key=TEST_SECRET, trust_forwarded_for=True
    )


async def _try(
    api: httpx.AsyncClient, login: str, password: str = "salah123", address: str | None = None
) -> httpx.Response:
    headers = {"X-Forwarded-For": address} if address else {}
    body = {"login": login, "password": password}
    return await api.post("/api/v1/auth/login", json=body, headers=headers)


async def _unlock(db: AsyncSession) -> None:
    await db.execute(update(LoginThrottle).values(locked_until=utcnow() - timedelta(seconds=1)))
    await db.commit()


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
    await _unlock(db)
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
            await _unlock(db)
    assert waits == [60, 120, 240, 480, 900, 900]  # doubling, capped at 15 minutes
    assert max(waits) == settings.login_lock_max_minutes * 60


@asynccontextmanager
async def _api_with(settings: Settings, **limits: int) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings.model_copy(update=limits))
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client
    await app.state.engine.dispose()


async def test_one_client_guessing_many_accounts_is_slowed(settings: Settings) -> None:
    """A spray (one try per account) trips the per-address ceiling; other addresses go on.
    (A ceiling of 12 here instead of the default, which takes minutes of password hashing.)"""
    async with _api_with(settings, client_max_failures=12) as api:
        citizen = await make_citizen(api)
        for i in range(12):
            assert (await _try(api, make_nik(serial=5000 + i), address=SHARED)).status_code == 401
        resp = await _try(api, citizen["nik"], PASSWORD, address=SHARED)
        assert resp.status_code == 429
        assert int(resp.headers["Retry-After"]) <= settings.client_window_minutes * 60
        elsewhere = await _try(api, citizen["nik"], PASSWORD, address="198.51.100.2")
        assert elsewhere.status_code == 200


async def test_failures_on_a_shared_address_do_not_lock_out_a_correct_login(
    api: httpx.AsyncClient, settings: Settings
) -> None:
    """Forty failures from one address (the old per-address lock was 30), five against each of
    eight accounts: each of those pairs is locked, but anyone who knows their password still
    gets in from that address, and the guessed accounts' owners from anywhere else."""
    guessed = [await make_citizen(api) for _ in range(8)]
    for citizen in guessed:
        for _ in range(settings.login_max_failures):
            assert (await _try(api, citizen["nik"], address=SHARED)).status_code == 401
    assert (await _try(api, guessed[0]["nik"], PASSWORD, address=SHARED)).status_code == 429
    neighbour = await make_citizen(api)
    assert (await _try(api, neighbour["nik"], PASSWORD, address=SHARED)).status_code == 200
    owner = await _try(api, guessed[0]["nik"], PASSWORD, address="198.51.100.2")
    assert owner.status_code == 200


async def test_one_account_guessed_from_many_addresses_is_locked(
    api: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    """Spread below each pair's limit, the guesses still add up on the account itself: then even
    its owner waits (doubling from one minute), as before."""
    citizen = await make_citizen(api)
    per_address = settings.login_max_failures - 1
    for i in range(settings.account_max_failures):
        address = f"198.51.100.{10 + i // per_address}"
        assert (await _try(api, citizen["nik"], address=address)).status_code == 401
    locked = await _try(api, citizen["nik"], PASSWORD, address="192.0.2.1")
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) == 60
    await _unlock(db)
    assert (await _try(api, citizen["nik"], PASSWORD, address="192.0.2.1")).status_code == 200


async def test_spellings_of_one_nik_share_one_lock(
    api: httpx.AsyncClient, settings: Settings
) -> None:
    """Spaces and padding find the same account, so they count against the same account."""
    citizen = await make_citizen(api)
    nik = citizen["nik"]
    spellings = [nik, f" {nik}", f"{nik[:4]} {nik[4:]}", f"{nik[:6]} {nik[6:12]} {nik[12:]}"]
    for i in range(settings.login_max_failures):
        assert (await _try(api, spellings[i % len(spellings)])).status_code == 401
    assert (await _try(api, nik, PASSWORD)).status_code == 429


async def test_a_forged_forwarded_address_does_not_escape_the_limit(
    api: httpx.AsyncClient, settings: Settings
) -> None:
    """The proxy appends the real address; what the client put before it is ignored."""
    citizen = await make_citizen(api)
    for i in range(settings.login_max_failures):
        forged = f"10.0.0.{i}, {SHARED}"
        assert (await _try(api, citizen["nik"], address=forged)).status_code == 401
    again = await _try(api, citizen["nik"], PASSWORD, address=f"10.9.9.9, {SHARED}")
    assert again.status_code == 429
