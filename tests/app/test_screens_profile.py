"""Screen tests: profile, family members, access log and data rights against the real API."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import flet as ft
import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.main import build_main
from app.services.access_api import PAGE_SIZE
from app.services.i18n import Catalog
from app.services.tokens import TOKEN_KEY
from app.settings import AppSettings
from contracts.access import Purpose
from server.access.service import record_access
from tests.app.harness import FletHarness
from tests.builders import login, make_citizen, make_staff

NIK = "3579014101900001"  # a woman born 1990-01-01, district 35.79.01 (Batu, Kota Batu)
BASE_URL = "http://testserver"
CATALOG = Catalog.load()

MakeMain = Callable[..., Callable[[ft.Page], Any]]


def t(key: str, language: str = "id", **params: object) -> str:
    text = CATALOG.text(language, key, **params)
    assert text != key, f"catalog key {key!r} missing"
    return text


@pytest.fixture
def db_url(tmp_path: Path, sqlite_template: Path) -> str:
    """Screen tests run on SQLite only (overrides the sqlite+postgres parametrisation)."""
    path = tmp_path / "satupintu.db"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture
def make_main(api: httpx.AsyncClient) -> MakeMain:
    def make(http: httpx.AsyncClient | None = None, language: str = "id") -> Any:
        settings = AppSettings(api_url=BASE_URL, language=language, device_name="pytest")
        return build_main(settings, http=http or api)

    return make


async def signed_in(make_main: MakeMain, api: httpx.AsyncClient, route: str) -> FletHarness:
    """A returning citizen (token on the device) opening `route` at 360 px."""
    citizen = await make_citizen(api, nik=NIK, full_name="Siti Aminah")
    auth = await login(api, NIK)
    h = FletHarness(make_main(), route=route, width=360, height=640)
    h.secure_storage[TOKEN_KEY] = auth["Authorization"].removeprefix("Bearer ")
    h.citizen = citizen  # type: ignore[attr-defined]
    return h


def entry_ids(h: FletHarness) -> list[str]:
    return [
        str(c.key)
        for c in h.find_all(type=ft.Card)
        if str(c.key or "").startswith("access-log-entry-")
    ]


# ---------------------------------------------------------------- access log


async def test_access_log_lists_reads_newest_first_and_pages(
    make_main: MakeMain, api: httpx.AsyncClient, db: AsyncSession
) -> None:
    citizen = await make_citizen(api, nik=NIK, full_name="Siti Aminah")
    officer = await make_staff(db, full_name="Budi Santoso", agency_code="DUKCAPIL")
    start = datetime(2026, 3, 1, 1, 0, tzinfo=UTC)
    total = PAGE_SIZE + 5
    for i in range(total):
        entry = record_access(
            db,
            citizen["id"],
            officer,
            Purpose.IDENTITY_CHECK if i < total - 1 else Purpose.HOME_VISIT,
            "profile",
            ["full_name", "birth_date"],
        )
        entry.at = start + timedelta(minutes=i)
    await db.commit()
    auth = await login(api, NIK)

    h = FletHarness(make_main(), route="/home", width=360, height=640)
    h.secure_storage[TOKEN_KEY] = auth["Authorization"].removeprefix("Bearer ")
    async with h:
        h.assert_accessible()  # the home tiles too
        await h.click(identifier="home-tile-access-log")
        assert h.route == "/home/access-log", h.outline()
        h.assert_accessible()
        assert len(entry_ids(h)) == PAGE_SIZE
        newest = h.text_of(identifier="access-log-entry-0")
        assert "Budi Santoso" in newest
        assert t("access.purpose.home_visit") in newest  # the last read comes first
        assert "DUKCAPIL" in newest and t("role.field") in newest
        assert t("access.field.full_name") in newest and t("access.field.birth_date") in newest
        # local time of the device (tests run with the machine's zone)
        local = (start + timedelta(minutes=total - 1)).astimezone()
        assert f"{local.day} {t(f'access.month.{local.month}')} {local.year}" in newest
        assert local.strftime("%H.%M") in newest
        assert t("access.purpose.identity_check") in h.text_of(identifier="access-log-entry-1")

        await h.click(identifier="access-log-more")
        assert len(entry_ids(h)) == total
        assert not h.exists(identifier="access-log-more")  # last page
        assert entry_ids(h)[-1] == f"access-log-entry-{total - 1}"
        h.assert_accessible()


async def test_access_log_empty_state(make_main: MakeMain, api: httpx.AsyncClient) -> None:
    h = await signed_in(make_main, api, "/home/access-log")
    async with h:
        assert h.route == "/home/access-log", h.outline()
        assert h.text_of(identifier="access-log-empty") == t("access.empty")
        assert not h.exists(identifier="access-log-more")
        h.assert_accessible()
