"""Tests: the officer's queue and workflow on SQLite and PostgreSQL — every transition, the
forbidden ones, scope (404 across agencies), concurrent officers and the access log."""

import asyncio
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import Role
from server.applications.models import Application
from tests.builders import login, make_staff
from tests.server import applications_support as s
from tests.server.test_applications import Citizen, new_citizen
from tests.server.test_documents import jpeg


@pytest.fixture
async def world(api: httpx.AsyncClient, db: AsyncSession) -> dict[str, Any]:
    await s.import_test_catalog(db)
    citizen = await new_citizen(api)
    officer = await make_staff(db, role=Role.BACK_OFFICE, full_name="Rina Wulandari")
    colleague = await make_staff(db, role=Role.BACK_OFFICE, full_name="Dewi Lestari")
    samsat = await make_staff(db, role=Role.BACK_OFFICE, agency_code="SAMSAT")
    return {
        "citizen": citizen,
        "officer": await login(api, officer.username or ""),
        "colleague": await login(api, colleague.username or ""),
        "samsat": await login(api, samsat.username or ""),
    }


async def file(api: httpx.AsyncClient, citizen: Citizen) -> dict[str, Any]:
    return dict(await s.submit(api, citizen.auth, s.payload(citizen.kk, citizen.letter)))


async def step(
    api: httpx.AsyncClient, auth: dict[str, str], app: dict[str, Any], **body: Any
) -> dict[str, Any]:
    resp = await s.act(api, auth, app, **body)
    assert resp.status_code == 200, resp.text
    return dict(resp.json())


async def test_full_path_with_revision_and_pickup(
    api: httpx.AsyncClient, world: dict[str, Any]
) -> None:
    citizen, officer = world["citizen"], world["officer"]
    app = await file(api, citizen)
    app = await step(api, officer, app, action="start_review")
    assert app["status"] == "in_review"
    items = [{"target": "nama_anak", "message": "Tulis nama lengkap sesuai surat lahir"}]
    app = await step(api, officer, app, action="request_revision", items=items)
    assert app["status"] == "needs_revision" and app["revision_items"] == items
    mine = (await api.get(f"{s.APPS}/{app['id']}", headers=citizen.auth)).json()
    assert mine["revision_items"] == items
    fixed = {
        "answers": s.answers(nama_anak="Budi Santoso Putra"),
        "attachments": [
            {"requirement": "kk", "document_id": citizen.kk},
            {"requirement": "surat_lahir", "document_id": citizen.letter},
        ],
    }
    headers = citizen.auth | {"If-Match": f'"{mine["version"]}"'}
    resp = await api.post(f"{s.APPS}/{app['id']}/resubmit", json=fixed, headers=headers)
    assert resp.status_code == 200, resp.text
    assert resp.json()["status"] == "submitted" and resp.json()["revision_items"] == []
    app = (await api.get(f"{s.STAFF}/{app['id']}", headers=officer)).json()
    assert app["answers"]["nama_anak"] == "Budi Santoso Putra"
    app = await step(api, officer, app, action="start_review")
    app = await step(api, officer, app, action="approve")
    assert app["status"] == "processing"
    app = await step(
        api, officer, app, action="complete", pickup_instructions="Ambil di loket 3 MPP Batu"
    )
    assert app["status"] == "completed"
    assert app["result"]["pickup_qr"].startswith("SPP1:" + app["tracking_number"] + ":")
    timeline = [(u["status"], u["actor"]) for u in app["updates"]]
    assert timeline == [
        ("submitted", "citizen"),
        ("in_review", "officer"),
        ("needs_revision", "officer"),
        ("submitted", "citizen"),
        ("in_review", "officer"),
        ("processing", "officer"),
        ("completed", "officer"),
    ]
    assert app["updates"][1]["actor_name"] == "Rina Wulandari"


async def test_complete_with_a_result_document_in_the_wallet(
    api: httpx.AsyncClient, world: dict[str, Any]
) -> None:
    citizen, officer = world["citizen"], world["officer"]
    app = await file(api, citizen)
    for action in ("start_review", "approve"):
        app = await step(api, officer, app, action=action)
    files = {"file": ("akta.jpg", jpeg((300, 200)), "image/jpeg")}
    up = await api.post(
        f"{s.STAFF}/{app['id']}/result",
        data={"type": "other", "title": "Akta Kelahiran"},
        files=files,
        headers=officer,
    )
    assert up.status_code == 201, up.text
    doc_id = up.json()["document_id"]
    app = await step(api, officer, app, action="complete", result_document_id=doc_id)
    assert app["result"]["document_id"] == doc_id and app["result"]["pickup_qr"] is None
    wallet = (await api.get("/api/v1/me/documents", headers=citizen.auth)).json()
    assert doc_id in {d["id"] for d in wallet["documents"]}


async def _processing(
    api: httpx.AsyncClient, officer: dict[str, str], citizen: Citizen
) -> dict[str, Any]:
    app = await file(api, citizen)
    for action in ("start_review", "approve"):
        app = await step(api, officer, app, action=action)
    return app


AKTA = jpeg((300, 200))  # the same bytes every time: a retry must hash alike


async def _result_upload(
    api: httpx.AsyncClient, officer: dict[str, str], app: dict[str, Any], **headers: str
) -> httpx.Response:
    files = {"file": ("akta.jpg", AKTA, "image/jpeg")}
    return await api.post(
        f"{s.STAFF}/{app['id']}/result",
        data={"type": "other", "title": "Akta Kelahiran"},
        files=files,
        headers=officer | headers,
    )


async def test_only_a_document_issued_for_this_application_can_be_its_result(
    api: httpx.AsyncClient, world: dict[str, Any]
) -> None:
    citizen, officer = world["citizen"], world["officer"]
    app, other_app = (
        await _processing(api, officer, citizen),
        await _processing(api, officer, citizen),
    )
    stranger = await new_citizen(api)
    other_result = (await _result_upload(api, officer, other_app)).json()["document_id"]
    for doc_id in (citizen.kk, citizen.letter, other_result, stranger.kk):  # own KK, B's result, …
        refused = await s.act(api, officer, app, action="complete", result_document_id=doc_id)
        assert refused.status_code == 422, (doc_id, refused.text)
        error = refused.json()["error"]
        assert error["code"] == "result_document_invalid"
        assert "diunggah petugas untuk permohonan ini" in error["message"]
    mine = (await api.get(f"{s.APPS}/{app['id']}", headers=citizen.auth)).json()
    assert mine["status"] == "processing" and mine["result"] is None
    doc_id = (await _result_upload(api, officer, app)).json()["document_id"]
    done = await step(api, world["colleague"], app, action="complete", result_document_id=doc_id)
    assert done["result"]["document_id"] == doc_id  # any officer of the agency may complete


async def test_a_result_upload_cannot_replay_a_citizen_upload(
    api: httpx.AsyncClient, world: dict[str, Any]
) -> None:
    """The officer's Idempotency-Key lives in the citizen's wallet key space: a key the citizen
    used for the same bytes must not hand the citizen's own upload back as a result."""
    citizen, officer = world["citizen"], world["officer"]
    app = await _processing(api, officer, citizen)
    files = {"file": ("akta.jpg", AKTA, "image/jpeg")}
    own = await api.post(
        "/api/v1/me/documents",
        data={"type": "other", "title": "Akta Kelahiran"},
        files=files,
        headers=citizen.auth | {"Idempotency-Key": "k-1"},
    )
    assert own.status_code == 201, own.text
    clash = await _result_upload(api, officer, app, **{"Idempotency-Key": "k-1"})
    assert clash.status_code == 422 and clash.json()["error"]["code"] == "idempotency_key_reused"
    first = await _result_upload(api, officer, app, **{"Idempotency-Key": "k-2"})
    again = await _result_upload(api, officer, app, **{"Idempotency-Key": "k-2"})
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()  # the officer's own retry still replays


async def test_reject_needs_a_reason_and_ends_the_application(
    api: httpx.AsyncClient, world: dict[str, Any]
) -> None:
    citizen, officer = world["citizen"], world["officer"]
    app = await file(api, citizen)
    missing = await s.act(api, officer, app, action="reject")
    assert missing.status_code == 422
    assert missing.json()["error"]["code"] == "rejection_reason_required"
    app = await step(api, officer, app, action="reject", note="Surat lahir tidak terbaca")
    assert app["status"] == "rejected" and app["rejection_reason"] == "Surat lahir tidak terbaca"
    mine = (await api.get(f"{s.APPS}/{app['id']}", headers=citizen.auth)).json()
    assert mine["rejection_reason"] == "Surat lahir tidak terbaca" and not mine["overdue"]
    late = await api.post(f"{s.APPS}/{app['id']}/withdraw", json={}, headers=citizen.auth)
    assert late.status_code == 409


FORBIDDEN = [
    ("submitted", "approve"),
    ("submitted", "complete"),
    ("submitted", "request_revision"),
    ("in_review", "start_review"),
    ("in_review", "complete"),
    ("processing", "reject"),
    ("processing", "approve"),
]


@pytest.mark.parametrize(("status", "action"), FORBIDDEN)
async def test_forbidden_transitions_are_409(
    api: httpx.AsyncClient, world: dict[str, Any], db: AsyncSession, status: str, action: str
) -> None:
    app = await file(api, world["citizen"])
    path = {
        "submitted": [],
        "in_review": ["start_review"],
        "processing": ["start_review", "approve"],
    }[status]
    for prior in path:
        app = await step(api, world["officer"], app, action=prior)
    body = {"items": [{"message": "x"}], "note": "x", "pickup_instructions": "x"}
    resp = await s.act(api, world["officer"], app, action=action, **body)
    assert resp.status_code == 409 and resp.json()["error"]["code"] == "transition_invalid"


async def test_citizen_moves_are_limited(api: httpx.AsyncClient, world: dict[str, Any]) -> None:
    citizen, officer = world["citizen"], world["officer"]
    app = await file(api, citizen)
    url = f"{s.APPS}/{app['id']}"
    early = await api.post(f"{url}/resubmit", json={"answers": s.answers()}, headers=citizen.auth)
    assert early.status_code == 409
    for action in ("start_review", "approve"):
        app = await step(api, officer, app, action=action)
    late = await api.post(f"{url}/withdraw", json={}, headers=citizen.auth)
    assert late.status_code == 409 and late.json()["error"]["code"] == "transition_invalid"


async def test_revision_needs_items(api: httpx.AsyncClient, world: dict[str, Any]) -> None:
    app = await step(
        api, world["officer"], await file(api, world["citizen"]), action="start_review"
    )
    resp = await s.act(api, world["officer"], app, action="request_revision")
    assert resp.json()["error"]["code"] == "revision_items_required"


async def test_two_officers_at_once_only_one_wins(
    api: httpx.AsyncClient, world: dict[str, Any]
) -> None:
    app = await file(api, world["citizen"])
    first, second = await asyncio.gather(
        s.act(api, world["officer"], app, action="start_review"),
        s.act(api, world["colleague"], app, action="reject", note="Duplikat"),
    )
    codes = sorted([first.status_code, second.status_code])
    assert codes[0] == 200 and codes[1] in (409, 412)
    loser = second if second.status_code != 200 else first
    assert loser.json()["error"]["message"].startswith(
        ("Permohonan ini baru saja diubah", "Langkah ini tidak dapat")
    )
    stale = await s.act(api, world["colleague"], app, action="start_review")
    assert stale.status_code == 412
    assert stale.json()["error"]["code"] == "application_changed"


async def test_other_agency_sees_nothing(api: httpx.AsyncClient, world: dict[str, Any]) -> None:
    app = await file(api, world["citizen"])
    samsat = world["samsat"]
    assert (await api.get(s.STAFF, headers=samsat)).json()["items"] == []
    assert (await api.get(f"{s.STAFF}/{app['id']}", headers=samsat)).status_code == 404
    assert (await s.act(api, samsat, app, action="start_review")).status_code == 404
    doc = app["attachments"][0]["document_id"]
    url = f"{s.STAFF}/{app['id']}/attachments/{doc}"
    assert (await api.get(url, headers=samsat)).status_code == 404
    by_number = f"{s.STAFF}/by-tracking/{app['tracking_number']}"
    assert (await api.get(by_number, headers=samsat)).status_code == 404
    assert (await api.get(by_number, headers=world["officer"])).json()["id"] == app["id"]


async def test_reads_and_attachments_are_in_the_citizens_access_log(
    api: httpx.AsyncClient, world: dict[str, Any]
) -> None:
    citizen, officer = world["citizen"], world["officer"]
    app = await file(api, citizen)
    detail = (await api.get(f"{s.STAFF}/{app['id']}", headers=officer)).json()
    assert detail["citizen_nik_masked"].endswith("****") or "*" in detail["citizen_nik_masked"]
    doc = detail["attachments"][0]
    got = await api.get(f"{s.STAFF}/{app['id']}/attachments/{doc['document_id']}", headers=officer)
    assert got.status_code == 200 and got.content[:2] == b"\xff\xd8"
    unrelated = await s.upload(api, citizen.auth, "photo", jpeg((100, 100)))
    refused = await api.get(f"{s.STAFF}/{app['id']}/attachments/{unrelated}", headers=officer)
    assert refused.status_code == 404
    log = (await api.get("/api/v1/me/access-log", headers=citizen.auth)).json()["entries"]
    resources = [e["resource"] for e in log]
    assert f"applications/{app['tracking_number']}" in resources
    assert any(r.endswith(doc["document_id"]) for r in resources)
    assert {e["purpose"] for e in log} == {"application_review"}
    assert {e["actor_name"] for e in log} == {"Rina Wulandari"}


async def test_queue_filters_and_keyset_pages(
    api: httpx.AsyncClient, world: dict[str, Any], db: AsyncSession
) -> None:
    citizen, officer = world["citizen"], world["officer"]
    apps = [await file(api, citizen) for _ in range(5)]
    await db.execute(
        update(Application)
        .where(Application.id == apps[0]["id"])
        .values(  # filed ten days ago, due three days ago
            submitted_at=datetime.now(UTC) - timedelta(days=10),
            due_date=date.today() - timedelta(days=3),
        )
    )
    await db.commit()
    await step(api, officer, apps[1], action="start_review")
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = (await api.get(s.STAFF, params=params, headers=officer)).json()
        seen += [a["id"] for a in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted(a["id"] for a in apps) and seen[0] == apps[0]["id"]
    overdue = (await api.get(s.STAFF, params={"overdue": "true"}, headers=officer)).json()
    assert [a["id"] for a in overdue["items"]] == [apps[0]["id"]]
    assert overdue["items"][0]["overdue"] is True
    in_review = (await api.get(s.STAFF, params={"status": "in_review"}, headers=officer)).json()
    assert [a["id"] for a in in_review["items"]] == [apps[1]["id"]]
    other = await api.get(s.STAFF, params={"service": s.OTHER_AGENCY_SERVICE}, headers=officer)
    assert other.json()["items"] == []
    today = date.today()
    window = {
        "submitted_from": (today - timedelta(days=1)).isoformat(),
        "submitted_to": (today + timedelta(days=1)).isoformat(),
    }
    recent = (await api.get(s.STAFF, params=window, headers=officer)).json()["items"]
    assert sorted(a["id"] for a in recent) == sorted(a["id"] for a in apps[1:])
    past = {"submitted_to": (today - timedelta(days=5)).isoformat()}
    older = (await api.get(s.STAFF, params=past, headers=officer)).json()["items"]
    assert [a["id"] for a in older] == [apps[0]["id"]]
    since = {"submitted_from": (today - timedelta(days=11)).isoformat()}
    assert len((await api.get(s.STAFF, params=since, headers=officer)).json()["items"]) == 5
    for edge in ({"submitted_from": "0001-01-01"}, {"submitted_to": "9999-12-31"}):
        # the ends of the calendar: every application, not a 500 (found by the fuzz test)
        resp = await api.get(s.STAFF, params=edge, headers=officer)
        assert resp.status_code == 200 and len(resp.json()["items"]) == 5


async def test_coordinator_sees_agencies_at_their_centre(
    api: httpx.AsyncClient, world: dict[str, Any], db: AsyncSession
) -> None:
    app = await file(api, world["citizen"])
    coordinator = await make_staff(
        db, role=Role.COORDINATOR, agency_code=None, service_center_code="MPP-BATU"
    )
    auth = await login(api, coordinator.username or "")
    page = (await api.get(s.STAFF, headers=auth)).json()
    assert [a["id"] for a in page["items"]] == [app["id"]]
    tax_body = {
        "service_code": s.OTHER_AGENCY_SERVICE,
        "form_version": 1,
        "answers": {"nopol": "N 1234 AB"},
    }
    tax = await s.submit(api, world["citizen"].auth, tax_body)  # due today: comes first
    later = await file(api, world["citizen"])
    seen, cursor = [], None
    while True:  # one row a page: the per-agency ranges are merged in due-date order
        params = {"limit": 1} | ({"cursor": cursor} if cursor else {})
        got = (await api.get(s.STAFF, params=params, headers=auth)).json()
        seen += [(a["agency"], a["id"]) for a in got["items"]]
        if not (cursor := got["next_cursor"]):
            break
    assert [i for _, i in seen] == [tax["id"], *sorted([app["id"], later["id"]])]
    assert [a for a, _ in seen] == ["SAMSAT", "DUKCAPIL", "DUKCAPIL"]


async def test_a_fix_still_goes_in_after_the_family_member_was_removed(
    api: httpx.AsyncClient, world: dict[str, Any]
) -> None:
    citizen, officer = world["citizen"], world["officer"]
    member = {"full_name": "Sumarni", "birth_date": "1950-03-04", "relationship": "parent"}
    created = (await api.post("/api/v1/me/family", json=member, headers=citizen.auth)).json()
    body = s.payload(citizen.kk, citizen.letter, family_member_id=created["id"])
    app = await s.submit(api, citizen.auth, body)
    app = await step(api, officer, app, action="start_review")
    items = [{"target": "nama_anak", "message": "Periksa ejaan"}]
    app = await step(api, officer, app, action="request_revision", items=items)
    removed = await api.delete(f"/api/v1/me/family/{created['id']}", headers=citizen.auth)
    assert removed.status_code == 204
    fix = {"answers": s.answers(nama_anak="Budi Kecil Santoso"), "attachments": body["attachments"]}
    headers = citizen.auth | {"If-Match": f'"{app["version"]}"'}
    resp = await api.post(f"{s.APPS}/{app['id']}/resubmit", json=fix, headers=headers)
    assert resp.status_code == 200, resp.text
    assert resp.json()["status"] == "submitted" and resp.json()["subject_name"] == "Sumarni"
