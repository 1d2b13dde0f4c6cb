"""Screen tests: "Layanan" against the real API in-process with the shipped catalog data —
browse, search with a typo, channel/category/agency filters, the detail screen with every
Standar Pelayanan part, and the device copy (offline after one load; a 304 keeps it)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import flet as ft
import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.components.catalog import channels_text, days_text, hours_text, rupiah
from app.main import build_main
from app.services.catalog_cache import CATALOG_KEY
from app.services.tokens import TOKEN_KEY
from app.settings import AppSettings
from contracts.catalog import Category, Channel, RequirementKind, ServiceSource
from server.app import create_app
from server.catalog.service import import_catalog, load_catalog_dir
from server.config import Settings
from tests.app.harness import FletHarness
from tests.app.screen_support import BASE_URL, db_url, t  # noqa: F401
from tests.builders import login, make_citizen

SOURCE = load_catalog_dir()
SERVICES = {s.code: s for s in SOURCE.services}
AGENCIES = {a.code: a for a in SOURCE.agencies}
CATALOG_PATH = "/api/v1/catalog"


class Wire(httpx.AsyncBaseTransport):
    """The in-process API; the catalog request can lose its signal. Records the catalog
    answers (status, Content-Encoding) as they came over the wire."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.catalog_offline = False
        self.catalog_answers: list[tuple[int, str | None]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path != CATALOG_PATH:
            return await self.inner.handle_async_request(request)
        if self.catalog_offline:
            raise httpx.ConnectError("network is unreachable", request=request)
        response = await self.inner.handle_async_request(request)
        self.catalog_answers.append(
            (response.status_code, response.headers.get("Content-Encoding"))
        )
        return response


@pytest.fixture
async def wire(
    settings: Settings, db: AsyncSession
) -> AsyncIterator[tuple[httpx.AsyncClient, Wire]]:
    await import_catalog(db, SOURCE)
    app = create_app(settings)
    transport = Wire(httpx.ASGITransport(app=app, raise_app_exceptions=False))
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


def shown(h: FletHarness) -> set[str]:
    """Codes of the service cards on screen (one walk of the tree: there are ~50 cards)."""
    prefix = "services-item-"
    nodes = h.find_all(type=ft.Semantics)
    ids = [n.identifier for n in nodes if isinstance(n, ft.Semantics) and n.identifier]
    return {i.removeprefix(prefix) for i in ids if i.startswith(prefix)}


def with_channel(channel: Channel) -> set[str]:
    return {code for code, s in SERVICES.items() if channel in s.channels}


def count_text(n: int) -> str:
    return t("catalog.count", count=n)


def first_service(**match: object) -> ServiceSource:
    return next(s for s in SOURCE.services if all(getattr(s, k) == v for k, v in match.items()))


async def test_browse_shows_every_service_as_a_readable_card(
    wire: tuple[httpx.AsyncClient, Wire],
) -> None:
    client, transport = wire
    h = await harness(client, "/home")
    paid = next(s for s in SOURCE.services if s.fee.amount > 0 and not s.fee.note)
    free = next(s for s in SOURCE.services if s.fee.amount == 0 and not s.fee.note)
    async with h:
        await h.click(identifier="home-tile-services")
        assert h.route == "/home/services", h.outline()
        assert len(SERVICES) >= 20 and shown(h) == set(SERVICES)
        assert h.text_of(identifier="services-count") == count_text(len(SERVICES))
        card = h.text_of(identifier=f"services-item-{paid.code}")
        assert paid.name.id in card and AGENCIES[paid.agency].short_name in card
        assert rupiah(paid.fee.amount) in card and days_text(t, paid.days) in card
        for channel in paid.channels:
            assert t(f"catalog.channel.{channel.value}") in card
        assert t("catalog.fee_free") in h.text_of(identifier=f"services-item-{free.code}")
        h.assert_accessible()
    assert transport.catalog_answers == [(200, "gzip")]


async def test_search_with_a_typo_finds_the_service(wire: tuple[httpx.AsyncClient, Wire]) -> None:
    client, _ = wire
    h = await harness(client, "/home/services")
    async with h:
        await h.type("kartu keluaga", identifier="services-search")  # "keluarga" mistyped
        assert "dukcapil-kk-perubahan" in shown(h)
        assert "imigrasi-paspor-baru" not in shown(h)
        await h.type("PASPOR", identifier="services-search")
        assert {"imigrasi-paspor-baru", "imigrasi-paspor-penggantian"} <= shown(h)
        assert "dukcapil-kk-perubahan" not in shown(h)
        await h.type("qwxzv", identifier="services-search")
        assert h.exists(identifier="services-empty")
        await h.click(identifier="services-clear")
        assert shown(h) == set(SERVICES)
        assert h.input(identifier="services-search").value == ""


async def test_channel_category_and_agency_filters(wire: tuple[httpx.AsyncClient, Wire]) -> None:
    client, _ = wire
    h = await harness(client, "/home/services")
    async with h:
        await h.click(identifier="services-channel-kiosk")
        assert shown(h) == with_channel(Channel.KIOSK) != set()
        chip = h.find(identifier="services-channel-kiosk")
        assert isinstance(chip, ft.Semantics) and chip.selected is True
        await h.click(identifier="services-channel-online")  # one channel at a time
        assert shown(h) == with_channel(Channel.ONLINE)
        await h.click(identifier="services-channel-online")  # tapped again: off
        assert shown(h) == set(SERVICES)

        await h.select(t("catalog.category.vehicle"), identifier="services-category")
        vehicles = {c for c, s in SERVICES.items() if s.category is Category.VEHICLE}
        assert shown(h) == vehicles
        await h.select("SAMSAT", identifier="services-agency")
        assert shown(h) == {c for c in vehicles if SERVICES[c].agency == "SAMSAT"}
        await h.select("", identifier="services-category")
        assert shown(h) == {c for c, s in SERVICES.items() if s.agency == "SAMSAT"}
        h.assert_accessible()


async def test_detail_shows_every_standard_component(wire: tuple[httpx.AsyncClient, Wire]) -> None:
    client, _ = wire
    service = SERVICES["dukcapil-akta-kelahiran"]
    h = await harness(client, "/home/services")
    async with h:
        await h.click(identifier=f"services-item-{service.code}")
        assert h.route == f"/home/services/{service.code}", h.outline()
        assert h.text_of(identifier="service-title") == service.name.id
        assert service.summary.id in h.text_of(identifier="service-summary")
        for req in service.requirements:
            row = h.text_of(identifier=f"service-requirement-{req.code}")
            assert req.label.id in row
            if req.kind is RequirementKind.DOCUMENT:
                assert req.document_type is not None
                kind = t(f"documents.type.{req.document_type.value}")
                assert t("catalog.req.document", type=kind) in row
            elif req.kind is RequirementKind.UPLOAD:
                assert t("catalog.req.upload") in row
        for number, step in enumerate(service.steps, start=1):
            assert step.id in h.text_of(identifier=f"service-step-{number}")
        assert not h.exists(identifier=f"service-step-{len(service.steps) + 1}")
        assert days_text(t, service.days) in h.text_of(identifier="service-days")
        assert t("catalog.fee_free") in h.text_of(identifier="service-fee")
        assert service.product.id in h.text_of(identifier="service-product")
        assert service.complaint.id in h.text_of(identifier="service-complaint")
        legal = h.text_of(identifier="service-legal")
        assert service.legal_basis and all(law in legal for law in service.legal_basis)
        for channel in service.channels:
            assert h.exists(identifier=f"service-channel-{channel.value}")
        centers = [c for c in SOURCE.service_centers if service.agency in c.agencies]
        for center in centers:
            card = h.text_of(identifier=f"service-center-{center.code}")
            assert center.name in card and center.address in card
            assert all(hours_text(t, hours) in card for hours in center.opening_hours)
        assert not h.exists(identifier="service-not-online")
        h.assert_accessible()
        await h.click(identifier="service-apply")
        assert h.route == f"/home/services/{service.code}/apply"


async def test_profile_requirements_are_marked_and_offline_only_services_name_a_channel(
    wire: tuple[httpx.AsyncClient, Wire],
) -> None:
    client, transport = wire
    service = next(
        s
        for s in SOURCE.services
        if Channel.ONLINE not in s.channels
        and any(r.kind is RequirementKind.PROFILE for r in s.requirements)
    )
    profile = next(r for r in service.requirements if r.kind is RequirementKind.PROFILE)
    h = await harness(client, f"/home/services/{service.code}")  # a deep link
    async with h:
        assert h.text_of(identifier="service-title") == service.name.id
        row = h.text_of(identifier=f"service-requirement-{profile.code}")
        assert t("catalog.req.profile") in row
        assert not h.exists(identifier="service-apply")
        note = h.text_of(identifier="service-not-online")
        assert note == t("catalog.not_online", channels=channels_text(t, service))
        h.assert_accessible()
        await h.navigate("/home/services/no-such-service")
        assert h.exists(identifier="service-not-found")
    assert len(transport.catalog_answers) == 1  # the list and the detail shared one request


async def test_english(wire: tuple[httpx.AsyncClient, Wire]) -> None:
    client, _ = wire
    service = SERVICES["imigrasi-paspor-baru"]
    h = await harness(client, "/home/services", language="en")
    async with h:
        card = h.text_of(identifier=f"services-item-{service.code}")
        assert service.name.en in card and t("catalog.channel.counter", "en") in card
        await h.click(identifier=f"services-item-{service.code}")
        assert h.text_of(identifier="service-title") == service.name.en
        assert t("catalog.section.requirements", "en") in h.texts()


async def test_offline_shows_the_saved_catalog_after_one_load(
    wire: tuple[httpx.AsyncClient, Wire],
) -> None:
    client, transport = wire
    first = await harness(client, "/home/services")
    async with first:
        assert shown(first) == set(SERVICES)
        assert not first.exists(identifier="services-offline")
    transport.catalog_offline = True
    again = await harness(client, "/home/services", device=first.secure_storage)
    async with again:
        assert again.exists(identifier="services-offline"), again.outline()
        assert shown(again) == set(SERVICES)
        assert not again.exists(identifier="services-progress")
        again.assert_accessible()
        await again.type("paspor", identifier="services-search")
        await again.click(identifier="services-item-imigrasi-paspor-baru")
        assert again.text_of(identifier="service-title") == SERVICES["imigrasi-paspor-baru"].name.id
        assert again.exists(identifier="service-offline")
    assert transport.catalog_answers == [(200, "gzip")]


async def test_an_unchanged_catalog_is_a_304_and_the_copy_is_kept(
    wire: tuple[httpx.AsyncClient, Wire],
) -> None:
    client, transport = wire
    first = await harness(client, "/home/services")
    async with first:
        assert shown(first) == set(SERVICES)
    stored = first.secure_storage[CATALOG_KEY]
    again = await harness(client, "/home/services", device=first.secure_storage)
    async with again:
        assert shown(again) == set(SERVICES)
        assert not again.exists(identifier="services-offline")
    assert [status for status, _ in transport.catalog_answers] == [200, 304]
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
        assert shown(h) == set(SERVICES)
