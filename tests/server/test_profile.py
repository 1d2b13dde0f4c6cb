"""Tests: profile editing and validation, NIK lock after verification, family, staff views."""

import asyncio
import io
from datetime import date
from typing import Any

import httpx
from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import Role, Sex
from contracts.identity import parse_token
from server.profile.models import FamilyMember as FamilyRow
from tests.builders import login, make_citizen, make_nik
from tests.server.identity_helpers import citizen_with_tokens, exchange, officer

ME = "/api/v1/me/profile"


def _update(**overrides: Any) -> dict[str, Any]:
    return {
        "full_name": "Siti Aminah",
        "birth_place": "Batu",
        "birth_date": "1990-01-01",
        "province_code": "35",
        "regency_code": "3579",
        "district_code": "357901",
        "village": "Sisir",
        "rt": "003",
        "rw": "7",
        "postcode": "65311",
        "phone": "0812 3456 7890",
        "email": "Siti@Example.id",
        "kk_number": "3579010101090001",
        "occupation": "Guru",
    } | overrides


async def _citizen(api: httpx.AsyncClient) -> tuple[dict[str, Any], dict[str, str]]:
    c = await make_citizen(api)
    return c, await login(api, c["nik"])


async def test_profile_round_trip_with_etag(api: httpx.AsyncClient) -> None:
    c, h = await _citizen(api)
    first = await api.get(ME, headers=h)
    assert first.status_code == 200 and first.json()["verification"] == "unverified"
    assert first.json()["nik_masked"] == c["nik"][:4] + "********" + c["nik"][12:]
    assert first.json()["sex"] == "female" and not first.json()["nik_locked"]
    resp = await api.put(ME, json=_update(), headers=h | {"If-Match": first.headers["etag"]})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["phone"] == "+6281234567890" and body["email"] == "siti@example.id"
    assert body["district_code"] == "357901" and body["rt"] == "003"
    stale = await api.put(ME, json=_update(), headers=h | {"If-Match": first.headers["etag"]})
    assert stale.status_code == 412 and stale.json()["error"]["code"] == "precondition_failed"


async def _field_codes(resp: httpx.Response) -> dict[str, str]:
    assert resp.status_code == 422, resp.text
    return {f["field"]: f["code"] for f in resp.json()["error"]["fields"]}


async def test_validation_errors_are_indonesian_and_specific(api: httpx.AsyncClient) -> None:
    _, h = await _citizen(api)
    bad = _update(rt="12345", postcode="6531", kk_number="9999990101090001", email="x@", phone="1")
    resp = await api.put(ME, json=bad, headers=h)
    codes = await _field_codes(resp)
    assert codes == {
        "rt": "rt_rw_format",
        "postcode": "postcode_format",
        "kk_number": "kk_district",
        "email": "email_format",
        "phone": "phone_format",
    }
    messages = {f["field"]: f["message"] for f in resp.json()["error"]["fields"]}
    assert messages["postcode"] == "Kode pos harus 5 angka."
    mismatch = await api.put(ME, json=_update(regency_code="3578"), headers=h)
    assert "region_mismatch" in (await _field_codes(mismatch)).values()
    unknown = await api.put(
        ME, json=_update(regency_code="3599", district_code="359901"), headers=h
    )
    assert "region_unknown" in (await _field_codes(unknown)).values()
    en = await api.put(ME, json=_update(postcode="1"), headers=h | {"Accept-Language": "en"})
    assert en.json()["error"]["fields"][0]["message"] == "A postcode has exactly 5 digits."


async def test_nik_editable_until_verified_then_locked(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    c = await citizen_with_tokens(api)
    new_nik = make_nik(birth=date(1990, 1, 1), sex=Sex.MALE)
    resp = await api.put(ME, json=_update(nik=new_nik), headers=c["headers"])
    assert resp.status_code == 200 and resp.json()["sex"] == "male"
    # the NIK is the login: log in with the new one
    h = await login(api, new_nik)
    o = await officer(db, api, full_name="Budi Santoso")
    tokens = await api.post("/api/v1/identity/tokens", json={"count": 1}, headers=h)
    token = tokens.json()["tokens"][0]["token"]
    assert (await exchange(api, o["headers"], token, "identity_check")).status_code == 200
    verify = await api.post(f"/api/v1/officer/citizens/{c['id']}/verify", headers=o["headers"])
    assert verify.status_code == 200 and verify.json()["verified_by_name"] == "Budi Santoso"
    prof = (await api.get(ME, headers=h)).json()
    assert prof["verification"] == "verified" and prof["nik_locked"]
    other = make_nik(birth=date(1990, 1, 1))
    locked = await api.put(ME, json=_update(nik=other), headers=h)
    assert locked.status_code == 409 and locked.json()["error"]["code"] == "nik_locked"
    same = await api.put(ME, json=_update(nik=new_nik, occupation="Petani"), headers=h)
    assert same.status_code == 200  # other fields stay editable
    fresh = await api.post("/api/v1/identity/tokens", json={"count": 1}, headers=h)
    assert parse_token(fresh.json()["tokens"][0]["token"]).claims.verified


async def test_family_crud_and_no_cross_citizen_access(api: httpx.AsyncClient) -> None:
    _, h = await _citizen(api)
    _, other = await _citizen(api)
    parent_nik = make_nik(birth=date(1950, 5, 17), sex=Sex.MALE)
    member = {
        "full_name": "Slamet",
        "nik": parent_nik,
        "birth_date": "1950-05-17",
        "relationship": "parent",
        "note": "Ayah, sulit berjalan",
    }
    made = await api.post("/api/v1/me/family", json=member, headers=h)
    assert (
        made.status_code == 201 and made.json()["nik"] == parent_nik[:4] + "*" * 8 + parent_nik[12:]
    )
    dup = await api.post("/api/v1/me/family", json=member, headers=h)
    assert dup.status_code == 409 and dup.json()["error"]["code"] == "family_duplicate"
    wrong = await api.post("/api/v1/me/family", json=member | {"relationship": "uncle"}, headers=h)
    assert wrong.status_code == 422
    assert [m["full_name"] for m in (await api.get("/api/v1/me/family", headers=h)).json()] == [
        "Slamet"
    ]
    assert (await api.get("/api/v1/me/family", headers=other)).json() == []
    mid = made.json()["id"]
    assert (await api.delete(f"/api/v1/me/family/{mid}", headers=other)).status_code == 404
    assert (await api.delete(f"/api/v1/me/family/{mid}", headers=h)).status_code == 204
    assert (await api.get("/api/v1/me/family", headers=h)).json() == []


async def test_staff_profile_read_needs_a_live_grant_of_this_officer(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    c = await citizen_with_tokens(api)
    await api.put(ME, json=_update(), headers=c["headers"])
    o = await officer(db, api, full_name="Budi Santoso", agency_code="DUKCAPIL")
    stranger = await officer(db, api, agency_code="BPJS")
    colleague = await officer(db, api, agency_code="DUKCAPIL")
    back_office = await officer(db, api, role=Role.BACK_OFFICE)
    url = f"/api/v1/officer/citizens/{c['id']}/profile"
    before = await api.get(url, params={"purpose": "counter_service"}, headers=o["headers"])
    assert before.status_code == 404  # no grant yet
    assert (
        await exchange(api, o["headers"], c["tokens"][0]["token"], "counter_service")
    ).status_code == 200
    ok = await api.get(url, params={"purpose": "counter_service"}, headers=o["headers"])
    assert ok.status_code == 200, ok.text
    fields = ok.json()["fields"]
    assert fields["nik"] == c["nik"] and fields["phone"] == "+6281234567890"
    assert fields["family"] is None  # family is for home visits only
    for who in (stranger, colleague):  # another agency, or another officer: as if absent
        resp = await api.get(url, params={"purpose": "counter_service"}, headers=who["headers"])
        assert resp.status_code == 404
    no_purpose = await api.get(url, headers=o["headers"])
    assert no_purpose.status_code == 422
    other_purpose = await api.get(url, params={"purpose": "home_visit"}, headers=o["headers"])
    assert other_purpose.status_code == 404  # the grant covers the purpose stated at the scan
    forbidden = await api.get(url, params={"purpose": "home_visit"}, headers=back_office["headers"])
    assert forbidden.status_code == 403
    assert forbidden.json()["error"]["code"] == "purpose_forbidden"
    citizen_peek = await api.get(url, params={"purpose": "counter_service"}, headers=c["headers"])
    assert citizen_peek.status_code == 403
    log = (await api.get("/api/v1/me/access-log", headers=c["headers"])).json()["entries"]
    assert [e["resource"] for e in log] == ["profile", "profile.qr_exchange"]
    assert "kk_number" in log[0]["fields"] and log[0]["actor_name"] == "Budi Santoso"


async def test_verify_needs_a_grant(api: httpx.AsyncClient, db: AsyncSession) -> None:
    c = await citizen_with_tokens(api)
    o = await officer(db, api)
    resp = await api.post(f"/api/v1/officer/citizens/{c['id']}/verify", headers=o["headers"])
    assert resp.status_code == 404
    prof = (await api.get(ME, headers=c["headers"])).json()
    assert prof["verification"] == "unverified"


async def test_home_visit_sees_family_counter_does_not(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    c = await citizen_with_tokens(api)
    parent_nik = make_nik(birth=date(1950, 5, 17), sex=Sex.MALE)
    member = {"full_name": "Slamet", "nik": parent_nik, "birth_date": "1950-05-17",
              "relationship": "parent"}  # fmt: skip
    assert (await api.post("/api/v1/me/family", json=member, headers=c["headers"])).is_success
    o = await officer(db, api)
    resp = await exchange(api, o["headers"], c["tokens"][0]["token"], "home_visit")
    assert resp.status_code == 200, resp.text
    family = resp.json()["fields"]["family"]
    assert [(m["full_name"], m["nik"]) for m in family] == [("Slamet", parent_nik)]
    log = (await api.get("/api/v1/me/access-log", headers=c["headers"])).json()["entries"]
    assert "family" in log[0]["fields"] and log[0]["purpose"] == "home_visit"


async def test_concurrent_first_reads_create_one_profile(api: httpx.AsyncClient) -> None:
    _, h = await _citizen(api)
    calls = [api.get(ME, headers=h) for _ in range(4)]
    calls += [api.post("/api/v1/identity/tokens", json={"count": 1}, headers=h) for _ in range(4)]
    answers = await asyncio.gather(*calls)
    assert [r.status_code for r in answers] == [200] * 8
    subjects = {parse_token(r.json()["tokens"][0]["token"]).claims.subject for r in answers[4:]}
    assert len(subjects) == 1


async def test_parallel_saves_with_the_same_etag_one_wins(api: httpx.AsyncClient) -> None:
    _, h = await _citizen(api)
    etag = (await api.get(ME, headers=h)).headers["etag"]
    saves = [
        api.put(ME, json=_update(occupation=f"Pekerjaan {i}"), headers=h | {"If-Match": etag})
        for i in range(4)
    ]
    codes = sorted(r.status_code for r in await asyncio.gather(*saves))
    assert codes == [200, 412, 412, 412], codes


async def _upload_photo(api: httpx.AsyncClient, headers: dict[str, str], kind: str) -> str:
    image = io.BytesIO()
    Image.new("RGB", (64, 64), "green").save(image, "PNG")
    files = {"file": ("foto.png", image.getvalue(), "image/png")}
    resp = await api.post("/api/v1/me/documents", data={"type": kind}, files=files, headers=headers)
    assert resp.status_code == 201, resp.text
    doc_id: str = resp.json()["id"]
    return doc_id


async def test_profile_photo_must_be_the_citizens_own_photo(api: httpx.AsyncClient) -> None:
    _, mine = await _citizen(api)
    _, theirs = await _citizen(api)
    own_photo = await _upload_photo(api, mine, "photo")
    own_ktp = await _upload_photo(api, mine, "ktp")
    other_photo = await _upload_photo(api, theirs, "photo")
    for bad in (other_photo, own_ktp, "00000000-0000-0000-0000-000000000000"):
        resp = await api.put(ME, json=_update(photo_document_id=bad), headers=mine)
        assert resp.status_code == 422, resp.text
        assert resp.json()["error"]["code"] == "photo_document_invalid"
    ok = await api.put(ME, json=_update(photo_document_id=own_photo), headers=mine)
    assert ok.status_code == 200 and ok.json()["photo_document_id"] == own_photo


async def test_concurrent_identical_family_adds_store_one_member(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    """Five identical adds at once: the database's unique index lets exactly one through."""
    _, h = await _citizen(api)
    parent_nik = make_nik(birth=date(1950, 5, 17), sex=Sex.MALE)
    member = {"full_name": "Slamet", "nik": parent_nik, "birth_date": "1950-05-17",
              "relationship": "parent"}  # fmt: skip
    answers = await asyncio.gather(
        *(api.post("/api/v1/me/family", json=member, headers=h) for _ in range(5))
    )
    assert sorted(r.status_code for r in answers) == [201, 409, 409, 409, 409]
    refused = [r.json()["error"] for r in answers if r.status_code == 409]
    assert {e["code"] for e in refused} == {"family_duplicate"}
    assert "NIK" in refused[0]["message"]  # the documented Indonesian message
    stored = await db.scalar(
        select(func.count()).select_from(FamilyRow).where(FamilyRow.nik == parent_nik)
    )
    assert stored == 1
