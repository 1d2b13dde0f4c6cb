"""Screen tests: completing with a result document — upload progress while the file is on its
way, and a lost connection retried with the same Idempotency-Key (no second document)."""

from __future__ import annotations

import asyncio
import io
import os
from collections.abc import AsyncIterator, Callable
from typing import Any

import flet as ft
import httpx
import pytest
from PIL import Image
from sqlalchemy.ext.asyncio import AsyncSession

from server.app import create_app
from server.config import Settings
from tests.app.harness import FletHarness
from tests.app.screen_support import BASE_URL, CATALOG, db_url, t  # noqa: F401
from tests.app.test_officer_support import (
    Citizen,
    act,
    harness,
    import_test_catalog,
    officer,
    pick_answers,
)


class WatchingTransport(httpx.AsyncBaseTransport):
    """The in-process API; reads the result upload chunk by chunk (a slow network) and lets
    the test look at the screen between chunks. Can drop the next upload's answer."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.during_upload: Callable[[], Any] | None = None
        self.seen: list[Any] = []
        self.lose_next_answer = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path.endswith("/result"):
            request = await self._send_slowly(request)
            if self.lose_next_answer:
                self.lose_next_answer = False
                await self.inner.handle_async_request(request)  # stored, answer lost
                raise httpx.ReadError("connection reset", request=request)
        return await self.inner.handle_async_request(request)

    async def _send_slowly(self, request: httpx.Request) -> httpx.Request:
        body = b""
        async for chunk in request.stream:  # type: ignore[union-attr]
            body += chunk
            await asyncio.sleep(0.02)
            if self.during_upload is not None:
                self.seen.append(self.during_upload())
        return httpx.Request(request.method, request.url, headers=request.headers, content=body)


@pytest.fixture
async def wire(settings: Settings) -> AsyncIterator[tuple[httpx.AsyncClient, WatchingTransport]]:
    app = create_app(settings)
    transport = WatchingTransport(httpx.ASGITransport(app=app, raise_app_exceptions=False))
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        yield client, transport
    await app.state.engine.dispose()


def noisy_photo() -> bytes:
    """A photo that stays a few hundred KB after shrinking: several upload chunks."""
    out = io.BytesIO()
    Image.frombytes("RGB", (1200, 900), os.urandom(1200 * 900 * 3)).save(out, format="PNG")
    return out.getvalue()


def progress_value(h: FletHarness) -> float | None:
    if not h.exists(identifier="review-complete-progress"):
        return None
    bars = [c for c in h.find_all(type=ft.ProgressBar) if isinstance(c, ft.ProgressBar)]
    return bars[0].value if bars else None


async def processing(client: httpx.AsyncClient, db: AsyncSession) -> tuple[Citizen, Any, Any]:
    await import_test_catalog(db)
    siti = await Citizen.create(client)
    app = await siti.file()
    desk = await officer(client, db)
    await act(client, desk, app["id"], action="start_review")
    await act(client, desk, app["id"], action="approve")
    return siti, app, desk


async def wallet(client: httpx.AsyncClient, siti: Citizen) -> list[dict[str, Any]]:
    resp = await client.get("/api/v1/me/documents", headers=siti.auth)
    docs: list[dict[str, Any]] = resp.json()["documents"]
    return docs


async def test_result_upload_shows_progress(
    wire: tuple[httpx.AsyncClient, WatchingTransport], db: AsyncSession
) -> None:
    client, transport = wire
    siti, app, desk = await processing(client, db)
    async with harness(client, f"/officer/applications/{app['id']}", desk) as h:
        await h.click(identifier="review-action-complete")
        pick_answers(h, ("hasil.png", noisy_photo()))
        await h.click(identifier="review-complete-pick")
        transport.during_upload = lambda: progress_value(h)
        await h.click(identifier="review-complete-confirm")
        shown = [v for v in transport.seen if v is not None]
        assert len(shown) >= 3 and shown == sorted(shown), shown
        assert any(0 < v < 1 for v in shown) and shown[-1] == 1.0, shown
        assert not h.dialogs and h.exists(identifier="review-result-document")
    assert (await siti.read(app["id"]))["status"] == "completed"


async def test_a_lost_answer_is_retried_without_a_second_document(
    wire: tuple[httpx.AsyncClient, WatchingTransport], db: AsyncSession
) -> None:
    client, transport = wire
    siti, app, desk = await processing(client, db)
    before = len(await wallet(client, siti))
    async with harness(client, f"/officer/applications/{app['id']}", desk) as h:
        await h.click(identifier="review-action-complete")
        pick_answers(h, ("hasil.jpg", noisy_photo()))
        await h.click(identifier="review-complete-pick")
        transport.lose_next_answer = True
        await h.click(identifier="review-complete-confirm")
        assert h.text_of(identifier="review-complete-error") == t("error.offline")
        assert h.dialogs  # the picked file stays; the officer just tries again
        await h.click(identifier="review-complete-confirm")
        assert not h.dialogs and h.exists(identifier="review-result-document")
    docs = await wallet(client, siti)
    assert len(docs) == before + 1  # the retry was answered from the first upload
    assert (await siti.read(app["id"]))["result"]["document_id"] == docs[0]["id"]
