"""Tests: shared fixtures — a migrated database per test (SQLite, and PostgreSQL when configured)
and the real FastAPI app in-process behind httpx's ASGI transport."""

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from server.app import create_app
from server.config import Environment, Settings, normalize_database_url
from server.db import make_engine, make_sessionmaker
from server.migrate import upgrade
from server.models import Base

PG_ENV = "SATUPINTU_TEST_POSTGRES_URL"
REQUIRE_ALL = os.environ.get("SATUPINTU_REQUIRE_ALL") == "1"
T = TypeVar("T")
TEST_SECRET = "test-secret-" + "x" * 40


def run_sync(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion on its own thread and loop (safe inside a running loop)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def skip_or_fail(reason: str) -> None:
    """In CI (SATUPINTU_REQUIRE_ALL=1) a missing backend or browser is a failure, not a skip."""
    if REQUIRE_ALL:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrated once per test session; each test gets a copy."""
    path = tmp_path_factory.mktemp("db") / "template.db"
    run_sync(upgrade(f"sqlite+aiosqlite:///{path}"))
    return path


async def _admin_sql(admin_url: str, sql: str) -> None:
    engine = make_engine(admin_url).execution_options(isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(sql))
    await engine.dispose()


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A database of our own on the configured server, migrated once per test session."""
    base = os.environ.get(PG_ENV)
    if not base:
        skip_or_fail(f"{PG_ENV} is not set")
    admin_url = normalize_database_url(base or "")
    name = f"satupintu_test_{uuid.uuid4().hex[:10]}"
    run_sync(_admin_sql(admin_url, f'CREATE DATABASE "{name}"'))
    url = admin_url.rsplit("/", 1)[0] + "/" + name
    run_sync(upgrade(url))
    yield url
    run_sync(_admin_sql(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _truncate(url: str) -> None:
    engine = make_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    async with engine.begin() as conn:
        await conn.execute(text(f"TRUNCATE {tables} CASCADE"))
    await engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        path = tmp_path / "satupintu.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite+aiosqlite:///{path}"
    url: str = request.getfixturevalue("pg_url")
    run_sync(_truncate(url))
    return url


@pytest.fixture
def settings(db_url: str) -> Settings:
    return Settings(env=Environment.TEST, database_url=db_url, secret_key=TEST_SECRET)


@pytest.fixture
async def api(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The real app in-process; raise_app_exceptions=False so a 500 is seen as a response."""
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client
    await app.state.engine.dispose()


@pytest.fixture
async def db(settings: Settings) -> AsyncIterator[AsyncSession]:
    """A direct session on the same database, for arranging and inspecting state."""
    engine = make_engine(settings.database_url)
    async with make_sessionmaker(engine)() as session:
        yield session
    await engine.dispose()
