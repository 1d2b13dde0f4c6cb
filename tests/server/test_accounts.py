"""Tests: registration, login, sessions and logout through the real API on a migrated database."""

from datetime import date, timedelta

import httpx
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import Role, Sex
from server.accounts.models import Account, AuthSession
from server.db import utcnow
from tests.builders import PASSWORD, citizen_payload, login, make_citizen, make_nik, make_staff


async def test_register_returns_masked_account(api: httpx.AsyncClient) -> None:
    payload = citizen_payload(phone="0812 3456 7890", full_name="  Siti   Aminah ")
    resp = await api.post("/api/v1/auth/register", json=payload)
    assert resp.status_code == 201, resp.text
    body = resp.json()
    assert body["role"] == "citizen"
    assert body["full_name"] == "Siti Aminah"
    assert body["phone"] == "+6281234567890"
    assert body["nik_masked"] == payload["nik"][:4] + "********" + payload["nik"][12:]
    assert payload["nik"] not in resp.text


async def test_password_is_argon2id_and_token_never_stored(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    citizen = await make_citizen(api)
    headers = await login(api, citizen["nik"])
    account = await db.scalar(select(Account).where(Account.nik == citizen["nik"]))
    assert account is not None and account.password_hash.startswith("$argon2id$")
    token = headers["Authorization"].split()[1]
    hashes = (await db.scalars(select(AuthSession.token_hash))).all()
    assert len(hashes) == 1 and token not in hashes[0] and len(hashes[0]) == 64


async def test_duplicate_nik_is_409_and_no_second_row(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    citizen = await make_citizen(api)
    again = citizen_payload(nik=citizen["nik"], full_name="Orang Lain")
    resp = await api.post("/api/v1/auth/register", json=again)
    assert resp.status_code == 409
    assert resp.json()["error"]["code"] == "nik_taken"
    assert "sudah terdaftar" in resp.json()["error"]["message"]
    rows = (await db.scalars(select(Account).where(Account.nik == citizen["nik"]))).all()
    assert len(rows) == 1


async def test_validation_errors_name_each_field_in_indonesian(api: httpx.AsyncClient) -> None:
    payload = citizen_payload(nik="1234", phone="12345", password="pendek", full_name="R2D2")
    resp = await api.post("/api/v1/auth/register", json=payload)
    assert resp.status_code == 422
    error = resp.json()["error"]
    assert error["code"] == "validation"
    assert error["message"] == "Periksa kembali isian Anda."
    codes = {f["field"]: f["code"] for f in error["fields"]}
    assert codes == {
        "nik": "nik_format",
        "phone": "phone_format",
        "password": "password_short",
        "full_name": "name_format",
    }
    assert any(f["message"] == "NIK harus 16 angka." for f in error["fields"])


async def test_errors_in_english_on_request(api: httpx.AsyncClient) -> None:
    payload = citizen_payload(nik="9999994101900001")
    resp = await api.post(
        "/api/v1/auth/register", json=payload, headers={"Accept-Language": "en-GB,en;q=0.9"}
    )
    assert resp.status_code == 422
    field = resp.json()["error"]["fields"][0]
    assert field == {
        "field": "nik",
        "code": "nik_district",
        "message": "The NIK's region code (first 6 digits) is unknown.",
    }


async def test_birth_date_and_sex_must_agree_with_nik(api: httpx.AsyncClient) -> None:
    nik = make_nik(birth=date(1990, 1, 1), sex=Sex.FEMALE)
    wrong_date = citizen_payload(nik=nik, birth_date="1990-01-02")
    resp = await api.post("/api/v1/auth/register", json=wrong_date)
    assert resp.json()["error"]["fields"][0]["field"] == "birth_date"
    wrong_sex = citizen_payload(nik=nik, sex=Sex.MALE, birth=date(1990, 1, 1))
    wrong_sex["nik"] = nik
    resp = await api.post("/api/v1/auth/register", json=wrong_sex)
    assert resp.status_code == 422
    assert resp.json()["error"]["fields"][0] == {
        "field": "sex",
        "code": "nik_sex_mismatch",
        "message": "Jenis kelamin tidak sesuai dengan NIK.",
    }


async def test_login_me_logout(api: httpx.AsyncClient) -> None:
    citizen = await make_citizen(api)
    headers = await login(api, citizen["nik"])
    me = await api.get("/api/v1/me", headers=headers)
    assert me.status_code == 200 and me.json()["id"] == citizen["id"]
    assert (await api.post("/api/v1/auth/logout", headers=headers)).status_code == 204
    after = await api.get("/api/v1/me", headers=headers)
    assert after.status_code == 401
    assert after.json()["error"]["code"] == "unauthorized"


async def test_wrong_password_and_unknown_login_look_the_same(api: httpx.AsyncClient) -> None:
    citizen = await make_citizen(api)
    wrong = await api.post("/api/v1/auth/login", json={"login": citizen["nik"], "password": "x"})
    unknown = await api.post(
        "/api/v1/auth/login", json={"login": make_nik(serial=9999), "password": "x"}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["error"]["code"] == "invalid_credentials"


async def test_logout_all_revokes_every_device(api: httpx.AsyncClient) -> None:
    citizen = await make_citizen(api)
    phone, laptop = await login(api, citizen["nik"]), await login(api, citizen["nik"])
    sessions = (await api.get("/api/v1/auth/sessions", headers=phone)).json()
    assert len(sessions) == 2 and sum(s["current"] for s in sessions) == 1
    assert (await api.post("/api/v1/auth/logout-all", headers=laptop)).status_code == 204
    for headers in (phone, laptop):
        assert (await api.get("/api/v1/me", headers=headers)).status_code == 401


async def test_cannot_revoke_another_accounts_session(api: httpx.AsyncClient) -> None:
    alice = await make_citizen(api)
    bob = await make_citizen(api, full_name="Bob")
    alice_headers, bob_headers = await login(api, alice["nik"]), await login(api, bob["nik"])
    alice_session = (await api.get("/api/v1/auth/sessions", headers=alice_headers)).json()[0]
    resp = await api.delete(f"/api/v1/auth/sessions/{alice_session['id']}", headers=bob_headers)
    assert resp.status_code == 404
    assert (await api.get("/api/v1/me", headers=alice_headers)).status_code == 200


async def test_revoke_one_device(api: httpx.AsyncClient) -> None:
    citizen = await make_citizen(api)
    phone, laptop = await login(api, citizen["nik"]), await login(api, citizen["nik"])
    sessions = (await api.get("/api/v1/auth/sessions", headers=phone)).json()
    other = next(s for s in sessions if not s["current"])
    assert (
        await api.delete(f"/api/v1/auth/sessions/{other['id']}", headers=phone)
    ).status_code == 204
    assert (await api.get("/api/v1/me", headers=laptop)).status_code == 401
    assert (await api.get("/api/v1/me", headers=phone)).status_code == 200


async def test_expired_session_is_refused(api: httpx.AsyncClient, db: AsyncSession) -> None:
    citizen = await make_citizen(api)
    headers = await login(api, citizen["nik"])
    await db.execute(update(AuthSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    await db.commit()
    assert (await api.get("/api/v1/me", headers=headers)).status_code == 401


async def test_missing_or_garbage_token(api: httpx.AsyncClient) -> None:
    assert (await api.get("/api/v1/me")).status_code == 401
    bad = await api.get("/api/v1/me", headers={"Authorization": "Bearer nonsense"})
    assert bad.status_code == 401 and bad.headers["WWW-Authenticate"] == "Bearer"


async def test_staff_log_in_by_username_with_scope(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    await make_staff(
        db,
        username="Petugas.Batu",
        role=Role.FIELD,
        district_codes=("357901",),
        service_center_code="MPP-BATU",
    )
    headers = await login(api, "petugas.batu")
    me = (await api.get("/api/v1/me", headers=headers)).json()
    assert me["role"] == "field" and me["agency_code"] == "DUKCAPIL"
    assert me["district_codes"] == ["357901"] and me["nik_masked"] is None


async def test_disabled_account_cannot_log_in(api: httpx.AsyncClient, db: AsyncSession) -> None:
    citizen = await make_citizen(api)
    await db.execute(update(Account).values(disabled_at=utcnow()))
    await db.commit()
    resp = await api.post(
        "/api/v1/auth/login", json={"login": citizen["nik"], "password": PASSWORD}
    )
    assert resp.status_code == 401
