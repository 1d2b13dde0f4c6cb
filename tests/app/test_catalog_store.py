"""Tests: `CatalogStore`'s actions — what is at hand is shown without asking again, a missing
catalog with no signal is a problem with "Coba lagi" (retryable), and the retry recovers."""

from __future__ import annotations

from app.services.device_store import MemoryBackend
from app.state.store import Note
from tests.app.catalog_samples import sample_catalog
from tests.app.test_catalog_cache import Server, make_source


async def test_no_copy_and_no_signal_is_a_retryable_problem_then_retry_recovers() -> None:
    server = Server(sample_catalog("r1"))
    server.offline = True
    store = make_source(server, MemoryBackend())
    await store.load()
    assert store.loaded is None and not store.busy
    assert store.problem == Note("catalog.no_copy") and store.can_retry
    server.offline = False
    await store.retry()
    assert store.loaded is not None and store.loaded.catalog.revision == "r1"
    assert store.problem is None and not store.can_retry


async def test_a_copy_at_hand_is_not_asked_again_unless_revalidated() -> None:
    server, backend = Server(sample_catalog("r1")), MemoryBackend()
    store = make_source(server, backend)
    await store.load()  # first time in this app session: the server is asked
    await store.load()  # at hand and asked already: shown as it is
    assert len(server.requests) == 1
    await store.load(revalidate=True)
    assert len(server.requests) == 2 and store.problem is None


async def test_offline_with_a_copy_shows_it_flagged_and_no_problem() -> None:
    server, backend = Server(sample_catalog("r1")), MemoryBackend()
    await make_source(server, backend).load()
    server.offline = True
    store = make_source(server, backend)  # the next app start
    await store.load()
    assert store.loaded is not None and store.loaded.offline
    assert store.problem is None and not store.busy
