"""Tests: filing applications on SQLite and PostgreSQL — once per key, checked, scoped."""

import asyncio
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.catalog import FieldType, FormField, LocalText, PrefillSource
from contracts.enums import Role
from server.applications.models import Application, ApplicationUpdate, Notification
from tests.builders import login, make_citizen, make_staff
from tests.server import applications_support as s
from tests.server.test_documents import jpeg


@dataclass
class Citizen:
    auth: dict[str, str]
    kk: str
    letter: str
    nik: str = ""


async def new_citizen(api: httpx.AsyncClient, **overrides: object) -> Citizen:
    who = await make_citizen(api, **overrides)
    auth = await login(api, who["nik"])
    kk = await s.upload(api, auth, "kk", jpeg((200, 150)))
    letter = await s.upload(api, auth, "surat_keterangan", jpeg((200, 150)))
    return Citizen(auth, kk, letter, who["nik"])


@pytest.fixture
async def citizen(api: httpx.AsyncClient, db: AsyncSession) -> Citizen:
    await s.import_test_catalog(db)
    return await new_citizen(api)


async def count_apps(db: AsyncSession) -> int:
    return int(await db.scalar(select(func.count(Application.id))) or 0)


async def test_submit_files_one_application_with_receipt_and_timeline(
    api: httpx.AsyncClient, citizen: Citizen, db: AsyncSession
) -> None:
    resp = await api.post(
        s.APPS, json=s.payload(citizen.kk, citizen.letter), headers=citizen.auth | s.key()
    )
    assert resp.status_code == 201, resp.text
    app = resp.json()
    assert re.fullmatch(r"SP-\d{6}-[2-9A-HJ-NP-Z]{6}", app["tracking_number"])
    assert app["status"] == "submitted" and app["overdue"] is False
    assert app["receipt_qr"] == "SPR1:" + app["tracking_number"]
    assert app["subject_name"] == "Siti Aminah"
    assert app["service_name"] == {"id": "Akta Kelahiran", "en": "Birth certificate"}
    assert app["prefilled"] == ["nama_pemohon"]
    assert {a["requirement"] for a in app["attachments"]} == {"kk", "surat_lahir"}
    assert [u["status"] for u in app["updates"]] == ["submitted"]
    assert app["updates"][0]["actor"] == "citizen"
    assert date.fromisoformat(app["due_date"]) >= date.fromisoformat(app["submitted_at"][:10])
    assert resp.headers["ETag"] == f'"{app["version"]}"'
    listed = (await api.get(s.APPS, headers=citizen.auth)).json()
    assert [a["id"] for a in listed["items"]] == [app["id"]]
    assert await db.scalar(select(func.count(Notification.id))) == 1


async def test_same_key_replays_and_never_duplicates(
    api: httpx.AsyncClient, citizen: Citizen, db: AsyncSession
) -> None:
    body, headers = s.payload(citizen.kk, citizen.letter), citizen.auth | s.key()
    first = await api.post(s.APPS, json=body, headers=headers)
    again = await api.post(s.APPS, json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()  # the replay (read back) = the answer built in memory
    changed = s.payload(citizen.kk, citizen.letter, answers=s.answers(nama_anak="Lain"))
    reused = await api.post(s.APPS, json=changed, headers=headers)
    assert reused.status_code == 422
    assert reused.json()["error"]["code"] == "idempotency_key_reused"
    missing = await api.post(s.APPS, json=body, headers=citizen.auth)
    assert missing.status_code == 400
    assert missing.json()["error"]["code"] == "idempotency_key_required"
    assert await count_apps(db) == 1


async def test_parallel_double_tap_files_once(
    api: httpx.AsyncClient, citizen: Citizen, db: AsyncSession
) -> None:
    body, headers = s.payload(citizen.kk, citizen.letter), citizen.auth | s.key()
    answers = await asyncio.gather(
        *(api.post(s.APPS, json=body, headers=headers) for _ in range(6))
    )
    assert {r.status_code for r in answers} <= {201, 409}
    assert len({r.json()["id"] for r in answers if r.status_code == 201}) == 1
    assert await count_apps(db) == 1


async def test_invalid_answers_list_every_field_in_indonesian(
    api: httpx.AsyncClient, citizen: Citizen, db: AsyncSession
) -> None:
    bad = s.answers(nama_anak="x" * 61, jenis_kelamin="z", tanggal_lahir_anak=None, asal="?")
    body = s.payload(citizen.kk, citizen.letter, answers=bad)
    resp = await api.post(s.APPS, json=body, headers=citizen.auth | s.key())
    assert resp.status_code == 422
    fields = {f["field"]: f for f in resp.json()["error"]["fields"]}
    assert fields["answers.nama_anak"]["code"] == "form_too_long"
    assert fields["answers.jenis_kelamin"]["code"] == "form_option"
    assert fields["answers.tanggal_lahir_anak"]["message"] == "Wajib diisi."
    assert fields["answers.asal"]["code"] == "form_unknown_field"
    assert await count_apps(db) == 0


async def test_attachments_must_be_own_and_of_the_asked_type(
    api: httpx.AsyncClient, citizen: Citizen, db: AsyncSession
) -> None:
    stranger = await new_citizen(api)
    body = s.payload(citizen.letter, stranger.letter)  # KK slot holds a letter; foreign doc
    resp = await api.post(s.APPS, json=body, headers=citizen.auth | s.key())
    assert resp.status_code == 422
    fields = {f["field"]: f["code"] for f in resp.json()["error"]["fields"]}
    assert fields == {
        "attachments.kk": "attachment_wrong_type",
        "attachments.surat_lahir": "attachment_not_found",
    }
    body = s.payload(citizen.kk, citizen.letter, attachments=[])
    resp = await api.post(s.APPS, json=body, headers=citizen.auth | s.key())
    codes = {f["field"]: f["code"] for f in resp.json()["error"]["fields"]}
    assert codes == {
        "attachments.kk": "attachment_required",
        "attachments.surat_lahir": "attachment_required",
    }
    assert await count_apps(db) == 0


async def test_service_rules(api: httpx.AsyncClient, citizen: Citizen, db: AsyncSession) -> None:
    cases: list[tuple[dict[str, Any], int, str]] = [
        ({"service_code": "tidak-ada"}, 404, "service_not_found"),
        (
            {"service_code": "dukcapil-ktp-rekam", "answers": {}, "attachments": []},
            409,
            "service_not_online",
        ),
        ({"form_version": 2}, 409, "form_outdated"),
        (
            {"family_member_id": "00000000-0000-0000-0000-000000000000"},
            404,
            "family_member_not_found",
        ),
    ]
    for overrides, status, code in cases:
        body = s.payload(citizen.kk, citizen.letter, **overrides)
        resp = await api.post(s.APPS, json=body, headers=citizen.auth | s.key())
        assert (resp.status_code, resp.json()["error"]["code"]) == (status, code), overrides
    assert await count_apps(db) == 0


async def test_apply_for_a_family_member(api: httpx.AsyncClient, citizen: Citizen) -> None:
    member = {"full_name": "Sumarni", "birth_date": "1950-03-04", "relationship": "parent"}
    created = await api.post("/api/v1/me/family", json=member, headers=citizen.auth)
    assert created.status_code == 201, created.text
    body = s.payload(citizen.kk, citizen.letter, family_member_id=created.json()["id"])
    app = await s.submit(api, citizen.auth, body)
    assert app["subject_name"] == "Sumarni"
    stranger = await new_citizen(api)
    foreign = s.payload(stranger.kk, stranger.letter, family_member_id=created.json()["id"])
    resp = await api.post(s.APPS, json=foreign, headers=stranger.auth | s.key())
    assert resp.status_code == 404


async def test_old_applications_keep_their_form_version(
    api: httpx.AsyncClient, citizen: Citizen, db: AsyncSession
) -> None:
    first = await s.submit(api, citizen.auth, s.payload(citizen.kk, citizen.letter))
    extra = FormField(
        code="anak_ke",
        label=LocalText(id="Anak ke", en="Child no."),
        type=FieldType.NUMBER,
        min_value=1,
        max_value=20,
    )
    await s.import_test_catalog(db, s.birth_service(form=s.birth_form((extra,))), s.tax_service())
    stale = await api.post(
        s.APPS, json=s.payload(citizen.kk, citizen.letter), headers=citizen.auth | s.key()
    )
    assert stale.status_code == 409
    body = s.payload(citizen.kk, citizen.letter, form_version=2, answers=s.answers(anak_ke="2"))
    second = await s.submit(api, citizen.auth, body)
    assert (first["form_version"], second["form_version"]) == (1, 2)
    assert second["answers"]["anak_ke"] == 2


async def test_cross_citizen_access_is_404(api: httpx.AsyncClient, citizen: Citizen) -> None:
    app = await s.submit(api, citizen.auth, s.payload(citizen.kk, citizen.letter))
    stranger = await new_citizen(api)
    url = f"{s.APPS}/{app['id']}"
    assert (await api.get(url, headers=stranger.auth)).status_code == 404
    withdraw = await api.post(f"{url}/withdraw", json={}, headers=stranger.auth)
    assert withdraw.status_code == 404
    resubmit = await api.post(f"{url}/resubmit", json={}, headers=stranger.auth)
    assert resubmit.status_code == 404
    assert (await api.get(s.APPS, headers=stranger.auth)).json()["items"] == []


async def test_staff_cannot_use_citizen_routes_and_citizens_not_staff_ones(
    api: httpx.AsyncClient, citizen: Citizen, db: AsyncSession
) -> None:
    officer = await make_staff(db, role=Role.BACK_OFFICE)
    auth = await login(api, officer.username or "")
    assert (await api.get(s.APPS, headers=auth)).status_code == 403
    assert (await api.get(s.STAFF, headers=citizen.auth)).status_code == 403
    admin = await make_staff(db, role=Role.ADMIN, agency_code=None)
    assert (
        await api.get(s.STAFF, headers=await login(api, admin.username or ""))
    ).status_code == 403


async def test_citizen_list_pages_newest_first(
    api: httpx.AsyncClient, citizen: Citizen, db: AsyncSession
) -> None:
    ids = [
        (await s.submit(api, citizen.auth, s.payload(citizen.kk, citizen.letter)))["id"]
        for _ in range(5)
    ]
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = (await api.get(s.APPS, params=params, headers=citizen.auth)).json()
        seen += [a["id"] for a in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == ids[::-1]
    bad = await api.get(s.APPS, params={"cursor": "!!"}, headers=citizen.auth)
    assert bad.status_code == 422


async def test_document_in_an_open_application_cannot_be_deleted(
    api: httpx.AsyncClient, citizen: Citizen, db: AsyncSession
) -> None:
    app = await s.submit(api, citizen.auth, s.payload(citizen.kk, citizen.letter))
    doc_url = f"/api/v1/me/documents/{citizen.kk}"
    refused = await api.delete(doc_url, headers=citizen.auth)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "document_in_use"
    out = await api.post(f"{s.APPS}/{app['id']}/withdraw", json={}, headers=citizen.auth)
    assert out.json()["status"] == "withdrawn"
    assert (await api.delete(doc_url, headers=citizen.auth)).status_code == 204


async def test_export_holds_the_applications(api: httpx.AsyncClient, citizen: Citizen) -> None:
    app = await s.submit(api, citizen.auth, s.payload(citizen.kk, citizen.letter))
    export = (await api.get("/api/v1/me/export", headers=citizen.auth)).json()
    assert [a["tracking_number"] for a in export["sections"]["applications"]] == [
        app["tracking_number"]
    ]
    rows = await api.get(f"{s.APPS}/{app['id']}", headers=citizen.auth)
    assert rows.json()["updates"][0]["status"] == "submitted"


async def test_update_records_match_the_status(
    api: httpx.AsyncClient, citizen: Citizen, db: AsyncSession
) -> None:
    app = await s.submit(api, citizen.auth, s.payload(citizen.kk, citizen.letter))
    await api.post(f"{s.APPS}/{app['id']}/withdraw", json={"note": "salah"}, headers=citizen.auth)
    statuses = list(
        await db.scalars(select(ApplicationUpdate.to_status).order_by(ApplicationUpdate.at))
    )
    assert statuses == ["submitted", "withdrawn"]


async def test_a_nik_field_left_to_the_state_is_filled_from_the_account(
    api: httpx.AsyncClient, citizen: Citizen, db: AsyncSession
) -> None:
    nik_field = FormField(
        code="nik_pemohon",
        label=LocalText(id="NIK", en="NIK"),
        type=FieldType.NIK,
        prefill=PrefillSource.NIK,
    )
    form = s.birth_form((nik_field,))
    await s.import_test_catalog(db, s.birth_service(form=form), s.tax_service())
    body = s.payload(
        citizen.kk, citizen.letter, form_version=2, prefilled=["nama_pemohon", "nik_pemohon"]
    )
    app = await s.submit(api, citizen.auth, body)
    assert app["answers"]["nik_pemohon"] == citizen.nik
    not_claimed = s.payload(citizen.kk, citizen.letter, form_version=2)
    resp = await api.post(s.APPS, json=not_claimed, headers=citizen.auth | s.key())
    fields = {f["field"]: f["code"] for f in resp.json()["error"]["fields"]}
    assert fields == {"answers.nik_pemohon": "form_required"}
