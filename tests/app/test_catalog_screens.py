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
        self.catalog_statuses: list[int] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.offline:
            raise httpx.ConnectError("network is unreachable", request=request)
        if request.url.path == "/api/v1/catalog":
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


async def harness(client: httpx.AsyncClient, route: str, language: str = "id") -> FletHarness:
    person = await make_citizen(client)
    auth = await login(client, person["nik"])
    settings = AppSettings(api_url=BASE_URL, language=language, device_name="pytest")
    h = FletHarness(build_main(settings, http=client), route=route, width=360, height=640)
    h.secure_storage[TOKEN_KEY] = auth["Authorization"].removeprefix("Bearer ")
    return h


def shown_services(h: FletHarness) -> list[str]:
    """Service codes of the cards on screen, in order."""
    prefix = "services-item-"
    return [
        str(c.key)[len(prefix) :]
        for c in h.find_all(text_contains="")
        if str(getattr(c, "key", "")).startswith(prefix)
    ]


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
