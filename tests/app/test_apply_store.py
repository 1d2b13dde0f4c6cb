"""Tests: the apply, fix and upload stores' actions against the real API in-process — pre-fill,
the check before sending, drafts, submit through the outbox (sent or queued), the fix with
If-Match (a 412 sets `changed` and reloads), uploads resent with the same key, sign-out."""

from __future__ import annotations

from dataclasses import dataclass

from app.services.api import ApiClient
from app.services.catalog_cache import CatalogCache
from app.services.device_store import DeviceStore, MemoryBackend
from app.state.application_detail import ApplicationStore
from app.state.application_fix import FixStore
from app.state.applications import ApplicationsHub, Delivery
from app.state.apply import ApplyStore
from app.state.attachments import AttachmentUploads
from app.state.catalog import CatalogStore
from app.state.catalog_browse import service_by_code
from app.state.store import Note
from contracts.catalog import PublicService, Requirement
from tests.app.screen_support import db_url  # noqa: F401
from tests.app.test_applications_support import (
    KK_NUMBER,
    KK_SERVICE,
    World,
    fill_profile,
    jpeg,
    upload,
    world_fixture,  # noqa: F401
)
from tests.app.test_apply_policy_screens import (
    DOCUMENTS,
    LosingUploads,
    fixed_elsewhere,
    needing_a_fix,
)


@dataclass
class Stores:
    hub: ApplicationsHub
    catalog: CatalogStore
    apply: ApplyStore
    application: ApplicationStore
    fix: FixStore

    async def service(self, code: str = KK_SERVICE) -> PublicService:
        await self.catalog.load()
        assert self.catalog.loaded is not None
        found = service_by_code(self.catalog.loaded.catalog, code)
        assert found is not None
        return found


def stores(w: World) -> Stores:
    """What app/main.py builds, without a page: the same stores over the same API."""
    api = ApiClient(w.client, token=w.auth["Authorization"].removeprefix("Bearer "))
    device = DeviceStore(MemoryBackend())
    hub = ApplicationsHub(api, device, lambda: str(w.citizen["id"]))
    catalog = CatalogStore(api, CatalogCache(device))
    application = ApplicationStore(api)
    return Stores(
        hub,
        catalog,
        ApplyStore(api, hub, catalog, AttachmentUploads(api), draft_delay=0),
        application,
        FixStore(api, application, AttachmentUploads(api)),
    )


def requirement(service: PublicService, code: str) -> Requirement:
    found = service.requirement(code)
    assert found is not None
    return found


async def test_open_prefills_and_submit_checks_before_sending(world: World) -> None:
    await fill_profile(world)
    kk = await upload(world, "kk")
    s = stores(world)
    service = await s.service()
    await s.apply.open(service)
    form = s.apply.form
    assert form is not None and s.apply.showing(KK_SERVICE)
    assert form.values["nomor-kk"] == KK_NUMBER and "nomor-kk" in form.prefilled
    assert form.attachments["kk"] == kk and [d.id for d in s.apply.wallet] == [kk]
    assert s.apply.sources is not None and not s.apply.sources.offline
    assert await s.apply.submit() is None
    assert s.apply.problem == Note("apply.check_form")
    assert {"jenis", "keterangan", "dokumen-pendukung"} <= set(s.apply.invalid)
    await s.apply.set_value("jenis", "tambah-anggota")
    assert "jenis" not in s.apply.invalid  # the edit clears its own error
    assert await world.app_count() == 0


async def test_edits_keep_a_draft_and_a_sent_form_drops_it(world: World) -> None:
    await fill_profile(world)
    await upload(world, "kk")
    support = await upload(world, "other", "Akta kelahiran anak")
    s = stores(world)
    await s.apply.open(await s.service())
    await s.apply.set_value("jenis", "tambah-anggota")
    await s.apply.set_value("keterangan", "Menambah anak kedua")
    draft = await s.hub.drafts.load(KK_SERVICE)
    assert draft is not None and draft.answers["keterangan"] == "Menambah anak kedua"
    await s.apply.set_attachment("dokumen-pendukung", support)
    outcome = await s.apply.submit()
    assert outcome is not None and outcome.delivery is Delivery.SENT
    assert outcome.detail is not None and s.apply.problem is None
    assert await s.hub.drafts.load(KK_SERVICE) is None
    assert await world.app_count() == 1


async def test_without_signal_the_application_waits_in_the_outbox(world: World) -> None:
    await fill_profile(world)
    await upload(world, "kk")
    support = await upload(world, "other")
    s = stores(world)
    await s.apply.open(await s.service())
    for code, value in (("jenis", "tambah-anggota"), ("keterangan", "Menambah anak")):
        await s.apply.set_value(code, value)
    await s.apply.set_attachment("dokumen-pendukung", support)
    world.wire.offline = True
    outcome = await s.apply.submit()
    assert outcome is not None and outcome.delivery is Delivery.QUEUED
    assert [e.key for e in s.hub.sender.outbox.entries] == [outcome.entry.key]
    assert await world.app_count() == 0


async def test_sign_out_forgets_the_form_and_its_sources(world: World) -> None:
    await fill_profile(world)
    s = stores(world)
    await s.apply.open(await s.service())
    await s.apply.set_value("keterangan", "Pisah KK")
    await s.apply.forget()
    assert s.apply.form is None and s.apply.sources is None and s.apply.service is None
    assert not s.apply.showing(KK_SERVICE) and s.apply.wallet == []


async def test_a_fix_over_a_change_made_meanwhile_is_412_then_goes_on_the_new_version(
    world: World,
) -> None:
    app = await needing_a_fix(world)
    s = stores(world)
    await s.application.open(app["id"])
    assert s.application.detail is not None
    first = s.application.detail.version
    await s.fix.open(await s.service(), s.application.detail)
    await s.fix.set_value("keterangan", "Anak kedua: Budi")
    await fixed_elsewhere(world, app)
    assert not await s.fix.resubmit("Sudah")
    assert s.fix.changed and s.fix.problem is not None
    assert s.fix.problem.key == "error.changed" and s.fix.problem.text
    assert s.application.detail.version > first  # reloaded under the form
    assert s.fix.form is not None and s.fix.form.values["keterangan"] == "Anak kedua: Budi"
    assert await s.fix.resubmit("Sudah")
    assert not s.fix.changed and s.fix.problem is None
    assert s.application.notice == Note("application.resubmitted")
    assert s.application.detail.status == "submitted"


async def test_a_fix_that_fails_the_check_is_not_sent(world: World) -> None:
    app = await needing_a_fix(world)
    s = stores(world)
    await s.application.open(app["id"])
    assert s.application.detail is not None
    await s.fix.open(await s.service(), s.application.detail)
    await s.fix.set_value("keterangan", "")
    assert not await s.fix.resubmit("")
    assert s.fix.invalid == {"keterangan": "applications.error.form_required"}
    assert s.application.detail.status == "needs_revision"


async def test_an_upload_whose_answer_was_lost_is_resent_with_the_same_key(
    world: World,
) -> None:
    losing = LosingUploads(world.wire.inner)
    world.wire.inner = losing
    s = stores(world)
    service = await s.service()
    await s.apply.open(service)
    await s.apply.upload(requirement(service, "kk"), "Kartu Keluarga", jpeg(), "kk.jpg")
    uploads = s.apply.uploads
    assert uploads.can_retry and uploads.pending is not None and uploads.problem is not None
    await s.apply.retry_upload()
    assert uploads.pending is None and uploads.problem is None and uploads.progress is None
    assert len(losing.keys) == 2 and len(set(losing.keys)) == 1
    form = s.apply.form
    assert form is not None and s.apply.wallet
    assert form.attachments["kk"] == s.apply.wallet[0].id
    listed = (await world.client.get(DOCUMENTS, headers=world.auth)).json()["documents"]
    assert [d["id"] for d in listed] == [s.apply.wallet[0].id]


async def test_a_file_that_is_no_image_is_refused_on_the_device(world: World) -> None:
    watching = LosingUploads(world.wire.inner)
    watching.lose = 0
    world.wire.inner = watching
    s = stores(world)
    service = await s.service()
    await s.apply.open(service)
    await s.apply.upload(requirement(service, "kk"), "KK", b"not a photo", "kk.jpg")
    uploads = s.apply.uploads
    assert uploads.problem is not None and uploads.problem.key.startswith("documents.prep.")
    assert uploads.pending is None and not uploads.busy and watching.keys == []  # not sent
    await s.fix.forget()
    await s.apply.forget()
    assert uploads.problem is None
