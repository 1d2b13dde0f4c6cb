"""Tests: at the door, on SQLite and PostgreSQL — photos through the wallet's upload checks
into the visited citizen's wallet, and an application filed on the citizen's behalf that
reaches the back office's queue; both once per Idempotency-Key, both for the team only."""

from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.access import Purpose
from contracts.enums import Role
from contracts.visits import PHOTOS_MAX
from server.access.models import AccessLog
from server.applications.models import Application
from server.documents.models import Document
from server.visits.models import Visit
from tests.server import applications_support as s
from tests.server import visit_field_support as v
from tests.server.test_documents import jpeg, pdf

PHOTO = {"type": "other", "title": "Rumah warga"}


@pytest.fixture
async def world(api: httpx.AsyncClient, db: AsyncSession) -> v.World:
    return await v.make_world(api, db)


async def arrived(api: httpx.AsyncClient, db: AsyncSession, world: v.World, **kw: Any) -> str:
    visit_id = await v.scheduled_visit(db, world, **kw)
    for step in ("depart", "arrive"):
        resp = await v.act(api, world.field_a.auth, visit_id, v.action(step))
        assert resp.status_code == 200, resp.text
    return visit_id


async def photo(
    api: httpx.AsyncClient,
    auth: dict[str, str],
    visit_id: str,
    data: bytes,
    headers: dict[str, str] | None = None,
    fields: dict[str, str] | None = None,
) -> httpx.Response:
    files = {"file": ("foto.jpg", data, "image/jpeg")}
    sent = auth | (headers if headers is not None else v.key())
    url = f"{v.VISITS}/{visit_id}/photos"
    return await api.post(url, data=fields or PHOTO, files=files, headers=sent)


async def fresh(db: AsyncSession, visit_id: str) -> Visit:
    found = await db.get(Visit, visit_id, populate_existing=True)
    assert found is not None
    await db.commit()
    return found


async def documents(db: AsyncSession) -> int:
    count = int(await db.scalar(select(func.count(Document.id))) or 0)
    await db.commit()
    return count


async def test_a_photo_goes_into_the_citizens_wallet_once(
    api: httpx.AsyncClient, db: AsyncSession, world: v.World
) -> None:
    visit_id = await arrived(api, db, world)
    headers, data = v.key(), jpeg((320, 240))
    first = await photo(api, world.field_a.auth, visit_id, data, headers)
    assert first.status_code == 201, first.text
    again = await photo(api, world.field_a.auth, visit_id, data, headers)
    assert again.status_code == 201 and again.json() == first.json()
    doc = await db.get(Document, first.json()["id"])
    assert doc is not None
    assert (doc.citizen_id, doc.issued_by_id) == (world.citizen_id, world.field_a.id)
    assert doc.media_type == "image/jpeg" and doc.title == "Rumah warga"
    assert (await fresh(db, visit_id)).photo_ids == [doc.id]
    wallet = await api.get("/api/v1/me/documents", headers=world.citizen.auth)
    assert doc.id in [d["id"] for d in wallet.json()["documents"]]
    held = await api.delete(f"/api/v1/me/documents/{doc.id}", headers=world.citizen.auth)
    assert held.status_code == 409  # the visit's record keeps it while the visit is open

    untitled = await photo(
        api, world.field_a.auth, visit_id, jpeg((100, 80)), fields={"type": "other"}
    )
    assert untitled.status_code == 201
    named = await db.get(Document, untitled.json()["id"])
    assert (
        named is not None and named.title is not None and named.title.startswith("Jemput bola JB-")
    )
    complete = v.action("complete", photo_ids=[doc.id, named.id])
    assert (await v.act(api, world.field_a.auth, visit_id, complete)).status_code == 200


async def test_the_wallets_checks_refuse_and_store_nothing(
    api: httpx.AsyncClient, db: AsyncSession, world: v.World
) -> None:
    visit_id = await arrived(api, db, world)
    before = await documents(db)
    cases = [
        (b"just some text", PHOTO, 415, "document_type_unsupported"),
        (jpeg((100, 80))[:200], PHOTO, 422, "image_corrupt"),
        (b"", PHOTO, 422, "document_empty"),
        (jpeg((100, 80)), {"type": "ktp"}, 422, "validation"),  # would replace the citizen's KTP
    ]
    for data, fields, status, code in cases:
        resp = await photo(api, world.field_a.auth, visit_id, data, fields=fields)
        assert resp.status_code == status, resp.text
        assert resp.json()["error"]["code"] == code
    no_key = await photo(api, world.field_a.auth, visit_id, jpeg((100, 80)), headers={})
    assert no_key.status_code == 400
    assert no_key.json()["error"]["code"] == "idempotency_key_required"
    scan = await photo(
        api, world.field_a.auth, visit_id, pdf(), fields={"type": "surat_keterangan"}
    )
    assert scan.status_code == 201  # a paper scanned as a PDF passes the same checks
    assert await documents(db) == before + 1
    assert (await fresh(db, visit_id)).photo_ids == [scan.json()["id"]]


async def test_photos_for_the_team_at_the_door_only(
    api: httpx.AsyncClient, db: AsyncSession, world: v.World
) -> None:
    scheduled = await v.scheduled_visit(db, world)
    early = await photo(api, world.field_a.auth, scheduled, jpeg((100, 80)))
    assert early.status_code == 409 and early.json()["error"]["code"] == "visit_state"
    visit_id = await arrived(api, db, world)
    before = await documents(db)
    other = await photo(api, world.field_b.auth, visit_id, jpeg((100, 80)))
    assert other.status_code == 404 and other.json()["error"]["code"] == "not_found"
    for auth in (world.coordinator.auth, world.other_coordinator.auth, world.citizen.auth):
        assert (await photo(api, auth, visit_id, jpeg((100, 80)))).status_code == 403
    assert await documents(db) == before


async def test_a_visit_holds_a_limited_number_of_photos(
    api: httpx.AsyncClient, db: AsyncSession, world: v.World
) -> None:
    visit_id = await arrived(api, db, world)
    for _ in range(PHOTOS_MAX):
        resp = await photo(api, world.field_a.auth, visit_id, jpeg((60, 40)))
        assert resp.status_code == 201, resp.text
    before = await documents(db)
    full = await photo(api, world.field_a.auth, visit_id, jpeg((60, 40)))
    assert full.status_code == 422 and full.json()["error"]["code"] == "visit_photos_full"
    assert await documents(db) == before


# ---------------------------------------------------------------- filing at the door


def filing(citizen: Any, **overrides: Any) -> dict[str, Any]:
    return s.payload(citizen.kk, citizen.letter, family_member_id=None) | overrides


async def file(
    api: httpx.AsyncClient,
    auth: dict[str, str],
    visit_id: str,
    body: dict[str, Any],
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    sent = auth | (headers if headers is not None else v.key())
    return await api.post(f"{v.VISITS}/{visit_id}/applications", json=body, headers=sent)


async def test_an_application_filed_at_the_door_reaches_the_back_office(
    api: httpx.AsyncClient, db: AsyncSession, world: v.World
) -> None:
    visit_id = await arrived(api, db, world, for_parent=True)
    headers = v.key()
    resp = await file(api, world.field_a.auth, visit_id, filing(world.citizen), headers)
    assert resp.status_code == 201, resp.text
    app = resp.json()
    assert app["status"] == "submitted" and app["family_member_id"] == world.parent_id
    assert app["subject_name"] == "Sumarni"
    first = app["updates"][0]
    assert first["actor"] == "officer" and first["actor_name"] == "Budi Santoso"
    row = await db.get(Application, app["id"])
    assert row is not None and row.citizen_id == world.citizen_id
    await db.commit()

    again = await file(api, world.field_a.auth, visit_id, filing(world.citizen), headers)
    assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == app["id"]
    entry = next(x for x in (await fresh(db, visit_id)).services if x["code"] == v.BIRTH)
    assert (entry["application_id"], entry["tracking_number"]) == (
        app["id"],
        app["tracking_number"],
    )

    back_office = await v.staff(api, db, role=Role.BACK_OFFICE, agency_code="DUKCAPIL")
    queue = await api.get(s.STAFF, headers=back_office.auth)
    assert [(a["id"], a["status"]) for a in queue.json()["items"]] == [(app["id"], "submitted")]
    mine = await api.get(s.APPS, headers=world.citizen.auth)
    assert [a["id"] for a in mine.json()["items"]] == [app["id"]]
    logged = await db.scalars(
        select(AccessLog).where(AccessLog.resource == f"applications/{app['tracking_number']}")
    )
    entries = list(logged)
    assert entries and all(e.purpose is Purpose.HOME_VISIT for e in entries)

    twice = await file(api, world.field_a.auth, visit_id, filing(world.citizen))
    assert twice.status_code == 409
    assert twice.json()["error"]["code"] == "visit_application_filed"


async def test_what_cannot_be_filed_at_the_door(
    api: httpx.AsyncClient, db: AsyncSession, world: v.World
) -> None:
    scheduled = await v.scheduled_visit(db, world)
    early = await file(api, world.field_a.auth, scheduled, filing(world.citizen))
    assert early.status_code == 409 and early.json()["error"]["code"] == "visit_state"
    visit_id = await arrived(api, db, world)
    ktp = await file(api, world.field_a.auth, visit_id, filing(world.citizen, service_code=v.KTP))
    assert ktp.status_code == 409 and ktp.json()["error"]["code"] == "service_not_online"
    other = await file(
        api, world.field_a.auth, visit_id, filing(world.citizen, service_code=v.OTHER)
    )
    assert other.status_code == 422
    assert other.json()["error"]["fields"][0]["code"] == "visit_service_not_listed"
    outsider = await file(api, world.field_b.auth, visit_id, filing(world.citizen))
    assert outsider.status_code == 404
    for auth in (world.coordinator.auth, world.back_office.auth, world.citizen.auth):
        assert (await file(api, auth, visit_id, filing(world.citizen))).status_code == 403
    no_key = await file(api, world.field_a.auth, visit_id, filing(world.citizen), headers={})
    assert no_key.status_code == 400
    headers = v.key()
    assert (
        await file(api, world.field_a.auth, visit_id, filing(world.citizen), headers)
    ).status_code == 201
    changed = filing(world.citizen, answers=s.answers(nama_anak="Lain"))
    reused = await file(api, world.field_a.auth, visit_id, changed, headers)
    assert reused.status_code == 422 and reused.json()["error"]["code"] == "idempotency_key_reused"
    assert await db.scalar(select(func.count(Application.id))) == 1
