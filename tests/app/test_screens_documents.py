"""Screen tests: "Dokumen Saya" — upload through the file picker against the real API, with
progress, thumbnails, server errors, retry and delete with confirmation."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator, Callable
from typing import Any

import flet as ft
import httpx
import pytest
from pypdf import PdfWriter
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.main import build_main
from app.services.image_prep import TARGET_BYTES
from app.services.tokens import TOKEN_KEY
from app.settings import AppSettings
from server.app import create_app
from server.config import Settings
from server.documents.models import Document
from server.messages import MESSAGES
from tests.app.harness import FletHarness
from tests.app.screen_support import BASE_URL, CATALOG, db_url, t  # noqa: F401
from tests.app.test_image_prep import camera_photo
from tests.builders import login, make_citizen

MakeMain = Callable[..., Callable[[ft.Page], Any]]


class WatchingTransport(httpx.AsyncBaseTransport):
    """The in-process API; reads each upload body first (as a slow network would) and lets the
    test look at the screen while the request is still on its way. Can go offline."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.offline = False
        self.during_upload: Callable[[], Any] | None = None
        self.seen: list[Any] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path.endswith("/me/documents"):
            request = await self._send_slowly(request)
        if self.offline:
            raise httpx.ConnectError("network is unreachable", request=request)
        return await self.inner.handle_async_request(request)

    async def _send_slowly(self, request: httpx.Request) -> httpx.Request:
        """Read the body chunk by chunk (each read drives the app's progress callback) and
        look at the screen after each chunk, as if the network were slow."""
        body = b""
        async for chunk in request.stream:  # type: ignore[union-attr]
            body += chunk
            await asyncio.sleep(0.02)  # let the screen render the progress
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


async def signed_in(client: httpx.AsyncClient, route: str) -> tuple[FletHarness, dict[str, str]]:
    person = await make_citizen(client)
    auth = await login(client, person["nik"])
    settings = AppSettings(api_url=BASE_URL, language="id", device_name="pytest")
    h = FletHarness(build_main(settings, http=client), route=route, width=360, height=640)
    h.secure_storage[TOKEN_KEY] = auth["Authorization"].removeprefix("Bearer ")
    return h, auth


def pick_answer(h: FletHarness, name: str, data: bytes) -> list[dict[str, Any]]:
    """Fake the device's file picker: the next pick returns this file (web/phone style)."""
    calls: list[dict[str, Any]] = []

    def pick(args: dict[str, Any]) -> list[dict[str, Any]]:
        calls.append(args)
        return [{"id": 0, "name": name, "size": len(data), "path": None, "bytes": data}]

    h.on_method("FilePicker", "pick_files", pick)
    return calls


def progress_value(h: FletHarness) -> float | None:
    if not h.exists(identifier="documents-upload-progress"):
        return None
    bars = [c for c in h.find_all(type=ft.ProgressBar) if isinstance(c, ft.ProgressBar)]
    return bars[0].value if bars else None


async def count_documents(db: AsyncSession) -> int:
    return int(await db.scalar(select(func.count()).select_from(Document)) or 0)


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("rahasia", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


async def test_upload_a_photo_from_the_picker_shows_progress_and_thumbnail(
    wire: tuple[httpx.AsyncClient, WatchingTransport], db: AsyncSession
) -> None:
    client, transport = wire
    h, auth = await signed_in(client, "/home")
    photo = camera_photo()  # ~5 MB, 12 MP, rotated by EXIF
    calls = pick_answer(h, "IMG_2041.jpg", photo)
    async with h:
        await h.click(identifier="home-tile-documents")
        assert h.route == "/home/documents", h.outline()
        assert h.exists(identifier="documents-empty")
        h.assert_accessible()

        await h.select(t("documents.type.kk"), identifier="documents-type")
        await h.type("KK terbaru", identifier="documents-title")
        transport.during_upload = lambda: progress_value(h)
        await h.click(identifier="documents-pick")

        assert calls[0]["allowed_extensions"] == ["jpg", "jpeg", "png", "pdf"]
        assert calls[0]["with_data"] is True
        shown = [v for v in transport.seen if v is not None]
        assert len(shown) >= 3 and shown == sorted(shown)  # the bar moves forward…
        assert any(0 < v < 1 for v in shown) and shown[-1] == 1.0, shown  # …chunk by chunk
        assert not h.exists(identifier="documents-upload-progress")
        assert h.text_of(identifier="documents-notice") == t(
            "documents.uploaded", type=t("documents.type.kk")
        )
        card = h.texts()
        assert t("documents.type.kk") in card and "KK terbaru" in card
        images = [c for c in h.find_all(type=ft.Image) if isinstance(c, ft.Image)]
        assert len(images) == 1 and isinstance(images[0].src, bytes)
        assert images[0].src.startswith(b"\xff\xd8\xff")  # the server's JPEG thumbnail
        h.assert_accessible()

    listed = (await client.get("/api/v1/me/documents", headers=auth)).json()["documents"]
    assert [(d["type"], d["title"]) for d in listed] == [("kk", "KK terbaru")]
    assert listed[0]["size"] <= TARGET_BYTES < len(photo)  # shrunk on the device
    assert listed[0]["height"] > listed[0]["width"]  # EXIF rotation applied before upload


async def test_server_rejection_is_shown_and_nothing_is_stored(
    wire: tuple[httpx.AsyncClient, WatchingTransport], db: AsyncSession
) -> None:
    client, _ = wire
    h, _ = await signed_in(client, "/home/documents")
    pick_answer(h, "ijazah.pdf", encrypted_pdf())
    async with h:
        await h.click(identifier="documents-pick")
        assert h.text_of(identifier="documents-error") == MESSAGES["pdf_encrypted"][0]
        assert not h.exists(identifier="documents-retry")  # the same file would fail again
        h.assert_accessible()

        pick_answer(h, "foto.jpg", b"GIF89a not really a jpeg")
        await h.click(identifier="documents-pick")
        assert h.text_of(identifier="documents-error") == t("documents.prep.unsupported")
    assert await count_documents(db) == 0


async def test_offline_upload_is_retried_without_a_duplicate(
    wire: tuple[httpx.AsyncClient, WatchingTransport], db: AsyncSession
) -> None:
    client, transport = wire
    h, _ = await signed_in(client, "/home/documents")
    pick_answer(h, "ktp.jpg", camera_photo((1200, 800), orientation=1))
    async with h:
        transport.offline = True
        await h.click(identifier="documents-pick")
        assert h.text_of(identifier="documents-error") == t("error.offline")
        transport.offline = False
        await h.click(identifier="documents-retry")
        assert h.exists(identifier="documents-item-0")
        assert not h.exists(identifier="documents-item-1")
        assert not h.exists(identifier="documents-retry")
    assert await count_documents(db) == 1


async def test_delete_asks_first(
    wire: tuple[httpx.AsyncClient, WatchingTransport], db: AsyncSession
) -> None:
    client, _ = wire
    h, auth = await signed_in(client, "/home/documents")
    files = {"file": ("ktp.jpg", camera_photo((800, 600), orientation=1), "image/jpeg")}
    url = "/api/v1/me/documents"
    resp = await client.post(url, data={"type": "ktp"}, files=files, headers=auth)
    assert resp.status_code == 201
    async with h:
        assert h.exists(identifier="documents-item-0"), h.outline()
        await h.click(identifier="documents-delete-0")
        assert h.exists(identifier="documents-delete-confirm")
        h.assert_accessible()
        await h.click(identifier="documents-delete-cancel")
        assert not h.dialogs and h.exists(identifier="documents-item-0")
        await h.click(identifier="documents-delete-0")
        await h.click(identifier="documents-delete-confirm")
        assert not h.exists(identifier="documents-item-0")
        assert h.exists(identifier="documents-empty")
        assert h.text_of(identifier="documents-notice") == t("documents.deleted")
    assert await count_documents(db) == 0


async def test_a_photo_from_the_camera_lands_in_the_wallet(
    wire: tuple[httpx.AsyncClient, WatchingTransport], db: AsyncSession
) -> None:
    """'Jepret' must still reach the camera after the screen re-rendered (pinned camera)."""
    client, _ = wire
    h, auth = await signed_in(client, "/home/documents")
    lens = [{"name": "back", "lens_direction": "back", "sensor_orientation": 90}]
    h.on_method("Camera", "get_available_cameras", lambda a: lens)
    h.on_method("Camera", "initialize", lambda a: None)
    h.on_method("Camera", "take_picture", lambda a: camera_photo((800, 600), orientation=1))
    async with h:
        await h.select(t("documents.type.kk"), identifier="documents-type")
        await h.click(identifier="documents-camera")
        assert h.exists(identifier="documents-camera-view"), h.outline()
        h.assert_accessible()
        await h.click(identifier="documents-camera-shoot")
        assert not h.exists(identifier="documents-camera-view")
    listed = (await client.get("/api/v1/me/documents", headers=auth)).json()["documents"]
    assert [(d["type"], d["media_type"]) for d in listed] == [("kk", "image/jpeg")]
