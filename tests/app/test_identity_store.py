"""Tests: the pre-signed QR batch and JWKS cache (window choice, offline end, refresh rule)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.services.device_store import DeviceStore, MemoryBackend
from app.services.identity_store import (
    BATCH_KEY,
    REFRESH_BELOW,
    IdentityStore,
)
from contracts.identity import IssuedToken, TokenBatch

T0 = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
WINDOW = timedelta(minutes=10)


def batch(count: int = 144, start: datetime = T0, server_time: datetime = T0) -> TokenBatch:
    tokens = [
        IssuedToken(
            token=f"SP1:T{i}", not_before=start + i * WINDOW, expires_at=start + (i + 1) * WINDOW
        )
        for i in range(count)
    ]
    return TokenBatch(tokens=list(reversed(tokens)), server_time=server_time)  # any order


class FailingBackend:
    async def get(self, key: str) -> str | None:
        raise RuntimeError("keystore locked")

    async def set(self, key: str, value: str) -> None:
        raise RuntimeError("keystore locked")

    async def remove(self, key: str) -> None:
        raise RuntimeError("keystore locked")


async def test_picks_the_window_covering_now_and_moves_on() -> None:
    store = IdentityStore(DeviceStore(MemoryBackend()))
    await store.save_batch("acc-1", batch(), T0)
    first = store.choose(T0 + timedelta(minutes=3))
    assert first is not None and first.token.token == "SP1:T0"
    assert first.ends_at_device == T0 + WINDOW
    edge = store.choose(T0 + WINDOW)  # a window ends exactly when the next begins
    assert edge is not None and edge.token.token == "SP1:T1"
    later = store.choose(T0 + timedelta(hours=5, minutes=1))
    assert later is not None and later.token.token == "SP1:T30"
    assert later.offline_until_device == T0 + timedelta(hours=24)


async def test_nothing_to_show_before_the_first_or_after_the_last_window() -> None:
    store = IdentityStore(DeviceStore(MemoryBackend()))
    await store.save_batch("acc-1", batch(count=6), T0)
    assert store.choose(T0 - timedelta(seconds=1)) is None
    assert store.choose(T0 + timedelta(hours=1)) is None  # offline for longer than the batch
    assert store.choose(T0 + timedelta(minutes=59, seconds=59)) is not None


async def test_device_clock_skew_is_corrected_with_the_server_time() -> None:
    store = IdentityStore(DeviceStore(MemoryBackend()))
    device_clock_behind = T0 - timedelta(minutes=7)  # device says 00:53 when the server says 01:00
    await store.save_batch("acc-1", batch(), device_now=device_clock_behind)
    choice = store.choose(device_clock_behind + timedelta(minutes=4))  # server: 01:04
    assert choice is not None and choice.token.token == "SP1:T0"
    assert choice.ends_at_device == T0 + WINDOW - timedelta(minutes=7)


async def test_refresh_when_less_than_the_threshold_remains_or_nothing_is_valid() -> None:
    store = IdentityStore(DeviceStore(MemoryBackend()))
    assert store.needs_refresh(T0)  # no batch yet
    await store.save_batch("acc-1", batch(), T0)
    end = T0 + timedelta(hours=24)
    assert not store.needs_refresh(T0 + timedelta(hours=1))
    assert not store.needs_refresh(end - REFRESH_BELOW - timedelta(seconds=1))
    assert store.needs_refresh(end - REFRESH_BELOW + timedelta(seconds=1))
    assert store.needs_refresh(end + timedelta(minutes=1))  # expired while offline


async def test_the_batch_survives_a_restart_but_not_a_change_of_account() -> None:
    backend = MemoryBackend()
    await IdentityStore(DeviceStore(backend)).save_batch("acc-1", batch(), T0)
    await IdentityStore(DeviceStore(backend)).save_jwks({"keys": []}, T0)
    again = IdentityStore(DeviceStore(backend))
    await again.load("acc-1")
    assert again.choose(T0) is not None and again.jwks is not None
    other = IdentityStore(DeviceStore(backend))
    await other.load("acc-2")
    assert other.choose(T0) is None and other.jwks is not None  # keys are public; tokens not
    await again.clear_batch()
    assert BATCH_KEY not in backend.values


async def test_jwks_cache_age() -> None:
    store = IdentityStore(DeviceStore(MemoryBackend()))
    assert store.jwks_is_stale(T0)
    await store.save_jwks({"keys": []}, T0)
    assert not store.jwks_is_stale(T0 + timedelta(days=6))
    assert store.jwks_is_stale(T0 + timedelta(days=8))


async def test_a_broken_or_garbled_storage_degrades_to_memory() -> None:
    store = IdentityStore(DeviceStore(FailingBackend()))
    await store.load("acc-1")
    await store.save_batch("acc-1", batch(), T0)
    assert store.choose(T0) is not None  # kept in memory for this run
    await store.clear_batch()
    garbled = MemoryBackend()
    garbled.values[BATCH_KEY] = "{not json"
    store = IdentityStore(DeviceStore(garbled))
    await store.load("acc-1")
    assert store.batch is None
