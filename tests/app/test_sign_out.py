"""Screen tests: signing out forgets everything personal on the device — also after a restart,
when no screen of a feature has rendered yet — and an expired session is handled in one place
(the API client's hook) on any screen."""

from __future__ import annotations

from datetime import UTC, datetime

from app.services.api import ApiClient
from app.services.application_list_cache import StoredList, list_key
from app.services.catalog_cache import CATALOG_KEY, CHECKED_KEY
from app.services.drafts import Draft, StoredDrafts, draft_key
from app.services.identity_api import fetch_token_batch
from app.services.identity_store import BATCH_KEY, JWKS_KEY, StoredBatch, StoredJwks
from app.services.outbox import EntryState, OutboxEntry, StoredOutbox, outbox_key
from app.services.session_memory import ACCOUNT_KEY, LANGUAGE_KEY, StoredAccount
from app.services.tokens import TOKEN_KEY
from contracts.accounts import AccountOut
from contracts.applications import ApplicationIn
from contracts.catalog import LocalText
from tests.app.screen_support import db_url, t  # noqa: F401
from tests.app.test_applications_support import (
    KK_SERVICE,
    World,
    upload,
    world_fixture,  # noqa: F401
)

# the catalog, the keys and the chosen language: nobody's data
PUBLIC = {CATALOG_KEY, CHECKED_KEY, JWKS_KEY, LANGUAGE_KEY}


async def a_day_on_the_device(w: World) -> dict[str, str]:
    """What a citizen's phone holds after a day of use: QR batch, keys, a draft, a refused
    application in the outbox (it waits for the citizen, it is not sent again), the account
    remembered for an offline start, the last applications list, the chosen language."""
    owner, now = w.citizen["id"], datetime.now(UTC)
    api = ApiClient(w.client, token=w.auth["Authorization"].removeprefix("Bearer "))
    batch = await fetch_token_batch(api, 3)
    stored = StoredBatch(owner=owner, tokens=batch.tokens, fetched_at=batch.server_time)
    draft = Draft(form_version=1, answers={"keterangan": "Pisah KK"}, saved_at=now)
    entry = OutboxEntry(
        key="k-1",
        created_at=now,
        payload=ApplicationIn(service_code=KK_SERVICE, form_version=1, answers={}),
        service_name=LocalText(id="Perubahan KK", en="KK change"),
        state=EntryState.ATTENTION,
        error="Periksa isian",
    )
    account = AccountOut.model_validate((await w.client.get("/api/v1/me", headers=w.auth)).json())
    return {
        ACCOUNT_KEY: StoredAccount(account=account, synced_at=now).model_dump_json(),
        list_key(owner): StoredList(synced_at=now).model_dump_json(),
        LANGUAGE_KEY: "en",
        BATCH_KEY: stored.model_dump_json(),
        JWKS_KEY: StoredJwks(jwks={"keys": []}, fetched_at=now).model_dump_json(),
        draft_key(owner): StoredDrafts(by_service={KK_SERVICE: draft}).model_dump_json(),
        outbox_key(owner): StoredOutbox(entries=[entry]).model_dump_json(),
    }


async def test_sign_out_after_a_restart_wipes_every_store_with_personal_data(
    world: World,
) -> None:
    device = await a_day_on_the_device(world)
    async with world.harness("/home", device=device) as h:  # a restart: signed in from storage
        assert h.route == "/home", h.outline()
        assert BATCH_KEY in h.secure_storage  # no QR screen rendered in this run
        await h.click(identifier="nav-settings")
        await h.click(identifier="settings-logout")
        # a refused application still waits in the outbox: warned first, it goes too
        assert t("settings.logout_outbox_warning", "en", count=1) in h.texts(scope="top")
        await h.click(identifier="settings-logout-confirm")
        assert h.route == "/", h.outline()
        left = set(h.secure_storage)
    assert TOKEN_KEY not in left
    assert left <= PUBLIC, f"personal data left on the device: {sorted(left - PUBLIC)}"
    assert LANGUAGE_KEY in left  # the language is nobody's data: it stays


async def test_an_expired_session_signs_out_from_any_screen_in_one_place(world: World) -> None:
    await upload(world, "kk")
    async with world.harness("/home/documents") as h:
        assert h.exists(identifier="documents-item-0"), h.outline()
        revoked = await world.client.post("/api/v1/auth/logout", headers=world.auth)
        assert revoked.status_code == 204
        await h.click(identifier="documents-delete-0")
        await h.click(identifier="documents-delete-confirm")
        assert h.route == "/", h.outline()  # the client's hook signed out; no screen code did
        assert TOKEN_KEY not in h.secure_storage
