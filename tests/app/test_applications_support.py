"""Tests: what the application screen tests share — the real API in-process with the shipped
catalog, a wire that can lose its signal, a citizen with profile and wallet, an officer."""

from __future__ import annotations

import io
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.main import build_main
from app.services.tokens import TOKEN_KEY
from app.settings import AppSettings
from contracts.enums import Role
from server.app import create_app
from server.applications.models import Application
from server.catalog.service import import_catalog, load_catalog_dir
from server.config import Settings
from tests.app.harness import FletHarness
from tests.app.screen_support import BASE_URL
from tests.builders import PASSWORD, login, make_citizen, make_staff

SOURCE = load_catalog_dir()
SERVICES = {s.code: s for s in SOURCE.services}
KK_SERVICE = "dukcapil-kk-perubahan"  # nomor-kk (kk_number), jenis, keterangan, telepon (phone)
APPS = "/api/v1/me/applications"
KK_NUMBER = "3579010101900001"


class Wire(httpx.AsyncBaseTransport):
    """The in-process API. `offline` drops every request to the application endpoints;
    `lose_answers` lets the server file a submission but loses the answer on the way back."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.offline = False
        self.lose_answers = 0
        self.submits: list[str] = []  # Idempotency-Key of every submission attempt
        self.statuses: list[tuple[str, int]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if request.method == "POST" and path == APPS:
            self.submits.append(request.headers.get("Idempotency-Key", ""))
        cut = self.offline and ("/me/applications" in path or "/me/notifications" in path)
        if cut:
            raise httpx.ConnectError("network is unreachable", request=request)
        response = await self.inner.handle_async_request(request)
        self.statuses.append((path, response.status_code))
        if request.method == "POST" and path == APPS and self.lose_answers:
            self.lose_answers -= 1
            await response.aread()
            raise httpx.ReadTimeout("the answer was lost", request=request)
        return response


@dataclass
class World:
    client: httpx.AsyncClient
    wire: Wire
    db: AsyncSession
    citizen: dict[str, Any] = field(default_factory=dict)
    auth: dict[str, str] = field(default_factory=dict)

    async def app_count(self) -> int:
        self.db.expire_all()
        return int(await self.db.scalar(select(func.count()).select_from(Application)) or 0)

    def harness(
        self, route: str, device: dict[str, str] | None = None, language: str = "id", **kw: Any
    ) -> FletHarness:
        settings = AppSettings(api_url=BASE_URL, language=language, device_name="pytest")
        h = FletHarness(build_main(settings, http=self.client), route=route, **kw)
        h.secure_storage.update(device or {})
        h.secure_storage[TOKEN_KEY] = self.auth["Authorization"].removeprefix("Bearer ")
        return h


@pytest.fixture(name="world")
async def world_fixture(settings: Settings, db: AsyncSession) -> AsyncIterator[World]:
    await import_catalog(db, SOURCE)
    await db.commit()
    app = create_app(settings)
    wire = Wire(httpx.ASGITransport(app=app, raise_app_exceptions=False))
    async with httpx.AsyncClient(transport=wire, base_url=BASE_URL) as client:
        w = World(client, wire, db)
        w.citizen = await make_citizen(client)
        w.auth = await login(client, w.citizen["nik"])
        yield w
    await app.state.engine.dispose()


def jpeg(colour: str = "white") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (400, 300), colour).save(out, format="JPEG")
    return out.getvalue()


async def upload(w: World, kind: str, title: str | None = None) -> str:
    files = {"file": (f"{kind}.jpg", jpeg(), "image/jpeg")}
    data = {"type": kind} | ({"title": title} if title else {})
    resp = await w.client.post("/api/v1/me/documents", data=data, files=files, headers=w.auth)
    assert resp.status_code == 201, resp.text
    return str(resp.json()["id"])


async def fill_profile(w: World, **changes: Any) -> dict[str, Any]:
    """The citizen's profile with a KK number and an address (what pre-fill reads)."""
    profile = (await w.client.get("/api/v1/me/profile", headers=w.auth)).json()
    body = {
        "full_name": profile["full_name"],
        "birth_date": profile["birth_date"],
        "phone": "081234567890",
        "kk_number": KK_NUMBER,
        "province_code": "35",
        "regency_code": "3579",
        "district_code": "357901",
        "village": "Sisir",
        "rt": "001",
        "rw": "002",
    } | changes
    headers = w.auth | {"If-Match": f'"{profile["version"]}"'}
    resp = await w.client.put("/api/v1/me/profile", json=body, headers=headers)
    assert resp.status_code == 200, resp.text
    return dict(resp.json())


def kk_payload(kk_doc: str, support_doc: str, **answers: Any) -> dict[str, Any]:
    return {
        "service_code": KK_SERVICE,
        "form_version": 1,
        "answers": {
            "nomor-kk": KK_NUMBER,
            "jenis": "tambah-anggota",
            "keterangan": "Menambah anak kedua",
            "telepon": "081234567890",
        }
        | answers,
        "attachments": [
            {"requirement": "kk", "document_id": kk_doc},
            {"requirement": "dokumen-pendukung", "document_id": support_doc},
        ],
    }


async def file_directly(w: World, body: dict[str, Any]) -> dict[str, Any]:
    headers = w.auth | {"Idempotency-Key": str(uuid.uuid4())}
    resp = await w.client.post(APPS, json=body, headers=headers)
    assert resp.status_code == 201, resp.text
    return dict(resp.json())


async def officer(w: World) -> dict[str, str]:
    staff = await make_staff(w.db, role=Role.BACK_OFFICE, agency_code="DUKCAPIL")
    assert staff.username is not None
    return await login(w.client, staff.username, PASSWORD)


async def act(w: World, staff: dict[str, str], app_id: str, **body: Any) -> dict[str, Any]:
    current = await w.client.get(f"/api/v1/officer/applications/{app_id}", headers=staff)
    assert current.status_code == 200, current.text
    headers = staff | {"If-Match": f'"{current.json()["version"]}"'}
    path = f"/api/v1/officer/applications/{app_id}/actions"
    resp = await w.client.post(path, json=body, headers=headers)
    assert resp.status_code == 200, resp.text
    return dict(resp.json())
