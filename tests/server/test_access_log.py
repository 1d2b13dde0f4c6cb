"""Tests: staff reads recorded in the access log, listed newest first to that citizen only."""

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.access import Purpose
from server.access.service import record_access
from server.accounts.models import Account
from tests.builders import login, make_citizen, make_staff


async def test_citizen_sees_who_read_their_data_newest_first(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    citizen, other = await make_citizen(api), await make_citizen(api, full_name="Lain")
    officer = await make_staff(db, full_name="Budi Santoso", agency_code="DUKCAPIL")
    for i in range(5):
        record_access(db, citizen["id"], officer, Purpose.COUNTER_SERVICE, f"profile#{i}", ["nik"])
    record_access(db, other["id"], officer, Purpose.HOME_VISIT, "profile", ["address"])
    await db.commit()
    headers = await login(api, citizen["nik"])
    first = (await api.get("/api/v1/me/access-log?limit=3", headers=headers)).json()
    assert [e["resource"] for e in first["entries"]] == ["profile#4", "profile#3", "profile#2"]
    entry = first["entries"][0]
    assert entry["actor_name"] == "Budi Santoso" and entry["agency_code"] == "DUKCAPIL"
    assert entry["purpose"] == "counter_service" and entry["fields"] == ["nik"]
    rest = await api.get(
        f"/api/v1/me/access-log?limit=3&before={first['next_before']}", headers=headers
    )
    assert [e["resource"] for e in rest.json()["entries"]] == ["profile#1", "profile#0"]
    assert rest.json()["next_before"] is None


async def test_cannot_page_through_another_citizens_log(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    citizen, other = await make_citizen(api), await make_citizen(api, full_name="Lain")
    officer = await make_staff(db)
    entry = record_access(db, other["id"], officer, Purpose.HOME_VISIT, "profile", ["address"])
    await db.commit()
    headers = await login(api, citizen["nik"])
    resp = await api.get(f"/api/v1/me/access-log?before={entry.id}", headers=headers)
    assert resp.status_code == 404


async def test_entry_survives_the_officer_account(api: httpx.AsyncClient, db: AsyncSession) -> None:
    citizen = await make_citizen(api)
    officer = await make_staff(db, full_name="Petugas Lama")
    record_access(db, citizen["id"], officer, Purpose.IDENTITY_CHECK, "qr", ["full_name"])
    await db.commit()
    await db.delete(await db.scalar(select(Account).where(Account.id == officer.id)))
    await db.commit()
    entries = await api.get("/api/v1/me/access-log", headers=await login(api, citizen["nik"]))
    assert entries.json()["entries"][0]["actor_name"] == "Petugas Lama"
