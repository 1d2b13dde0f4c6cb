"""Tests: data export (everything about the caller, nothing of others), deletion request,
purge after the grace period, and the admin commands for keys and deletion."""

import asyncio
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import Sex
from server.access.models import AccessLog
from server.accounts.models import Account, AuthSession
from server.app import wiring
from server.cli import main
from server.db import utcnow
from server.identity.models import SigningKey
from server.profile.models import CitizenProfile, FamilyMember
from server.rights import service
from server.rights.models import DeletionRequest
from tests.builders import PASSWORD, make_nik
from tests.conftest import TEST_SECRET
from tests.server.identity_helpers import citizen_with_tokens, exchange, officer

CONFIRM = {"password": PASSWORD}

ERASERS = wiring().erasers  # as the app factory wires them


async def _family(api: httpx.AsyncClient, headers: dict[str, str], name: str) -> str:
    nik = make_nik(birth=date(1950, 5, 17), sex=Sex.MALE)
    member = {"full_name": name, "nik": nik, "birth_date": "1950-05-17", "relationship": "parent"}
    resp = await api.post("/api/v1/me/family", json=member, headers=headers)
    assert resp.status_code == 201
    return nik


async def test_export_holds_everything_about_me_and_nothing_of_others(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    me = await citizen_with_tokens(api)
    other = await citizen_with_tokens(api, full_name="Dewi Lestari")
    my_parent = await _family(api, me["headers"], "Slamet")
    their_parent = await _family(api, other["headers"], "Paijo")
    o = await officer(db, api, full_name="Budi Santoso")
    await exchange(api, o["headers"], me["tokens"][0]["token"], "home_visit")
    await exchange(api, o["headers"], other["tokens"][0]["token"], "home_visit")
    resp = await api.get("/api/v1/me/export", headers=me["headers"])
    assert resp.status_code == 200
    data = resp.json()
    sections = data["sections"]
    assert {"account", "profile", "family", "sessions", "access_log", "access_grants"} <= set(
        sections
    )
    assert sections["account"]["nik"] == me["nik"] and sections["profile"]["nik"] == me["nik"]
    assert [m["nik"] for m in sections["family"]] == [my_parent]  # full NIK in the export
    assert len(sections["access_log"]) == 1 and len(sections["access_grants"]) == 1
    assert sections["sessions"] and sections["access_log"][0]["actor_name"] == "Budi Santoso"
    text = resp.text
    for foreign in (other["nik"], their_parent, "Dewi Lestari", "Paijo", other["id"]):
        assert foreign not in text


async def test_deletion_revokes_sessions_and_purge_erases_after_grace(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    me = await citizen_with_tokens(api)
    await _family(api, me["headers"], "Slamet")
    o = await officer(db, api)
    await exchange(api, o["headers"], me["tokens"][0]["token"], "identity_check")
    resp = await api.post("/api/v1/me/deletion-request", json=CONFIRM, headers=me["headers"])
    assert resp.status_code == 202
    scheduled = resp.json()["scheduled_for"]
    assert (await api.get("/api/v1/me", headers=me["headers"])).status_code == 401
    login = await api.post("/api/v1/auth/login", json={"login": me["nik"], "password": PASSWORD})
    assert login.status_code == 403  # the right password on an account pending deletion
    # before the grace period ends nothing is erased
    assert await service.purge_deleted(db, utcnow(), ERASERS) == (0, 0)
    await db.commit()
    later = utcnow() + timedelta(days=31)
    assert scheduled < later.isoformat()
    assert await service.purge_deleted(db, later, ERASERS) == (1, 0)
    await db.commit()
    db.expire_all()
    account = await db.get(Account, me["id"])
    assert account is not None and account.nik is None and account.full_name == "Akun dihapus"
    assert account.phone is None and account.birth_date is None
    for model, col in ((CitizenProfile, CitizenProfile.account_id),
                       (FamilyMember, FamilyMember.citizen_id),
                       (AuthSession, AuthSession.account_id)):  # fmt: skip
        assert (await db.scalars(select(model).where(col == me["id"]))).all() == []
    # the access log stays (accountability of staff) until its own retention ends
    assert (await db.scalars(select(AccessLog).where(AccessLog.citizen_id == me["id"]))).all()
    much_later = later + service.ACCESS_LOG_RETENTION + timedelta(days=1)
    assert await service.purge_deleted(db, much_later, ERASERS) == (0, 1)
    await db.commit()
    db.expire_all()
    assert await db.get(Account, me["id"]) is None
    assert (await db.scalars(select(AccessLog).where(AccessLog.citizen_id == me["id"]))).all() == []
    # the NIK is free again
    again = await api.post(
        "/api/v1/auth/register",
        json={"nik": me["nik"], "full_name": "Siti Aminah", "birth_date": "1990-01-01",
              "sex": "female", "phone": "081234567890", "password": PASSWORD},
    )  # fmt: skip
    assert again.status_code == 201


async def test_staff_cannot_request_deletion(api: httpx.AsyncClient, db: AsyncSession) -> None:
    o = await officer(db, api)
    resp = await api.post("/api/v1/me/deletion-request", json=CONFIRM, headers=o["headers"])
    assert resp.status_code == 403


@pytest.fixture
def cli_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("SATUPINTU_DATABASE_URL", url)
    monkeypatch.setenv("SATUPINTU_ENV", "test")
    monkeypatch.setenv("SATUPINTU_SECRET_KEY", TEST_SECRET)
    return url


def test_cli_rotate_purge_and_cancel(cli_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["admin", "rotate-keys"]) == 0
    assert main(["admin", "rotate-keys"]) == 0
    out = capsys.readouterr().out
    assert out.count("New signing key") == 2
    assert "retired: none" not in out.splitlines()[-1]  # the unused first key retired at once
    assert main(["admin", "purge-deleted"]) == 0
    assert "Erased 0 account(s)" in capsys.readouterr().out
    assert main(["admin", "cancel-deletion", "--nik", "3579014101900001"]) == 2


async def test_cancel_deletion_restores_login(api: httpx.AsyncClient, db: AsyncSession) -> None:
    me = await citizen_with_tokens(api)
    await api.post("/api/v1/me/deletion-request", json=CONFIRM, headers=me["headers"])
    assert await service.cancel_deletion(db, me["nik"])
    await db.commit()
    assert await db.get(DeletionRequest, me["id"]) is None
    login = await api.post("/api/v1/auth/login", json={"login": me["nik"], "password": PASSWORD})
    assert login.status_code == 200
    assert (await db.scalars(select(SigningKey))).all()


async def test_parallel_deletion_requests_schedule_once(api: httpx.AsyncClient) -> None:
    me = await citizen_with_tokens(api)
    answers = await asyncio.gather(
        *[
            api.post("/api/v1/me/deletion-request", json=CONFIRM, headers=me["headers"])
            for _ in range(3)
        ]
    )
    codes = sorted(r.status_code for r in answers)
    assert codes[0] == 202 and all(c in (401, 409) for c in codes[1:]), codes
