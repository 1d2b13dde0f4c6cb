"""Tests: what the back-office screen tests share — a small catalog (two Dukcapil services,
one Samsat), citizens filing applications through the real API, officers, the harness."""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable
from typing import Any

import flet as ft
import httpx
from PIL import Image
from sqlalchemy.ext.asyncio import AsyncSession

from app.main import build_main
from app.services.tokens import TOKEN_KEY
from app.settings import AppSettings
from contracts.catalog import (
    Agency,
    Channel,
    FieldType,
    FormDefinition,
    FormField,
    LocalText,
    OpeningHours,
    Option,
    Requirement,
    RequirementKind,
    ServiceCenter,
    ServiceSource,
)
from contracts.enums import Role
from server.catalog.importer import import_catalog
from server.catalog.loader import CatalogSource
from tests.app.harness import FletHarness
from tests.app.screen_support import BASE_URL
from tests.builders import login, make_citizen, make_staff
from tests.server.applications_support import APPS, STAFF

BIRTH = "dukcapil-akta-uji"
KIA = "dukcapil-kia-uji"
TAX = "samsat-pkb-uji"
LOOPS = ("picture_loop",)


def text(id_: str, en: str | None = None) -> LocalText:
    return LocalText(id=id_, en=en or id_)


def service(code: str, agency: str, name: str, fields: tuple[FormField, ...]) -> ServiceSource:
    return ServiceSource(
        code=code,
        agency=agency,
        category="population" if agency == "DUKCAPIL" else "vehicle",
        name=text(name, f"{name} (EN)"),
        summary=text("Uji"),
        channels=(Channel.ONLINE,),
        requirements=(
            Requirement(code="surat_lahir", kind=RequirementKind.UPLOAD, label=text("Surat lahir")),
        )
        if code == BIRTH
        else (),
        steps=(text("Isi formulir"),),
        days=5,
        product=text("Dokumen"),
        complaint=text("SP4N-LAPOR!"),
        form=FormDefinition(fields=fields),
    )


BIRTH_FIELDS = (
    FormField(code="nama_anak", label=text("Nama anak"), type=FieldType.TEXT),
    FormField(
        code="jenis_kelamin",
        label=text("Jenis kelamin"),
        type=FieldType.SELECT,
        options=(
            Option(key="laki", label=text("Laki-laki")),
            Option(key="perempuan", label=text("Perempuan")),
        ),
    ),
)
PLAIN_FIELDS = (FormField(code="nama_anak", label=text("Nama anak"), type=FieldType.TEXT),)
PLATE_FIELDS = (FormField(code="nopol", label=text("Nomor polisi"), type=FieldType.TEXT),)


def catalog_source() -> CatalogSource:
    hours = (OpeningHours(days=(1, 2, 3, 4, 5), opens="08:00", closes="15:00"),)
    return CatalogSource(
        agencies=(
            Agency(code="DUKCAPIL", short_name="Dukcapil", name=text("Dinas Dukcapil")),
            Agency(code="SAMSAT", short_name="Samsat", name=text("Samsat")),
        ),
        service_centers=(
            ServiceCenter(
                code="MPP-BATU",
                name="MPP Batu",
                address="Jl. Panglima Sudirman",
                regency_code="3579",
                latitude=-7.87,
                longitude=112.52,
                opening_hours=hours,
                agencies=("DUKCAPIL", "SAMSAT"),
            ),
        ),
        services=(
            service(BIRTH, "DUKCAPIL", "Akta Kelahiran Uji", BIRTH_FIELDS),
            service(KIA, "DUKCAPIL", "KIA Uji", PLAIN_FIELDS),
            service(TAX, "SAMSAT", "Pajak Kendaraan Uji", PLATE_FIELDS),
        ),
    )


async def import_test_catalog(db: AsyncSession) -> None:
    await import_catalog(db, catalog_source())
    await db.commit()


def jpeg(colour: str = "red", size: tuple[int, int] = (320, 240)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="JPEG", quality=85)
    return out.getvalue()


class Citizen:
    """A registered citizen with a session, able to file applications."""

    def __init__(self, api: httpx.AsyncClient, auth: dict[str, str], name: str) -> None:
        self.api, self.auth, self.name = api, auth, name

    @classmethod
    async def create(cls, api: httpx.AsyncClient, name: str = "Siti Aminah") -> Citizen:
        person = await make_citizen(api, full_name=name)
        return cls(api, await login(api, person["nik"]), name)

    async def upload(self) -> str:
        files = {"file": ("surat.jpg", jpeg(), "image/jpeg")}
        resp = await self.api.post(
            "/api/v1/me/documents",
            data={"type": "surat_keterangan"},
            files=files,
            headers=self.auth | {"Idempotency-Key": str(uuid.uuid4())},
        )
        assert resp.status_code == 201, resp.text
        return str(resp.json()["id"])

    async def file(self, code: str = BIRTH, **answers: Any) -> dict[str, Any]:
        body: dict[str, Any] = {"service_code": code, "form_version": 1}
        if code == BIRTH:
            body["answers"] = {"nama_anak": "Budi Kecil", "jenis_kelamin": "laki"} | answers
            body["prefilled"] = ["jenis_kelamin"]  # as if the form had taken it from the profile
            body["attachments"] = [
                {"requirement": "surat_lahir", "document_id": await self.upload()}
            ]
        elif code == KIA:
            body["answers"] = {"nama_anak": "Ani"} | answers
        else:
            body["answers"] = {"nopol": "N 1234 AB"} | answers
        headers = self.auth | {"Idempotency-Key": str(uuid.uuid4())}
        resp = await self.api.post(APPS, json=body, headers=headers)
        assert resp.status_code == 201, resp.text
        filed: dict[str, Any] = resp.json()
        return filed

    async def read(self, app_id: str) -> dict[str, Any]:
        resp = await self.api.get(f"{APPS}/{app_id}", headers=self.auth)
        assert resp.status_code == 200, resp.text
        got: dict[str, Any] = resp.json()
        return got

    async def access_log(self) -> list[dict[str, Any]]:
        resp = await self.api.get("/api/v1/me/access-log", headers=self.auth)
        assert resp.status_code == 200, resp.text
        entries: list[dict[str, Any]] = resp.json()["entries"]
        return entries


async def officer(
    api: httpx.AsyncClient, db: AsyncSession, agency: str = "DUKCAPIL", name: str = "Budi Santoso"
) -> dict[str, str]:
    staff = await make_staff(db, full_name=name, role=Role.BACK_OFFICE, agency_code=agency)
    assert staff.username
    return await login(api, staff.username)


async def act(
    api: httpx.AsyncClient, auth: dict[str, str], app_id: str, **body: Any
) -> dict[str, Any]:
    """An officer's step through the API (behind the screen's back)."""
    current = await api.get(f"{STAFF}/{app_id}", headers=auth)
    headers = auth | {"If-Match": current.headers["ETag"]}
    resp = await api.post(f"{STAFF}/{app_id}/actions", json=body, headers=headers)
    assert resp.status_code == 200, resp.text
    acted: dict[str, Any] = resp.json()
    return acted


def harness(
    api: httpx.AsyncClient, route: str, auth: dict[str, str], language: str = "id"
) -> FletHarness:
    settings = AppSettings(api_url=BASE_URL, language=language, device_name="pytest")
    h = FletHarness(build_main(settings, http=api), route=route, background_tasks=LOOPS)
    h.secure_storage[TOKEN_KEY] = auth["Authorization"].removeprefix("Bearer ")
    return h


def pick_answers(h: FletHarness, *files: tuple[str, bytes]) -> None:
    """The file picker answers with the next (name, bytes) each time (web/phone style)."""
    queue = list(files)

    def pick(args: dict[str, Any]) -> list[dict[str, Any]]:
        name, data = queue.pop(0)
        return [{"id": 0, "name": name, "size": len(data), "path": None, "bytes": data}]

    h.on_method("FilePicker", "pick_files", pick)


def item_ids(h: FletHarness) -> list[str]:
    """Tracking numbers of the queue rows, in screen order."""
    prefix = "review-item-"
    found = h.find_all(type=ft.Semantics)
    return [
        str(c.identifier)[len(prefix) :]
        for c in found
        if isinstance(c, ft.Semantics) and str(c.identifier or "").startswith(prefix)
    ]


Make = Callable[..., Any]
