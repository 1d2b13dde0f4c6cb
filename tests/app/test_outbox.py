"""Tests: the outbox sender without a screen — written to the device before the first
attempt, the same Idempotency-Key on every retry, the retry timer, refusals parked."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from typing import Any, cast

import httpx

from app.services.api import ApiClient
from app.services.device_store import DeviceStore, MemoryBackend
from app.services.outbox import EntryState, Outbox, outbox_key
from app.state.applications import Delivery, OutboxSender
from app.state.notifications import InboxStore
from contracts.applications import ApplicationIn
from contracts.catalog import LocalText

NAME = LocalText(id="Perubahan KK", en="KK update")
PAYLOAD = ApplicationIn(service_code="dukcapil-kk-perubahan", form_version=1, answers={"a": "b"})


def detail(key: str) -> dict[str, Any]:
    now = datetime.now(UTC).isoformat()
    return {
        "id": f"app-{key[:8]}",
        "tracking_number": "SP-20261128-ABCD",
        "service_code": PAYLOAD.service_code,
        "service_name": NAME.model_dump(),
        "agency": "DUKCAPIL",
        "status": "submitted",
        "subject_name": "Siti",
        "submitted_at": now,
        "updated_at": now,
        "due_date": "2026-12-01",
        "overdue": False,
        "version": 1,
        "form_version": 1,
        "answers": {"a": "b"},
        "prefilled": [],
        "attachments": [],
        "revision_items": [],
        "receipt_qr": "SPR1:SP-20261128-ABCD",
        "updates": [],
    }


class Server:
    """Answers from a script: each entry a status (JSON error body) or "ok"."""

    def __init__(self, backend: MemoryBackend, owner: str, script: list[Any]) -> None:
        self.backend, self.owner, self.script = backend, owner, script
        self.keys: list[str] = []
        self.stored_before_send: list[bool] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        key = request.headers["Idempotency-Key"]
        self.keys.append(key)
        self.stored_before_send.append(key in self.backend.values.get(outbox_key(self.owner), ""))
        step = self.script.pop(0) if self.script else "ok"
        if step == "ok":
            return httpx.Response(201, json=detail(key))
        if step == "offline":
            raise httpx.ConnectError("no route", request=request)
        status, code = cast(tuple[int, str], step)
        body: dict[str, Any] = {"error": {"code": code, "message": f"pesan {code}", "fields": []}}
        if status == 422:
            body["error"]["fields"] = [
                {"field": "body.answers.a", "code": "form_too_long", "message": "Terlalu panjang."}
            ]
        return httpx.Response(status, content=json.dumps(body).encode())


def sender(script: list[Any]) -> tuple[OutboxSender, Server, MemoryBackend]:
    backend = MemoryBackend()
    server = Server(backend, "acc-1", script)
    http = httpx.AsyncClient(transport=httpx.MockTransport(server), base_url="http://t")
    outbox = Outbox(DeviceStore(backend), "acc-1")
    return OutboxSender(ApiClient(http), outbox, retry_seconds=0.01), server, backend


async def test_sent_at_once_after_being_written_to_the_device() -> None:
    s, server, backend = sender(["ok"])
    outcome = await s.submit(PAYLOAD, NAME)
    assert outcome.delivery is Delivery.SENT and outcome.detail is not None
    assert server.stored_before_send == [True]
    assert s.outbox.entries == [] and outbox_key("acc-1") not in backend.values
    assert s.view.sent == 1


async def test_offline_and_server_trouble_are_retried_by_the_timer_with_one_key() -> None:
    s, server, _ = sender(["offline", (503, "unavailable"), (409, "idempotency_in_progress")])
    outcome = await s.submit(PAYLOAD, NAME)
    assert outcome.delivery is Delivery.QUEUED
    assert [e.state for e in s.view.entries] == [EntryState.PENDING]
    for _ in range(200):
        if not s.outbox.entries:
            break
        await asyncio.sleep(0.01)
    assert s.outbox.entries == []
    assert len(server.keys) == 4 and len(set(server.keys)) == 1
    s.close()


async def test_a_refusal_is_parked_with_its_errors_and_not_retried() -> None:
    s, server, backend = sender([(422, "validation")])
    outcome = await s.submit(PAYLOAD, NAME)
    assert outcome.delivery is Delivery.ATTENTION
    entry = s.outbox.entries[0]
    assert entry.state is EntryState.ATTENTION and entry.error == "pesan validation"
    assert entry.error_fields == {"a": "Terlalu panjang."}
    assert await s.flush() == []  # not sent blindly again
    assert len(server.keys) == 1
    assert s.attention_for(PAYLOAD.service_code) == entry
    # the citizen fixes it and submits again: the parked entry is replaced
    again = await s.submit(PAYLOAD, NAME)
    assert again.delivery is Delivery.SENT and s.outbox.entries == []
    assert outbox_key("acc-1") not in backend.values


async def test_the_outbox_is_read_back_after_a_restart_and_per_account() -> None:
    s, server, backend = sender(["offline"])
    await s.submit(PAYLOAD, NAME)
    s.close()
    later = Outbox(DeviceStore(backend), "acc-1")
    assert [e.key for e in await later.load()] == server.keys
    assert await Outbox(DeviceStore(backend), "acc-2").load() == []  # someone else's phone use


async def test_the_inbox_polls_on_a_timer_and_a_304_costs_no_body() -> None:
    etag = '"n1-0-1"'
    seen: list[str | None] = []

    def server(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("If-None-Match"))
        if request.headers.get("If-None-Match") == etag:
            return httpx.Response(304, headers={"ETag": etag})
        page = {"items": [], "unread": 2, "next_before": None}
        return httpx.Response(200, json=page, headers={"ETag": etag})

    http = httpx.AsyncClient(transport=httpx.MockTransport(server), base_url="http://t")
    sync = InboxStore(ApiClient(http))
    await sync.poll()
    assert sync.unread == 2 and sync.etag == etag
    sync.keep_polling(every=0.01)
    for _ in range(200):
        if sync.not_modified >= 2:
            break
        await asyncio.sleep(0.01)
    sync.close()
    assert sync.not_modified >= 2 and sync.unread == 2
    assert seen[0] is None and set(seen[1:]) == {etag}


async def test_two_flushes_at_once_send_each_entry_once() -> None:
    s, server, _ = sender(["offline"])
    await s.submit(PAYLOAD, NAME)
    await asyncio.gather(s.flush(), s.flush(), s.flush())  # timer, home screen, list
    assert s.outbox.entries == []
    assert len(server.keys) == 2 and len(set(server.keys)) == 1  # the failed try + one send
    s.close()
