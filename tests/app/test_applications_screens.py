"""Screen tests: Permohonan Saya and one application against the real API — the officer asks
for a fix and the citizen resubmits (If-Match), withdraw with confirmation, completion with
the pickup QR, rejection with its reason, the inbox with its ETag/304 poll, a family member."""

from __future__ import annotations

from typing import Any

import flet as ft
import pytest

from app.state import offline_list
from tests.app.screen_support import db_url, t  # noqa: F401
from tests.app.test_applications_support import (
    World,
    act,
    file_directly,
    fill_profile,
    kk_payload,
    officer,
    upload,
    world_fixture,  # noqa: F401
)

AK1 = "disnaker-kartu-ak1"  # nama (full_name), nik, tanggal-lahir (birth_date), alamat (address)


async def filed(w: World) -> dict[str, Any]:
    await fill_profile(w)
    kk = await upload(w, "kk")
    support = await upload(w, "other", "Surat pindah")
    return await file_directly(w, kk_payload(kk, support))


async def server_status(w: World, app_id: str) -> str:
    resp = await w.client.get(f"/api/v1/me/applications/{app_id}", headers=w.auth)
    return str(resp.json()["status"])


def detail_route(app: dict[str, Any]) -> str:
    return f"/home/applications/{app['id']}"


async def test_revision_requested_then_fixed_and_resubmitted(world: World) -> None:
    app = await filed(world)
    staff = await officer(world)
    await act(world, staff, app["id"], action="start_review")
    ask = [{"target": "keterangan", "message": "Sebutkan nama anak yang ditambahkan."}]
    await act(world, staff, app["id"], action="request_revision", items=ask)
    async with world.harness("/home/applications") as h:
        item = f"applications-item-{app['id']}"
        assert t("applications.status.needs_revision") in h.text_of(identifier=item)
        await h.click(identifier=item)
        assert h.route == detail_route(app), h.outline()
        assert ask[0]["message"] in h.text_of(identifier="application-revision-item-0")
        h.assert_accessible()
        await h.click(identifier="application-fix")
        keterangan = h.input(identifier="apply-field-keterangan")
        assert keterangan.value == "Menambah anak kedua"  # the filed answer, to edit
        h.assert_accessible()
        await h.type("Menambah anak kedua: Budi Santoso", identifier="apply-field-keterangan")
        await h.type("Nama anak sudah ditulis", identifier="application-fix-note")
        await h.click(identifier="application-resubmit")
        assert h.text_of(identifier="application-notice") == t("application.resubmitted")
        assert not h.exists(identifier="application-revision")
        assert "Budi Santoso" in h.text_of(identifier="application-answer-keterangan")
        timeline = h.text_of(identifier="application-timeline")
        assert "Nama anak sudah ditulis" in timeline
    assert await server_status(world, app["id"]) == "submitted"


async def test_withdraw_asks_first_then_withdraws(world: World) -> None:
    app = await filed(world)
    async with world.harness(detail_route(app)) as h:
        await h.click(identifier="application-withdraw")
        assert h.dialogs, "a confirmation dialog"
        await h.click(identifier="application-withdraw-cancel")
        assert await server_status(world, app["id"]) == "submitted"
        await h.click(identifier="application-withdraw")
        await h.click(identifier="application-withdraw-confirm")
        assert h.text_of(identifier="application-notice") == t("application.withdrawn")
        assert t("applications.status.withdrawn") in h.texts()
        assert not h.exists(identifier="application-withdraw")  # no longer withdrawable
    assert await server_status(world, app["id"]) == "withdrawn"


async def test_completed_shows_pickup_qr_and_rejected_shows_the_reason(world: World) -> None:
    app = await filed(world)
    docs = {a["requirement"]: a["document_id"] for a in app["attachments"]}
    second = await file_directly(world, kk_payload(docs["kk"], docs["dokumen-pendukung"]))
    staff = await officer(world)
    await act(world, staff, app["id"], action="start_review")
    await act(world, staff, app["id"], action="approve")
    note = "Ambil KK di loket Dukcapil MPP Batu, bawa KTP asli."
    await act(world, staff, app["id"], action="complete", pickup_instructions=note)
    await act(world, staff, second["id"], action="reject", note="KK lama tidak terbaca.")
    async with world.harness(detail_route(app)) as h:
        assert note in h.text_of(identifier="application-pickup-text")
        qr = h.find(identifier="application-pickup-qr")
        assert (
            isinstance(qr, ft.Semantics)
            and t("application.pickup_label", number=app["tracking_number"]) == qr.label
        )
        assert h.exists(identifier="application-receipt-qr")
        assert not h.exists(identifier="application-withdraw")
        h.assert_accessible()
    async with world.harness(detail_route(second)) as h:
        assert "KK lama tidak terbaca." in h.text_of(identifier="application-rejection")


async def test_inbox_badge_list_and_read_all_with_a_304_poll(world: World) -> None:
    app = await filed(world)
    staff = await officer(world)
    await act(world, staff, app["id"], action="start_review")
    inbox = await world.client.get("/api/v1/me/notifications", headers=world.auth)
    unread = inbox.json()["unread"]
    assert unread >= 1
    async with world.harness("/home") as h:
        tile = h.find(identifier="home-tile-notifications")
        badge = t("notifications.new", count=unread)
        assert isinstance(tile, ft.Semantics) and badge in (tile.label or "")
        await h.click(identifier="home-tile-notifications")
        assert h.route == "/home/notifications"
        polls = [s for p, s in world.wire.statuses if p.endswith("/me/notifications")]
        assert polls[-1] == 304  # unchanged since the home screen asked: no body
        service = "Perubahan Kartu Keluarga"
        text = t(
            "notifications.kind.application_status",
            service=service,
            tracking=app["tracking_number"],
            status=t("applications.status.in_review"),
        )
        assert h.has_text(text), h.outline()
        h.assert_accessible()
        await h.click(identifier="notifications-read-all")
        assert not h.exists(identifier="notifications-read-all")
        assert not h.has_text(t("notifications.unread"))
        first = next(
            i
            for i in h.find_all(type=ft.Semantics)
            if isinstance(i, ft.Semantics)
            and (i.identifier or "").startswith("notifications-item-")
        )
        await h.click(identifier=first.identifier)
        assert h.route == detail_route(app)
    resp = await world.client.get("/api/v1/me/notifications", headers=world.auth)
    assert resp.json()["unread"] == 0


async def test_applying_for_a_family_member_fills_their_name(world: World) -> None:
    await fill_profile(world)
    member = {"full_name": "Budi Santoso", "birth_date": "2015-03-04", "relationship": "child"}
    resp = await world.client.post("/api/v1/me/family", json=member, headers=world.auth)
    assert resp.status_code == 201, resp.text
    member_id = resp.json()["id"]
    async with world.harness(f"/home/services/{AK1}/apply") as h:
        assert h.input(identifier="apply-field-nama").value == world.citizen["full_name"]
        address = h.input(identifier="apply-field-alamat").value
        assert "Sisir" in address and "RT 001/RW 002" in address and "Batu" in address
        assert h.exists(identifier="apply-filled-alamat")
        await h.select(member_id, identifier="apply-subject")
        assert h.input(identifier="apply-field-nama").value == "Budi Santoso"
        assert h.input(identifier="apply-field-tanggal-lahir").value == "04-03-2015"
        assert h.exists(identifier="apply-filled-nama")
        assert h.input(identifier="apply-field-alamat").value == address  # still the citizen's
        await h.select("self", identifier="apply-subject")
        assert h.input(identifier="apply-field-nama").value == world.citizen["full_name"]
        h.assert_accessible()


async def test_list_and_inbox_speak_english(world: World) -> None:
    app = await filed(world)
    staff = await officer(world)
    await act(world, staff, app["id"], action="start_review")
    async with world.harness("/home/applications", language="en") as h:
        card = h.text_of(identifier=f"applications-item-{app['id']}")
        assert "Family card (KK) update" in card
        assert t("applications.status.in_review", "en") in card
        await h.navigate("/home/notifications")
        line = t(
            "notifications.kind.application_status",
            "en",
            service="Family card (KK) update",
            tracking=app["tracking_number"],
            status=t("applications.status.in_review", "en"),
        )
        assert h.has_text(line), h.outline()


async def test_an_officer_acting_first_makes_withdraw_say_so_and_reload(world: World) -> None:
    app = await filed(world)
    staff = await officer(world)
    async with world.harness(detail_route(app)) as h:
        await act(world, staff, app["id"], action="start_review")  # meanwhile, at the office
        await h.click(identifier="application-withdraw")
        await h.click(identifier="application-withdraw-confirm")
        assert h.exists(identifier="application-error")  # 412: not withdrawn blindly
        assert t("applications.status.in_review") in h.texts()  # the screen shows it now
    assert await server_status(world, app["id"]) == "in_review"


async def test_older_applications_come_with_load_more(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = await filed(world)
    docs = {a["requirement"]: a["document_id"] for a in first["attachments"]}
    others = [
        await file_directly(world, kk_payload(docs["kk"], docs["dokumen-pendukung"]))
        for _ in range(2)
    ]
    monkeypatch.setattr(offline_list, "PAGE_SIZE", 2)
    async with world.harness("/home/applications") as h:

        def shown() -> set[str]:
            ids = [a["id"] for a in [first, *others]]
            return {i for i in ids if h.exists(identifier=f"applications-item-{i}")}

        assert shown() == {a["id"] for a in others}  # newest first
        await h.click(identifier="applications-more")
        assert shown() == {a["id"] for a in [first, *others]}
        assert not h.exists(identifier="applications-more")
