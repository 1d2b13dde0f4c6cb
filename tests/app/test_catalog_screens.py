"""Screen tests: "Layanan" — browse, search with a typo, channel/category/agency filters, the
detail screen with every Standar Pelayanan part, and the offline copy (after one load, and
after a 304) — against the real API in-process."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from app.main import build_main
from app.services.catalog_cache import CATALOG_KEY
from app.services.tokens import TOKEN_KEY
from app.settings import AppSettings
from server.app import create_app
from server.config import Settings
from tests.app.catalog_samples import sample_catalog
from tests.app.harness import FletHarness
from tests.app.screen_support import BASE_URL, db_url, t  # noqa: F401
from tests.app.test_catalog_cache import Server
from tests.builders import login, make_citizen


class Wire(httpx.AsyncBaseTransport):
    """The in-process API (catalog answered by `catalog`), which can lose its signal; records
    the catalog requests and their status codes."""

    def __init__(self, inner: httpx.AsyncBaseTransport, catalog: Server) -> None:
        self.inner = inner
        self.catalog = catalog
        self.offline = False
        self.catalog_offline = False
        self.catalog_statuses: list[int] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.offline:
            raise httpx.ConnectError("network is unreachable", request=request)
        if request.url.path == "/api/v1/catalog":
            if self.catalog_offline:
                raise httpx.ConnectError("network is unreachable", request=request)
            response = self.catalog(request)
            self.catalog_statuses.append(response.status_code)
            return response
        return await self.inner.handle_async_request(request)


@pytest.fixture
async def wire(settings: Settings) -> AsyncIterator[tuple[httpx.AsyncClient, Wire]]:
    app = create_app(settings)
    inner = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    transport = Wire(inner, Server(sample_catalog()))
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        yield client, transport
    await app.state.engine.dispose()


async def harness(
    client: httpx.AsyncClient,
    route: str,
    language: str = "id",
    device: dict[str, str] | None = None,
) -> FletHarness:
    """A signed-in citizen's app; `device` = the secure storage of an earlier run."""
    person = await make_citizen(client)
    auth = await login(client, person["nik"])
    settings = AppSettings(api_url=BASE_URL, language=language, device_name="pytest")
    h = FletHarness(build_main(settings, http=client), route=route, width=360, height=640)
    h.secure_storage.update(device or {})
    h.secure_storage[TOKEN_KEY] = auth["Authorization"].removeprefix("Bearer ")
    return h


async def test_browse_search_and_filters(wire: tuple[httpx.AsyncClient, Wire]) -> None:
    client, transport = wire
    h = await harness(client, "/home")
    async with h:
        await h.click(identifier="home-tile-services")
        assert h.route == "/home/services", h.outline()
        assert h.text_of(identifier="services-count") == t("catalog.count", count=2)
        assert h.exists(identifier="services-item-kk-baru")
        card = h.text_of(identifier="services-item-stnk-tahunan")
        assert "Pajak Kendaraan Tahunan" in card and "Samsat" in card and "Rp350.000" in card
        assert t("catalog.days", days=1) in card and t("catalog.channel.kiosk") in card
        assert t("catalog.fee_free") in h.text_of(identifier="services-item-kk-baru")
        h.assert_accessible()

        await h.type("kartu kelaurga", identifier="services-search")  # a typo
        assert h.exists(identifier="services-item-kk-baru")
        assert not h.exists(identifier="services-item-stnk-tahunan")
        await h.type("", identifier="services-search")

        await h.click(identifier="services-channel-online")
        assert h.exists(identifier="services-item-kk-baru")
        assert not h.exists(identifier="services-item-stnk-tahunan")
        await h.click(identifier="services-channel-kiosk")
        assert not h.exists(identifier="services-item-kk-baru")
        assert h.exists(identifier="services-item-stnk-tahunan")
        await h.click(identifier="services-channel-kiosk")  # off again
        assert h.text_of(identifier="services-count") == t("catalog.count", count=2)

        await h.select(t("catalog.category.vehicle"), identifier="services-category")
        assert not h.exists(identifier="services-item-kk-baru")
        await h.select("Dukcapil", identifier="services-agency")
        assert h.exists(identifier="services-empty")
        await h.click(identifier="services-clear")
        assert h.text_of(identifier="services-count") == t("catalog.count", count=2)
        h.assert_accessible()
    assert transport.catalog_statuses == [200]


async def test_detail_shows_every_standard_component(wire: tuple[httpx.AsyncClient, Wire]) -> None:
    client, _ = wire
    h = await harness(client, "/home/services")
    async with h:
        await h.click(identifier="services-item-kk-baru")
        assert h.route == "/home/services/kk-baru", h.outline()
        assert h.text_of(identifier="service-title") == "Kartu Keluarga Baru"
        assert "Ringkasan Kartu Keluarga Baru" in h.text_of(identifier="service-summary")
        nik = h.text_of(identifier="service-requirement-nik")
        assert "NIK pemohon" in nik and t("catalog.req.profile") in nik
        ktp = h.text_of(identifier="service-requirement-ktp")
        assert t("catalog.req.document", type=t("documents.type.ktp")) in ktp
        assert "Datang ke loket" in h.text_of(identifier="service-step-1")
        assert t("catalog.days", days=3) in h.text_of(identifier="service-days")
        assert t("catalog.fee_free") in h.text_of(identifier="service-fee")
        assert "Dokumen" in h.text_of(identifier="service-product")
        assert "Pengaduan di loket" in h.text_of(identifier="service-complaint")
        assert "UU 24/2013" in h.text_of(identifier="service-legal")
        assert h.exists(identifier="service-channel-online")
        assert h.exists(identifier="service-channel-counter")
        center = h.text_of(identifier="service-center-MPP-BATU")
        assert "Jl. Panglima Sudirman 507, Batu" in center
        assert t("catalog.hours", days="Senin–Jumat", opens="08:00", closes="15:00") in center
        assert not h.exists(identifier="service-not-online")
        h.assert_accessible()
        await h.click(identifier="service-apply")
        assert h.route == "/home/services/kk-baru/apply"


async def test_a_service_without_online_says_which_channel_to_use(
    wire: tuple[httpx.AsyncClient, Wire],
) -> None:
    client, _ = wire
    h = await harness(client, "/home/services/stnk-tahunan")  # a deep link
    async with h:
        assert h.text_of(identifier="service-title") == "Pajak Kendaraan Tahunan"
        assert not h.exists(identifier="service-apply")
        note = h.text_of(identifier="service-not-online")
        assert note == t("catalog.not_online", channels="Loket, Kiosk")
        assert "Rp350.000" in h.text_of(identifier="service-fee")
        assert h.exists(identifier="service-centers")  # Samsat has no centre here
        assert t("catalog.centers_none") in h.text_of(identifier="service-centers")
        h.assert_accessible()
        await h.navigate("/home/services/no-such-service")
        assert h.exists(identifier="service-not-found")


async def test_english_names_and_labels(wire: tuple[httpx.AsyncClient, Wire]) -> None:
    client, _ = wire
    h = await harness(client, "/home/services", language="en")
    async with h:
        card = h.text_of(identifier="services-item-stnk-tahunan")
        assert "Pajak Kendaraan Tahunan (en)" in card
        assert t("catalog.channel.counter", "en") in card
        assert t("catalog.days", "en", days=1) in card


async def test_offline_shows_the_saved_catalog_after_one_load(
    wire: tuple[httpx.AsyncClient, Wire],
) -> None:
    client, transport = wire
    first = await harness(client, "/home/services")
    async with first:
        assert first.exists(identifier="services-item-kk-baru")
        assert not first.exists(identifier="services-offline")
    transport.catalog_offline = True
    again = await harness(client, "/home/services", device=first.secure_storage)
    async with again:
        assert again.exists(identifier="services-offline"), again.outline()
        assert again.text_of(identifier="services-count") == t("catalog.count", count=2)
        assert not again.exists(identifier="services-progress")
        again.assert_accessible()
        await again.click(identifier="services-item-stnk-tahunan")
        assert again.text_of(identifier="service-title") == "Pajak Kendaraan Tahunan"
        assert again.exists(identifier="service-offline")
    assert transport.catalog_statuses == [200]


async def test_an_unchanged_catalog_is_a_304_and_the_copy_is_kept(
    wire: tuple[httpx.AsyncClient, Wire],
) -> None:
    client, transport = wire
    first = await harness(client, "/home/services")
    async with first:
        assert first.exists(identifier="services-item-kk-baru")
    stored = first.secure_storage[CATALOG_KEY]
    again = await harness(client, "/home/services", device=first.secure_storage)
    async with again:
        assert again.text_of(identifier="services-count") == t("catalog.count", count=2)
        assert not again.exists(identifier="services-offline")
    assert transport.catalog_statuses == [200, 304]
    assert again.secure_storage[CATALOG_KEY] == stored


async def test_no_copy_and_no_signal_offers_a_retry(wire: tuple[httpx.AsyncClient, Wire]) -> None:
    client, transport = wire
    transport.catalog_offline = True
    h = await harness(client, "/home/services")
    async with h:
        assert h.text_of(identifier="services-error") == t("catalog.no_copy")
        assert not h.exists(identifier="services-search")
        h.assert_accessible()
        transport.catalog_offline = False
        await h.click(identifier="services-retry")
        assert not h.exists(identifier="services-error")
        assert h.exists(identifier="services-item-kk-baru")
