"""Permohonan Saya's store (state layer) against the real API: the list kept on the device per
account and shown without signal with its sync time, forgotten at sign-out; the identity
stores forget whom their codes named; an expired session on the list signs out."""

from __future__ import annotations

from datetime import UTC, datetime

from app.services.api import ApiClient
from app.services.application_list_cache import ApplicationListCache, list_key
from app.services.device_store import DeviceStore, MemoryBackend
from app.services.identity_store import IdentityStore
from app.services.tokens import TOKEN_KEY
from app.state.application_list import ApplicationsStore
from app.state.applications import ApplicationsHub
from app.state.identity import CredentialStore, MyQrStore, ScanStore
from contracts.identity import TokenKind
from tests.app.screen_support import db_url, t  # noqa: F401
from tests.app.test_applications_support import (
    World,
    file_directly,
    kk_payload,
    upload,
    world_fixture,  # noqa: F401
)


def list_store(w: World, device: DeviceStore) -> ApplicationsStore:
    """As app/main.py builds it, for the world's citizen."""
    api = ApiClient(w.client, token=w.auth["Authorization"].removeprefix("Bearer "))
    hub = ApplicationsHub(api, device, lambda: str(w.citizen["id"]))
    return ApplicationsStore(api, ApplicationListCache(device), hub)


async def filed(w: World) -> str:
    kk, support = await upload(w, "kk"), await upload(w, "kk", "Surat pengantar")
    return str((await file_directly(w, kk_payload(kk, support)))["id"])


async def test_the_list_is_kept_and_shown_without_signal_with_its_sync_time(world: World) -> None:
    app_id = await filed(world)
    device = DeviceStore(MemoryBackend())
    online = list_store(world, device)
    await online.load()
    assert [i.id for i in online.items or []] == [app_id] and not online.offline
    synced = online.synced_at
    assert synced is not None and synced <= datetime.now(UTC)
    world.wire.offline = True  # the next start: no signal for the applications
    offline = list_store(world, device)
    await offline.load()
    assert [i.id for i in offline.items or []] == [app_id]
    assert offline.offline and offline.synced_at == synced
    assert offline.problem is None and offline.can_retry  # the copy's age, not an error
    world.wire.offline = False
    await offline.load()
    assert not offline.offline and offline.synced_at != synced


async def test_without_signal_and_no_copy_the_list_says_so(world: World) -> None:
    world.wire.offline = True
    store = list_store(world, DeviceStore(MemoryBackend()))
    await store.load()
    assert store.items is None and not store.offline
    assert store.problem is not None and store.problem.key == "error.offline" and store.can_retry


async def test_forget_drops_the_list_and_its_copy(world: World) -> None:
    await filed(world)
    device = DeviceStore(MemoryBackend())
    store = list_store(world, device)
    await store.load()
    key = list_key(str(world.citizen["id"]))
    assert await device.read_text(key)
    await store.forget()
    assert store.items is None and store.synced_at is None
    assert await device.read_text(key) is None


async def test_identity_stores_forget_whom_their_codes_named(world: World) -> None:
    api = ApiClient(world.client, token=world.auth["Authorization"].removeprefix("Bearer "))
    identity = IdentityStore(DeviceStore(MemoryBackend()))

    def owner() -> str:
        return str(world.citizen["id"])

    my_qr = MyQrStore(api, identity, owner, count=2)
    await my_qr.start()
    assert my_qr.png is not None and my_qr.claims is not None
    check = ScanStore(api, identity, owner, TokenKind.OFFICER)
    await check.prepare()
    await check.check_texts(["SP1:not-a-real-token"])
    assert check.outcome is not None
    card = CredentialStore(api, identity, owner)
    card.png = b"png"
    for store in (my_qr, check, card):
        await store.forget()
    assert my_qr.png is None and my_qr.claims is None and my_qr.choice is None
    assert check.outcome is None and check.keys_at is None
    assert card.png is None and card.credential is None


async def test_an_expired_session_on_the_list_signs_out(world: World) -> None:
    await filed(world)
    async with world.harness("/home/applications") as h:
        assert h.exists(identifier="applications-refresh"), h.outline()
        revoked = await world.client.post("/api/v1/auth/logout", headers=world.auth)
        assert revoked.status_code == 204
        await h.click(identifier="applications-refresh")
        assert h.route == "/", h.outline()
        assert TOKEN_KEY not in h.secure_storage
        assert not any(k.startswith("satupintu.applications.list") for k in h.secure_storage)
        assert h.has_text(t("welcome.login"))
