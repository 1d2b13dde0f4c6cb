"""Screen tests: "Ajukan Permohonan" against the real API in-process — pre-fill from the
profile and the wallet ("sudah kami isi"), errors per field, submit into Permohonan Saya,
drafts across a restart, a family member as the subject."""

from __future__ import annotations

from dataclasses import replace

import flet as ft

from app.services.drafts import draft_key
from app.state.profile import local_phone
from contracts.catalog import Channel, FieldType, FormDefinition, FormField
from server.catalog.service import import_catalog
from tests.app.harness import FletHarness
from tests.app.screen_support import db_url, t  # noqa: F401
from tests.app.test_applications_support import (
    KK_NUMBER,
    KK_SERVICE,
    SERVICES,
    SOURCE,
    World,
    fill_profile,
    jpeg,
    upload,
    world_fixture,  # noqa: F401
)

APPLY = f"/home/services/{KK_SERVICE}/apply"


def field(h: FletHarness, code: str) -> object:
    return h.input(identifier=f"apply-field-{code}")


def order_of(h: FletHarness) -> list[str]:
    ids = [
        c.identifier or ""
        for c in h.find_all(type=ft.Semantics)
        if isinstance(c, ft.Semantics) and (c.identifier or "").startswith("apply-field-")
    ]
    return [i.removeprefix("apply-field-") for i in ids if not i.endswith("-picker")]


async def fill_missing(h: FletHarness, support_doc: str) -> None:
    await h.select("tambah-anggota", identifier="apply-field-jenis")
    await h.type("Menambah anak kedua", identifier="apply-field-keterangan")
    await h.select(support_doc, identifier="apply-attach-dokumen-pendukung")


async def test_prefill_from_profile_and_wallet_is_marked(world: World) -> None:
    await fill_profile(world)
    kk = await upload(world, "kk")
    async with world.harness(APPLY) as h:
        assert h.route == APPLY, h.outline()
        assert field(h, "nomor-kk").value == KK_NUMBER  # type: ignore[attr-defined]
        assert field(h, "telepon").value == local_phone("+6281234567890")  # type: ignore[attr-defined]
        for code in ("nomor-kk", "telepon"):
            assert h.text_of(identifier=f"apply-filled-{code}") == t("apply.prefilled")
        for code in ("jenis", "keterangan"):
            assert not h.exists(identifier=f"apply-filled-{code}")
        # what is missing comes first; what we filled in follows
        assert order_of(h) == ["jenis", "keterangan", "nomor-kk", "telepon"]
        assert h.input(identifier="apply-attach-kk").value == kk
        assert h.exists(identifier="apply-attach-filled-kk")
        assert not h.exists(identifier="apply-attach-filled-dokumen-pendukung")
        h.assert_accessible()
        await h.type("3579010101900002", identifier="apply-field-nomor-kk")
        assert not h.exists(identifier="apply-filled-nomor-kk")  # edited: no longer ours


async def test_errors_are_shown_per_field_in_indonesian(world: World) -> None:
    await fill_profile(world)
    await upload(world, "kk")
    async with world.harness(APPLY) as h:
        await h.type("08123", identifier="apply-field-telepon")
        await h.type("12345", identifier="apply-field-nomor-kk")
        await h.click(identifier="apply-submit")
        assert h.route == APPLY
        assert h.input(identifier="apply-field-jenis").error_text == t(
            "applications.error.form_required"
        )
        assert field(h, "keterangan").error == t("applications.error.form_required")  # type: ignore[attr-defined]
        assert field(h, "nomor-kk").error == t("applications.error.form_pattern")  # type: ignore[attr-defined]
        assert field(h, "telepon").error == t("applications.error.phone_format")  # type: ignore[attr-defined]
        support = h.input(identifier="apply-attach-dokumen-pendukung")
        assert support.error_text == t("applications.error.attachment_required")
        assert h.text_of(identifier="apply-error") == t("apply.check_form")
        await h.type("Menambah anak", identifier="apply-field-keterangan")
        assert not field(h, "keterangan").error  # type: ignore[attr-defined]
    assert await world.app_count() == 0


async def test_submit_shows_the_application_in_permohonan_saya(world: World) -> None:
    await fill_profile(world)
    await upload(world, "kk")
    support = await upload(world, "other", "Akta kelahiran anak")
    async with world.harness(APPLY) as h:
        await fill_missing(h, support)
        await h.click(identifier="apply-submit")
        assert h.route.startswith("/home/applications/"), h.outline()
        tracking = h.text_of(identifier="application-tracking")
        assert t("applications.status.submitted") in h.texts()
        assert h.exists(identifier="application-receipt-qr")
        await h.back()
        assert h.route == "/home/applications"
        cards = [c for c in h.find_all(type=ft.Semantics) if isinstance(c, ft.Semantics)]
        items = [c for c in cards if (c.identifier or "").startswith("applications-item-")]
        assert len(items) == 1
        assert tracking.split()[-1] in h.text_of(identifier=items[0].identifier)
        h.assert_accessible()
        assert not any(k.startswith("satupintu.draft") for k in h.secure_storage)
    assert await world.app_count() == 1
    assert len(world.wire.submits) == 1


async def test_draft_survives_a_restart_and_is_restored(world: World) -> None:
    await fill_profile(world)
    async with world.harness(APPLY) as h:
        await h.type("Pisah KK dari orang tua", identifier="apply-field-keterangan")
        await h.select("pisah-kk", identifier="apply-field-jenis")
        device = dict(h.secure_storage)
    assert draft_key(world.citizen["id"]) in device
    async with world.harness(APPLY, device=device) as h2:
        assert field(h2, "keterangan").value == "Pisah KK dari orang tua"  # type: ignore[attr-defined]
        assert h2.input(identifier="apply-field-jenis").value == "pisah-kk"
        assert field(h2, "nomor-kk").value == KK_NUMBER  # type: ignore[attr-defined]
        assert h2.exists(identifier="apply-filled-nomor-kk")


def pick_answer(h: FletHarness, name: str, data: bytes) -> list[dict[str, object]]:
    """Fake the device's file picker: every pick returns this file (web/phone style)."""
    calls: list[dict[str, object]] = []

    def pick(args: dict[str, object]) -> list[dict[str, object]]:
        calls.append(args)
        return [{"id": 0, "name": name, "size": len(data), "path": None, "bytes": data}]

    h.on_method("FilePicker", "pick_files", pick)
    return calls


async def test_attachments_uploaded_from_the_form_go_to_the_wallet_and_are_picked(
    world: World,
) -> None:
    await fill_profile(world)
    async with world.harness(APPLY) as h:
        assert h.has_text(t("apply.attach_none"))
        calls = pick_answer(h, "kk.jpg", jpeg("white"))
        await h.click(identifier="apply-attach-kk-upload")
        await h.click(identifier="apply-attach-dokumen-pendukung-upload")
        assert calls[0]["allowed_extensions"] == ["jpg", "jpeg", "png", "pdf"]
        kk = h.input(identifier="apply-attach-kk").value
        support = h.input(identifier="apply-attach-dokumen-pendukung").value
        assert kk and support and kk != support
        assert not h.exists(identifier="apply-attach-filled-kk")  # chosen by the citizen
        await h.select("tambah-anggota", identifier="apply-field-jenis")
        await h.type("Menambah anak kedua", identifier="apply-field-keterangan")
        await h.click(identifier="apply-submit")
        assert h.route.startswith("/home/applications/"), h.outline()
    wallet = await world.client.get("/api/v1/me/documents", headers=world.auth)
    kinds = {d["id"]: (d["type"], d["title"]) for d in wallet.json()["documents"]}
    label = SERVICES[KK_SERVICE].requirement("dokumen-pendukung")
    assert label is not None
    assert kinds[kk][0] == "kk" and kinds[support] == ("other", label.label.id)
    assert await world.app_count() == 1


async def test_a_form_changed_meanwhile_is_reloaded_and_sent_on_the_new_version(
    world: World,
) -> None:
    await fill_profile(world)
    await upload(world, "kk")
    support = await upload(world, "other", "Akta kelahiran anak")
    async with world.harness(APPLY) as h:
        await fill_missing(h, support)
        old = SERVICES[KK_SERVICE]
        extra = FormField(code="catatan-baru", label=old.name, type=FieldType.TEXT, required=False)
        changed = old.model_copy(update={"form": FormDefinition(fields=(*old.form.fields, extra))})
        others = tuple(s for s in SOURCE.services if s.code != KK_SERVICE)
        await import_catalog(world.db, replace(SOURCE, services=(*others, changed)))
        await world.db.commit()
        await h.click(identifier="apply-submit")
        assert h.route == APPLY
        assert h.text_of(identifier="apply-error") == t("apply.form_outdated")
        assert h.exists(identifier="apply-field-catatan-baru")  # the new form is on screen
        assert field(h, "keterangan").value == "Menambah anak kedua"  # type: ignore[attr-defined]
        await h.click(identifier="apply-submit")
        assert h.route.startswith("/home/applications/"), h.outline()
    rows = (await world.client.get("/api/v1/me/applications", headers=world.auth)).json()
    assert len(rows["items"]) == 1
    filed = await world.client.get(
        f"/api/v1/me/applications/{rows['items'][0]['id']}", headers=world.auth
    )
    assert filed.json()["form_version"] == 2


async def test_a_service_not_offered_online_has_no_form(world: World) -> None:
    code = next(c for c, s in SERVICES.items() if Channel.ONLINE not in s.channels)
    async with world.harness(f"/home/services/{code}/apply") as h:
        assert h.exists(identifier="apply-not-online"), h.outline()
        assert not h.exists(identifier="apply-submit")


async def test_a_photo_taken_in_the_form_becomes_the_attachment(world: World) -> None:
    await fill_profile(world)
    await upload(world, "kk")
    async with world.harness(APPLY) as h:
        h.on_method(
            "Camera",
            "get_available_cameras",
            lambda a: [{"name": "back", "lens_direction": "back", "sensor_orientation": 90}],
        )
        h.on_method("Camera", "initialize", lambda a: None)
        h.on_method("Camera", "take_picture", lambda a: jpeg("gray"))
        await h.click(identifier="apply-attach-dokumen-pendukung-camera")
        assert h.exists(identifier="apply-camera-view")
        h.assert_accessible()
        await h.click(identifier="apply-camera-shoot")
        assert not h.exists(identifier="apply-camera-view")
        picked = h.input(identifier="apply-attach-dokumen-pendukung").value
    wallet = await world.client.get("/api/v1/me/documents", headers=world.auth)
    photo = next(d for d in wallet.json()["documents"] if d["id"] == picked)
    assert photo["type"] == "other" and photo["media_type"] == "image/jpeg"
