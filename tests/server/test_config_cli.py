"""Tests: settings refuse weak secrets outside development; `satupintu admin` on a real database."""

import asyncio
from pathlib import Path

import httpx
import pytest
from pydantic import ValidationError

from server.app import create_app
from server.cli import main
from server.config import DEV_SECRET, Environment, Settings
from tests.conftest import TEST_SECRET


@pytest.mark.parametrize("env", [Environment.PRODUCTION, Environment.TEST])
@pytest.mark.parametrize("secret", [DEV_SECRET, "short"])
def test_weak_secret_refused_outside_development(env: Environment, secret: str) -> None:
    with pytest.raises(ValidationError, match="SATUPINTU_SECRET_KEY"):
        Settings(env=env, secret_key=secret)


def test_development_defaults_to_sqlite_in_data_dir(tmp_path: Path) -> None:
    settings = Settings(env=Environment.DEVELOPMENT, data_dir=tmp_path)
    assert settings.database_url == f"sqlite+aiosqlite:///{tmp_path / 'satupintu.db'}"
    plain_pg = Settings(database_url="postgresql://u@h/db")
    assert plain_pg.database_url == "postgresql+asyncpg://u@h/db"


@pytest.fixture
def cli_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("SATUPINTU_DATABASE_URL", url)
    monkeypatch.setenv("SATUPINTU_ENV", "test")
    monkeypatch.setenv("SATUPINTU_SECRET_KEY", TEST_SECRET)
    return url


async def _login(url: str, login: str, password: str) -> httpx.Response:
    app = create_app(Settings(env=Environment.TEST, database_url=url, secret_key=TEST_SECRET))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        resp = await client.post("/api/v1/auth/login", json={"login": login, "password": password})
    await app.state.engine.dispose()
    return resp


def test_seed_demo_is_idempotent(cli_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["admin", "seed-demo"]) == 0
    assert "3579014101900001" in capsys.readouterr().out
    assert main(["admin", "seed-demo"]) == 0
    assert "none (all present)" in capsys.readouterr().out


def test_create_staff_then_log_in(cli_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["admin", "create-staff", "--username", "Petugas.Malang", "--name", "Ani Rahayu"]
    args += ["--role", "back_office", "--agency", "DUKCAPIL", "--district", "350701"]
    assert main([*args, "--password", "kuatsekali9"]) == 0
    assert main([*args, "--password", "kuatsekali9"]) == 2  # the username exists
    assert "exists already" in capsys.readouterr().err

    resp = asyncio.run(_login(cli_db, "petugas.malang", "kuatsekali9"))
    assert resp.status_code == 200
    account = resp.json()["account"]
    assert account["role"] == "back_office" and account["district_codes"] == ["350701"]


def test_create_staff_generates_a_password_when_none_given(
    cli_db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    args = ["admin", "create-staff", "--username", "koor", "--name", "Koor", "--role", "admin"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Generated password (shown once):" in out
    password = out.rsplit(":", 1)[1].strip()

    assert asyncio.run(_login(cli_db, "koor", password)).status_code == 200
