"""Tests: the device copy of the catalog and where the shown catalog comes from (server 200,
304 keeps the copy, offline or failing server → the copy flagged offline, nothing → error)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from app.services.api import ApiClient
from app.services.catalog_api import fetch_catalog
from app.services.catalog_cache import CATALOG_KEY, CHECKED_KEY, CatalogCache
from app.services.device_store import DeviceStore, MemoryBackend
from app.services.errors import ApiError, OfflineError
from app.state.catalog import CatalogStore
from contracts.catalog import Catalog
from tests.app.catalog_samples import sample_catalog

T0 = datetime(2026, 11, 28, 2, 0, tzinfo=UTC)


class Server:
    """A catalog endpoint honouring If-None-Match; can be unplugged or made to fail."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.offline = False
        self.status: int | None = None
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.offline:
            raise httpx.ConnectError("no route to host", request=request)
        if self.status is not None:
            return httpx.Response(self.status, json={"detail": "boom"})
        etag = f'"{self.catalog.revision}"'
        if request.headers.get("If-None-Match") == etag:
            return httpx.Response(304, headers={"ETag": etag})
        body = self.catalog.model_dump_json().encode()
        return httpx.Response(200, content=body, headers={"ETag": etag})


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


def make_source(server: Server, backend: MemoryBackend, clock: Clock | None = None) -> CatalogStore:
    http = httpx.AsyncClient(transport=httpx.MockTransport(server), base_url="http://api")
    return CatalogStore(ApiClient(http), CatalogCache(DeviceStore(backend)), clock or Clock())


async def test_first_load_stores_the_catalog_and_its_etag() -> None:
    server, backend = Server(sample_catalog("r1")), MemoryBackend()
    loaded = await make_source(server, backend).refresh()
    assert loaded.catalog.revision == "r1" and not loaded.offline
    assert loaded.confirmed_at == T0
    assert "If-None-Match" not in server.requests[0].headers
    assert "gzip" in server.requests[0].headers["Accept-Encoding"]
    stored = await CatalogCache(DeviceStore(backend)).load()
    assert stored is not None and stored.etag == '"r1"' and stored.catalog == loaded.catalog


async def test_unchanged_catalog_costs_a_304_and_keeps_the_copy() -> None:
    server, backend, clock = Server(sample_catalog("r1")), MemoryBackend(), Clock()
    await make_source(server, backend, clock).refresh()
    written = backend.values[CATALOG_KEY]
    clock.now = T0 + timedelta(days=2)
    loaded = await make_source(server, backend, clock).refresh()  # a new app start
    assert server.requests[-1].headers["If-None-Match"] == '"r1"'
    assert loaded.catalog.revision == "r1" and not loaded.offline
    assert loaded.confirmed_at == clock.now
    assert backend.values[CATALOG_KEY] is written  # the big copy is not rewritten
    assert backend.values[CHECKED_KEY] == clock.now.isoformat()


async def test_a_changed_catalog_replaces_the_copy() -> None:
    server, backend = Server(sample_catalog("r1")), MemoryBackend()
    source = make_source(server, backend)
    await source.refresh()
    server.catalog = sample_catalog("r2")
    assert (await source.refresh()).catalog.revision == "r2"
    stored = await CatalogCache(DeviceStore(backend)).load()
    assert stored is not None and stored.etag == '"r2"'


@pytest.mark.parametrize("trouble", ["offline", "server_error"])
async def test_without_the_server_the_saved_copy_is_shown_flagged(trouble: str) -> None:
    server, backend, clock = Server(sample_catalog("r1")), MemoryBackend(), Clock()
    await make_source(server, backend, clock).refresh()
    if trouble == "offline":
        server.offline = True
    else:
        server.status = 503
    clock.now = T0 + timedelta(days=3)
    source = make_source(server, backend, clock)
    loaded = await source.refresh()
    assert loaded.offline and loaded.catalog.revision == "r1"
    assert loaded.confirmed_at == T0  # the date the copy was last confirmed
    assert source.loaded == loaded


async def test_no_copy_and_no_server_raises_the_typed_error() -> None:
    server = Server(sample_catalog())
    server.offline = True
    source = make_source(server, MemoryBackend())
    with pytest.raises(OfflineError):
        await source.refresh()
    assert await source.saved() is None


async def test_saved_reads_the_device_copy_without_the_network() -> None:
    server, backend = Server(sample_catalog("r1")), MemoryBackend()
    await make_source(server, backend).refresh()
    server.offline = True
    source = make_source(server, backend)
    saved = await source.saved()
    assert saved is not None and saved.catalog.revision == "r1" and not saved.offline
    assert len(server.requests) == 1


async def test_an_unreadable_copy_is_ignored() -> None:
    backend = MemoryBackend()
    backend.values[CATALOG_KEY] = '{"etag": 1}'
    assert await CatalogCache(DeviceStore(backend)).load() is None


class BrokenBackend:
    async def get(self, key: str) -> str | None:
        raise RuntimeError("keystore locked")

    async def set(self, key: str, value: str) -> None:
        raise RuntimeError("keystore locked")

    async def remove(self, key: str) -> None:
        raise RuntimeError("keystore locked")


async def test_broken_device_storage_still_shows_the_fresh_catalog() -> None:
    http = httpx.AsyncClient(
        transport=httpx.MockTransport(Server(sample_catalog("r1"))), base_url="http://api"
    )
    source = CatalogStore(ApiClient(http), CatalogCache(DeviceStore(BrokenBackend())))
    assert (await source.refresh()).catalog.revision == "r1"


async def test_a_304_without_a_sent_etag_is_an_error() -> None:
    def always_304(request: httpx.Request) -> httpx.Response:
        return httpx.Response(304)

    http = httpx.AsyncClient(transport=httpx.MockTransport(always_304), base_url="http://api")
    assert (await fetch_catalog(ApiClient(http), '"x"')).catalog is None
    with pytest.raises(ApiError):
        await CatalogStore(ApiClient(http), CatalogCache(DeviceStore(MemoryBackend()))).refresh()


async def test_screens_asking_at_once_share_one_request() -> None:
    server, backend = Server(sample_catalog("r1")), MemoryBackend()
    source = make_source(server, backend)
    assert not source.checked
    first, second = await asyncio.gather(source.refresh(), source.refresh())
    assert first is second and len(server.requests) == 1 and source.checked
    await source.refresh()  # a later refresh asks again (a 304)
    assert len(server.requests) == 2


async def test_a_shared_request_that_fails_fails_for_every_screen() -> None:
    server = Server(sample_catalog())
    server.offline = True

    async def slow(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.01)  # a real network takes a moment to fail
        return server(request)

    http = httpx.AsyncClient(transport=httpx.MockTransport(slow), base_url="http://api")
    source = CatalogStore(ApiClient(http), CatalogCache(DeviceStore(MemoryBackend())))
    results = await asyncio.gather(source.refresh(), source.refresh(), return_exceptions=True)
    assert all(isinstance(r, OfflineError) for r in results) and len(server.requests) == 1
    server.offline = False
    assert (await source.refresh()).catalog.revision == "r1"  # the next attempt asks again
