"""Tests: the migrations build exactly the schema the models declare, and can be undone."""

from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from server.db import make_engine
from server.migrate import downgrade, upgrade
from server.models import Base


def _diff(sync_conn: Any) -> list[Any]:
    context = MigrationContext.configure(sync_conn, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def _tables(url: str) -> list[str]:
    engine = make_engine(url)
    async with engine.connect() as conn:
        tables: list[str] = await conn.run_sync(lambda c: inspect(c).get_table_names())
    await engine.dispose()
    return sorted(tables)


async def test_migrated_schema_matches_models(db_url: str) -> None:
    engine = make_engine(db_url)
    async with engine.connect() as conn:
        assert await conn.run_sync(_diff) == []
    await engine.dispose()


async def test_downgrade_to_base_and_up_again(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'm.db'}"
    await upgrade(url)
    await downgrade(url, "base")
    assert await _tables(url) == ["alembic_version"]
    await upgrade(url)
    assert set(await _tables(url)) >= {"accounts", "auth_sessions", "login_throttles"}
