"""Screen tests: one application in the officer's back office — what it shows, attachments
(access-logged), every action with its dialog, and the loser of a race seeing a clear
message and the latest data — the real app against the real API in-process."""

from __future__ import annotations

from typing import Any

import flet as ft
import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from tests.app.harness import FletHarness
from tests.app.screen_support import CATALOG, db_url, t  # noqa: F401
from tests.app.test_officer_support import (
    KIA,
    Citizen,
    act,
    harness,
    import_test_catalog,
    jpeg,
    officer,
    pick_answers,
)

QUEUE = "/officer/applications"


def actions(h: FletHarness) -> list[str]:
    prefix = "review-action-"
    return [
        str(c.identifier)[len(prefix) :]
        for c in h.find_all(type=ft.Semantics)
        if isinstance(c, ft.Semantics) and str(c.identifier or "").startswith(prefix)
    ]


async def filed(api: httpx.AsyncClient, db: AsyncSession, code: str | None = None) -> Any:
    await import_test_catalog(db)
    siti = await Citizen.create(api)
    app = await (siti.file(code) if code else siti.file())
    return siti, app, await officer(api, db)


async def test_detail_shows_citizen_answers_attachments_and_timeline(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    siti, app, desk = await filed(api, db)
    async with harness(api, QUEUE, desk) as h:
        await h.click(identifier=f"review-item-{app['tracking_number']}")
        assert h.route == f"{QUEUE}/{app['id']}"
        assert h.text_of(identifier="review-citizen-name") == "Nama: Siti Aminah"
        nik = h.text_of(identifier="review-citizen-nik")
        assert "*" in nik and nik.endswith(nik[-4:]) and len(nik) == len("NIK: ") + 16
        assert h.text_of(identifier="review-citizen-phone").startswith("Telepon: ")
        assert h.text_of(identifier="review-service") == "Akta Kelahiran Uji"
        assert h.text_of(identifier="review-answer-jenis_kelamin") == (
            f"Jenis kelamin Laki-laki {t('review.prefilled')}"
        )
        assert h.text_of(identifier="review-answer-nama_anak") == "Nama anak Budi Kecil"
        assert "Tenggat" in h.text_of(identifier="review-due")
        assert t("review.attachments_note") in h.texts()
        assert "Diajukan" in h.text_of(identifier="review-update-0")
        assert actions(h) == ["start_review", "reject"]
        assert not h.exists(identifier="review-attachment-image-0")
        h.assert_accessible()
        before = len(await siti.access_log())
        await h.click(identifier="review-attachment-open-0")
        image = h.resolve(h.find(identifier="review-attachment-image-0"), ft.Image)
        assert isinstance(image.src, bytes) and image.src.startswith(b"\xff\xd8")
        saved: list[dict[str, Any]] = []

        def save_file(args: dict[str, Any]) -> str:
            saved.append(args)
            return "/tmp/x.jpg"

        h.on_method("FilePicker", "save_file", save_file)
        await h.click(identifier="review-attachment-save-0")
        assert saved and saved[0]["src_bytes"] == image.src
        assert h.exists(identifier="review-notice")
        h.assert_accessible()
    log = await siti.access_log()
    assert len(log) == before + 1
    assert "/documents/" in log[0]["resource"] and log[0]["actor_name"] == "Budi Santoso"


async def test_start_review_then_request_revision_with_items(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    siti, app, desk = await filed(api, db)
    async with harness(api, QUEUE, desk) as h:
        await h.click(identifier=f"review-item-{app['tracking_number']}")
        await h.click(identifier="review-action-start_review")
        assert t("review.done", status=t("review.status.in_review")) in h.texts()
        assert actions(h) == ["approve", "request_revision", "reject"]
        await h.click(identifier="review-action-request_revision")
        h.assert_accessible()
        await h.click(identifier="review-revision-confirm")  # nothing written yet
        assert h.text_of(identifier="review-revision-error") == t("review.revision.empty")
        targets = [o.key for o in h.input(identifier="review-revision-target-0").options]
        assert targets == ["", "nama_anak", "jenis_kelamin", "req:surat_lahir"]
        await h.select("jenis_kelamin", identifier="review-revision-target-0")
        await h.type(
            "Jenis kelamin tidak sesuai surat lahir", identifier="review-revision-message-0"
        )
        await h.click(identifier="review-revision-add")
        await h.click(identifier="review-revision-add")
        await h.select("req:surat_lahir", identifier="review-revision-target-1")
        await h.type("Foto surat lahir buram", identifier="review-revision-message-1")
        await h.click(identifier="review-revision-remove-2")
        assert not h.exists(identifier="review-revision-message-2")
        await h.click(identifier="review-revision-confirm")
        assert not h.dialogs
        assert h.text_of(identifier="review-revision-item-0") == (
            "Jenis kelamin: Jenis kelamin tidak sesuai surat lahir"
        )
        assert (
            h.text_of(identifier="review-revision-item-1") == "Surat lahir: Foto surat lahir buram"
        )
        assert actions(h) == []
        assert h.has_text(t("review.no_actions"))
        await h.back()  # the queue row shows the new status without a reload
        row = h.find(identifier=f"review-item-{app['tracking_number']}")
        assert t("review.status.needs_revision") in str(getattr(row, "label", ""))
    seen = await siti.read(app["id"])
    assert seen["status"] == "needs_revision"
    assert [i["target"] for i in seen["revision_items"]] == ["jenis_kelamin", "surat_lahir"]


async def test_reject_needs_a_reason(api: httpx.AsyncClient, db: AsyncSession) -> None:
    siti, app, desk = await filed(api, db, KIA)
    async with harness(api, f"{QUEUE}/{app['id']}", desk) as h:
        await h.click(identifier="review-action-reject")
        await h.click(identifier="review-reject-confirm")
        assert h.input(identifier="review-reject-reason").error == t("review.reject.required")
        h.assert_accessible()
        await h.type("Bukan domisili Kota Batu", identifier="review-reject-reason")
        await h.click(identifier="review-reject-confirm")
        assert not h.dialogs
        reason = h.text_of(identifier="review-rejection")
        assert reason == "Alasan penolakan: Bukan domisili Kota Batu"
        assert actions(h) == []
    assert (await siti.read(app["id"]))["rejection_reason"] == "Bukan domisili Kota Batu"


async def test_approve_then_complete_with_a_result_document(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    siti, app, desk = await filed(api, db)
    async with harness(api, f"{QUEUE}/{app['id']}", desk) as h:
        await h.click(identifier="review-action-start_review")
        await h.click(identifier="review-action-approve")
        assert actions(h) == ["complete"]
        await h.click(identifier="review-action-complete")
        await h.click(identifier="review-complete-confirm")
        assert h.text_of(identifier="review-complete-error") == t("review.complete.required")
        pick_answers(h, ("akta.jpg", jpeg("blue", (800, 600))))
        await h.click(identifier="review-complete-pick")
        assert h.text_of(identifier="review-complete-file") == "Dokumen hasil: akta.jpg"
        assert h.input(identifier="review-complete-doc-title").value == "Akta Kelahiran Uji"
        h.assert_accessible()
        await h.select("akta_kelahiran", identifier="review-complete-type")
        await h.click(identifier="review-complete-confirm")
        assert not h.dialogs
        assert h.exists(identifier="review-result-document")
        assert t("review.done", status=t("review.status.completed")) in h.texts()
    seen = await siti.read(app["id"])
    assert seen["status"] == "completed"
    wallet = await api.get("/api/v1/me/documents", headers=siti.auth)
    docs = {d["id"]: d for d in wallet.json()["documents"]}
    result = docs[seen["result"]["document_id"]]
    assert result["type"] == "akta_kelahiran" and result["title"] == "Akta Kelahiran Uji"


async def test_complete_with_pickup_instructions(api: httpx.AsyncClient, db: AsyncSession) -> None:
    siti, app, desk = await filed(api, db, KIA)
    await act(api, desk, app["id"], action="start_review")
    await act(api, desk, app["id"], action="approve")
    async with harness(api, f"{QUEUE}/{app['id']}", desk) as h:
        await h.click(identifier="review-action-complete")
        await h.type("Ambil di loket 3, bawa KTP asli", identifier="review-complete-pickup")
        await h.click(identifier="review-complete-confirm")
        pickup = h.text_of(identifier="review-result-pickup")
        assert pickup == "Pengambilan: Ambil di loket 3, bawa KTP asli"
    result = (await siti.read(app["id"]))["result"]
    assert result["pickup_instructions"] == "Ambil di loket 3, bawa KTP asli"
    assert result["pickup_qr"]


async def test_the_officer_who_acts_second_sees_why_and_the_latest_data(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    siti, app, desk = await filed(api, db)
    colleague = await officer(api, db, name="Rina Wati")
    async with harness(api, f"{QUEUE}/{app['id']}", desk) as h:
        assert actions(h) == ["start_review", "reject"]
        await act(api, colleague, app["id"], action="start_review")  # behind the screen's back
        await h.click(identifier="review-action-start_review")
        assert h.text_of(identifier="review-changed") == (
            "Permohonan ini baru saja diubah oleh petugas lain. Data terbaru sudah dimuat."
        )
        assert actions(h) == ["approve", "request_revision", "reject"]
        assert "Rina Wati" in h.text_of(identifier="review-update-0")
        await h.click(identifier="review-action-approve")  # now with the fresh version
        assert not h.exists(identifier="review-changed")
        assert actions(h) == ["complete"]
    assert (await siti.read(app["id"]))["status"] == "processing"


async def test_a_stale_dialog_action_also_reloads(api: httpx.AsyncClient, db: AsyncSession) -> None:
    _, app, desk = await filed(api, db)
    colleague = await officer(api, db, name="Rina Wati")
    await act(api, desk, app["id"], action="start_review")
    async with harness(api, f"{QUEUE}/{app['id']}", desk) as h:
        await h.click(identifier="review-action-reject")
        await h.type("Data tidak lengkap", identifier="review-reject-reason")
        await act(api, colleague, app["id"], action="approve")
        await h.click(identifier="review-reject-confirm")
        assert not h.dialogs
        assert h.exists(identifier="review-changed")
        assert actions(h) == ["complete"]


async def test_another_agencys_application_is_not_found(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    _, app, _ = await filed(api, db)
    samsat = await officer(api, db, agency="SAMSAT")
    async with harness(api, f"{QUEUE}/{app['id']}", samsat) as h:
        assert h.text_of(identifier="review-error") == t("review.not_found")
        assert actions(h) == [] and h.exists(identifier="review-reload")


async def test_english_labels(api: httpx.AsyncClient, db: AsyncSession) -> None:
    _, app, desk = await filed(api, db)
    async with harness(api, QUEUE, desk, language="en") as h:
        assert h.has_text("Submitted from: pick a date") and h.has_text("Overdue only")
        await h.click(identifier=f"review-item-{app['tracking_number']}")
        assert h.has_text("Start review") and h.has_text("Akta Kelahiran Uji (EN)")
        assert h.text_of(identifier="review-citizen-name") == "Name: Siti Aminah"


async def test_reload_shows_what_changed_meanwhile(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    _, app, desk = await filed(api, db)
    async with harness(api, f"{QUEUE}/{app['id']}", desk) as h:
        assert actions(h) == ["start_review", "reject"]
        await act(api, desk, app["id"], action="start_review")  # from another device
        await h.click(identifier="review-detail-refresh")
        assert actions(h) == ["approve", "request_revision", "reject"]
        assert not h.exists(identifier="review-changed")
