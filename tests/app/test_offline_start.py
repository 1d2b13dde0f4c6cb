"""Screen tests: a cold start without signal enters the signed-in app in offline mode — the
stored QR (a token that verifies with the stored keys), the officer card, Permohonan Saya and
the catalog — under a banner with the last sync; reconnecting revalidates the session; sign-out
offline forgets everything personal; the chosen language survives a restart."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import flet as ft
import httpx

from app.components.applications import when
from app.main import build_main
from app.services.application_list_cache import list_key
from app.services.catalog_cache import CATALOG_KEY, CHECKED_KEY
from app.services.identity_store import JWKS_KEY, StoredJwks
from app.services.qr_decode import decode_qr
from app.services.session_memory import ACCOUNT_KEY, LANGUAGE_KEY, StoredAccount
from app.services.tokens import TOKEN_KEY
from app.settings import AppSettings
from contracts.identity import IdentityClaims, TokenKind, verify_token
from tests.app.harness import FletHarness
from tests.app.screen_support import BASE_URL, db_url, t  # noqa: F401
from tests.app.test_applications_support import (
    World,
    file_directly,
    kk_payload,
    officer,
    upload,
    world_fixture,  # noqa: F401
)
from tests.app.test_screens_qr import LOOPS, citizen_tokens, photo_of, pick_answers

PUBLIC = {CATALOG_KEY, CHECKED_KEY, JWKS_KEY, LANGUAGE_KEY}  # nobody's data: kept


class Signal(httpx.AsyncBaseTransport):
    """The phone's connection: the in-process API, or (down) a connect error for everything."""

    def __init__(self, inner: httpx.AsyncBaseTransport, *, down: bool = False) -> None:
        self.inner, self.down = inner, down
        self.me_calls = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("network is unreachable", request=request)
        self.me_calls += request.url.path == "/api/v1/me"
        return await self.inner.handle_async_request(request)


def no_signal() -> httpx.AsyncClient:
    """A transport that never reaches anything (the cold start the issue describes)."""

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("network is unreachable", request=request)

    return httpx.AsyncClient(transport=httpx.MockTransport(refuse), base_url=BASE_URL)


def app(http: httpx.AsyncClient, route: str, device: dict[str, str]) -> FletHarness:
    """The app started on a phone whose secure storage holds `device`."""
    settings = AppSettings(api_url=BASE_URL, language="id", device_name="pytest")
    h = FletHarness(build_main(settings, http=http), route=route, background_tasks=LOOPS)
    h.secure_storage.update(device)
    for kind, method in (
        ("ScreenBrightness", "set_application_screen_brightness"),
        ("ScreenBrightness", "reset_application_screen_brightness"),
        ("Wakelock", "enable"),
        ("Wakelock", "disable"),
    ):
        h.on_method(kind, method, lambda a: None)
    return h


@asynccontextmanager
async def restarted(w: World, device: dict[str, str]) -> AsyncIterator[tuple[Signal, FletHarness]]:
    """The phone restarted at /home without signal; `signal.down = False` brings it back."""
    signal = Signal(w.wire, down=True)
    async with (
        httpx.AsyncClient(transport=signal, base_url=BASE_URL) as http,
        app(http, "/home", device) as h,
    ):
        yield signal, h


async def a_day_online(w: World, bearer: str, routes: list[str]) -> dict[str, str]:
    """The phone used with signal: these screens opened once; what its storage holds after."""
    async with app(w.client, routes[0], {TOKEN_KEY: bearer}) as h:
        for route in routes[1:]:
            await h.navigate(route)
        assert not h.exists(identifier="offline-banner")
        return dict(h.secure_storage)


def bearer_of(headers: dict[str, str]) -> str:
    return headers["Authorization"].removeprefix("Bearer ")


def shown_token(h: FletHarness, identifier: str) -> str:
    image = h.resolve(h.find(identifier=identifier), ft.Image)
    assert isinstance(image.src, bytes)
    texts = decode_qr(image.src)
    assert len(texts) == 1, texts
    return texts[0]


def verified(device: dict[str, str], token: str, kind: TokenKind) -> IdentityClaims:
    """What an officer's phone would say: checked with the keys stored on this device."""
    keys = StoredJwks.model_validate_json(device[JWKS_KEY]).jwks
    return verify_token(token, keys, datetime.now(UTC), expected_kind=kind)


def banner_text(device: dict[str, str]) -> str:
    synced = StoredAccount.model_validate_json(device[ACCOUNT_KEY]).synced_at
    return t("offline.banner", time=when(synced))


async def filed(w: World) -> str:
    kk, support = await upload(w, "kk"), await upload(w, "kk", "Surat pengantar")
    return str((await file_directly(w, kk_payload(kk, support)))["id"])


async def test_a_citizen_starts_without_signal_with_qr_applications_and_catalog(
    world: World,
) -> None:
    app_id = await filed(world)
    routes = ["/home", "/home/qr", "/home/applications", "/home/services"]
    device = await a_day_online(world, bearer_of(world.auth), routes)
    async with no_signal() as offline, app(offline, "/home", device) as h:
        assert h.route == "/home", h.outline()
        assert not h.exists(identifier="splash-offline")
        assert h.text_of(identifier="offline-banner") == banner_text(device)
        assert h.exists(identifier="offline-retry")
        await h.navigate("/home/qr")
        claims = verified(device, shown_token(h, "my-qr-image"), TokenKind.CITIZEN)
        assert claims.name == world.citizen["full_name"]
        assert h.exists(identifier="offline-banner")
        await h.navigate("/home/applications")
        assert h.exists(identifier=f"applications-item-{app_id}"), h.outline()
        assert h.exists(identifier="applications-offline")
        assert not h.exists(identifier="applications-error")  # the copy, not an error dump
        await h.navigate("/home/services")
        assert h.exists(identifier="services-offline"), h.outline()
        assert h.exists(identifier="services-search")
        h.assert_accessible()


async def test_an_officer_starts_without_signal_with_the_card_and_the_keys(
    world: World,
) -> None:
    staff = bearer_of(await officer(world))
    routes = ["/officer", "/officer/credential", "/officer/scan"]
    device = await a_day_online(world, staff, routes)
    citizen_token = (await citizen_tokens(world.client, bearer_of(world.auth)))[0]
    async with no_signal() as offline, app(offline, "/officer", device) as h:
        assert h.route == "/officer", h.outline()
        assert h.exists(identifier="offline-banner")
        await h.navigate("/officer/credential")
        card = verified(device, shown_token(h, "credential-image"), TokenKind.OFFICER)
        assert card.agency_code == "DUKCAPIL"
        await h.navigate("/officer/scan")
        pick_answers(h, photo_of(citizen_token))
        await h.click(identifier="scan-pick-file")
        assert world.citizen["full_name"] in h.text_of(identifier="scan-result-valid")
        assert h.exists(identifier="scan-needs-online")  # the exchange waits, said plainly


async def test_the_retry_on_the_banner_revalidates_the_session(world: World) -> None:
    device = await a_day_online(world, bearer_of(world.auth), ["/home"])
    async with restarted(world, device) as (signal, h):
        assert h.exists(identifier="offline-banner")
        await h.click(identifier="offline-retry")
        assert h.exists(identifier="offline-banner")  # still no signal: still offline
        signal.down = False
        await h.click(identifier="offline-retry")
        assert signal.me_calls == 1
        assert not h.exists(identifier="offline-banner"), h.outline()
        assert h.route == "/home"


async def test_the_first_answer_after_the_signal_returns_revalidates(world: World) -> None:
    device = await a_day_online(world, bearer_of(world.auth), ["/home"])
    async with restarted(world, device) as (signal, h):
        assert h.exists(identifier="offline-banner")
        signal.down = False
        await h.navigate("/home/applications")  # its list request gets through
        assert signal.me_calls == 1
        assert not h.exists(identifier="offline-banner"), h.outline()
        assert h.exists(identifier="applications-empty")


async def test_a_page_reconnect_revalidates_the_session(world: World) -> None:
    device = await a_day_online(world, bearer_of(world.auth), ["/home"])
    async with restarted(world, device) as (signal, h):
        signal.down = False
        connected: Any = h.page.on_connect
        await h.run(lambda: connected(None))
        assert signal.me_calls == 1
        assert not h.exists(identifier="offline-banner"), h.outline()


async def test_a_token_that_expired_offline_signs_out_at_reconnect(world: World) -> None:
    device = await a_day_online(world, bearer_of(world.auth), ["/home", "/home/applications"])
    async with restarted(world, device) as (signal, h):
        revoked = await world.client.post("/api/v1/auth/logout", headers=world.auth)
        assert revoked.status_code == 204
        signal.down = False
        await h.click(identifier="offline-retry")
        assert h.route == "/", h.outline()
        left = set(h.secure_storage)
    assert left <= PUBLIC, f"personal data left on the device: {sorted(left - PUBLIC)}"


async def test_sign_out_offline_forgets_everything_personal(world: World) -> None:
    await filed(world)
    routes = ["/home", "/home/qr", "/home/applications"]
    device = await a_day_online(world, bearer_of(world.auth), routes)
    owner = world.citizen["id"]
    assert {ACCOUNT_KEY, list_key(owner)} <= set(device)
    async with no_signal() as offline, app(offline, "/home", device) as h:
        await h.click(identifier="nav-settings")
        await h.click(identifier="settings-logout")
        assert h.route == "/", h.outline()
        assert not h.exists(identifier="offline-banner")
        left = set(h.secure_storage)
    assert left <= PUBLIC, f"personal data left on the device: {sorted(left - PUBLIC)}"


async def test_the_chosen_language_survives_a_restart_and_a_sign_out(world: World) -> None:
    async with app(world.client, "/home/settings", {TOKEN_KEY: bearer_of(world.auth)}) as h:
        await h.click(identifier="settings-language-en")
        await h.click(identifier="settings-logout")
        assert h.route == "/", h.outline()
        device = dict(h.secure_storage)
    async with no_signal() as offline, app(offline, "/", device) as h:
        assert h.has_text(t("welcome.login", "en")), h.outline()
        assert not h.has_text(t("welcome.login", "id"))
