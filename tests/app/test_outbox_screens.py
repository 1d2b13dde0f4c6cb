"""Screen tests: submitting without signal — the application waits in the outbox on the
device ("Menunggu sinyal"), then reaches the server exactly once when the network returns:
on opening Permohonan Saya, after a lost answer, and after the app was restarted."""

from __future__ import annotations

from app.services.outbox import outbox_key
from tests.app.harness import FletHarness
from tests.app.screen_support import db_url, t  # noqa: F401
from tests.app.test_applications_support import (
    KK_SERVICE,
    World,
    fill_profile,
    upload,
    world_fixture,  # noqa: F401
)

APPLY = f"/home/services/{KK_SERVICE}/apply"


async def apply_offline(w: World, h: FletHarness) -> None:
    support = await upload(w, "other", "Akta kelahiran anak")
    await h.navigate(APPLY)
    await h.select("tambah-anggota", identifier="apply-field-jenis")
    await h.type("Menambah anak kedua", identifier="apply-field-keterangan")
    await h.select(support, identifier="apply-attach-dokumen-pendukung")
    w.wire.offline = True
    await h.click(identifier="apply-submit")


async def test_offline_submit_waits_then_is_delivered_exactly_once(world: World) -> None:
    await fill_profile(world)
    await upload(world, "kk")
    async with world.harness("/home") as h:
        await apply_offline(world, h)
        assert h.route == "/home/applications", h.outline()
        card = h.text_of(identifier="applications-outbox-0")
        assert t("applications.outbox_waiting") in card and t("applications.outbox_auto") in card
        assert outbox_key(world.citizen["id"]) in h.secure_storage  # on the device first
        assert await world.app_count() == 0
        h.assert_accessible()

        await h.click(identifier="applications-refresh")  # still no signal: stays
        assert h.exists(identifier="applications-outbox-0")
        world.wire.offline = False
        await h.click(identifier="applications-refresh")
        assert not h.exists(identifier="applications-outbox-0"), h.outline()
        assert await world.app_count() == 1
        assert outbox_key(world.citizen["id"]) not in h.secure_storage
        assert len(set(world.wire.submits)) == 1  # one key for every attempt
        assert len(world.wire.submits) >= 3  # tap, opening the list, two refreshes


async def test_a_lost_answer_is_retried_with_the_same_key_and_filed_once(world: World) -> None:
    await fill_profile(world)
    await upload(world, "kk")
    async with world.harness("/home") as h:
        await apply_offline(world, h)
        world.wire.offline = False
        world.wire.lose_answers = 1  # the server files it, the phone never hears back
        await h.click(identifier="applications-refresh")
        assert h.exists(identifier="applications-outbox-0")
        assert await world.app_count() == 1
        await h.click(identifier="applications-refresh")  # replayed: the same application
        assert not h.exists(identifier="applications-outbox-0")
        assert await world.app_count() == 1
        assert len(set(world.wire.submits)) == 1


async def test_the_outbox_survives_a_restart_and_is_sent_on_start(world: World) -> None:
    await fill_profile(world)
    await upload(world, "kk")
    async with world.harness("/home") as h:
        await apply_offline(world, h)
        device = dict(h.secure_storage)
    assert await world.app_count() == 0
    world.wire.offline = False
    async with world.harness("/home", device=device) as h2:  # a new start, same phone
        assert await world.app_count() == 1  # sent from the home screen, no tap needed
        await h2.click(identifier="home-tile-applications")
        assert not h2.exists(identifier="applications-outbox-0")
        assert len([i for i in h2.texts() if t("applications.status.submitted") in i]) == 1
    assert await world.app_count() == 1
    assert len(set(world.wire.submits)) == 1


async def test_a_refused_entry_needs_attention_and_is_fixed_from_the_form(world: World) -> None:
    await fill_profile(world)
    await upload(world, "kk")
    async with world.harness("/home") as h:
        await apply_offline(world, h)
        stored = [k for k, v in h.secure_storage.items() if k.startswith("satupintu.outbox")]
        assert stored
        # meanwhile the citizen deleted the attached document on another device
        wallet = await world.client.get("/api/v1/me/documents", headers=world.auth)
        support = next(d["id"] for d in wallet.json()["documents"] if d["type"] == "other")
        gone = await world.client.delete(f"/api/v1/me/documents/{support}", headers=world.auth)
        assert gone.status_code == 204, gone.text
        world.wire.offline = False
        await h.click(identifier="applications-refresh")
        card = h.text_of(identifier="applications-outbox-0")
        assert t("applications.outbox_attention") in card
        assert await world.app_count() == 0
        h.assert_accessible()
        await h.click(identifier="applications-outbox-fix-0")
        assert h.route == APPLY, h.outline()
        assert h.input(identifier="apply-field-keterangan").value == "Menambah anak kedua"
        error = h.input(identifier="apply-attach-dokumen-pendukung").error_text
        assert error, h.outline()
        replacement = await upload(world, "other", "Surat keterangan")
        await h.back()
        await h.navigate(APPLY)  # reopened: the new wallet document is there to pick
        await h.select(replacement, identifier="apply-attach-dokumen-pendukung")
        await h.click(identifier="apply-submit")
        assert h.route.startswith("/home/applications/"), h.outline()
        await h.back()
        assert not h.exists(identifier="applications-outbox-0")
    assert await world.app_count() == 1
