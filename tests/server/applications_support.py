"""Tests: a small catalog and helpers to file and move applications through the real API."""

import uuid
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.catalog import (
    Agency,
    Channel,
    FieldType,
    FormDefinition,
    FormField,
    LocalText,
    OpeningHours,
    Option,
    PrefillSource,
    Requirement,
    RequirementKind,
    ServiceCenter,
    ServiceSource,
)
from contracts.documents import DocumentType
from server.catalog import service as catalog

APPS = "/api/v1/me/applications"
STAFF = "/api/v1/officer/applications"
SERVICE = "dukcapil-akta-kelahiran"
OTHER_AGENCY_SERVICE = "samsat-pkb"


def _t(text: str) -> LocalText:
    return LocalText(id=text, en=text)


def birth_form(extra: tuple[FormField, ...] = ()) -> FormDefinition:
    fields = (
        FormField(
            code="nama_pemohon",
            label=_t("Nama"),
            type=FieldType.TEXT,
            prefill=PrefillSource.FULL_NAME,
        ),
        FormField(code="nama_anak", label=_t("Nama anak"), type=FieldType.TEXT, max_length=60),
        FormField(code="tanggal_lahir_anak", label=_t("Tanggal lahir"), type=FieldType.DATE),
        FormField(
            code="jenis_kelamin",
            label=_t("Jenis kelamin"),
            type=FieldType.SELECT,
            options=(Option(key="laki", label=_t("L")), Option(key="perempuan", label=_t("P"))),
        ),
        FormField(code="catatan", label=_t("Catatan"), type=FieldType.TEXTAREA, required=False),
    )
    return FormDefinition(fields=fields + extra)


def birth_service(days: int = 3, form: FormDefinition | None = None) -> ServiceSource:
    return ServiceSource(
        code=SERVICE,
        agency="DUKCAPIL",
        category="population",
        name=LocalText(id="Akta Kelahiran", en="Birth certificate"),
        summary=_t("Pencatatan kelahiran"),
        channels=(Channel.ONLINE, Channel.COUNTER),
        requirements=(
            Requirement(
                code="nik",
                kind=RequirementKind.PROFILE,
                label=_t("NIK"),
                profile_field=PrefillSource.NIK,
            ),
            Requirement(
                code="kk",
                kind=RequirementKind.DOCUMENT,
                label=_t("KK"),
                document_type=DocumentType.KK,
            ),
            Requirement(
                code="surat_lahir", kind=RequirementKind.UPLOAD, label=_t("Surat keterangan lahir")
            ),
            Requirement(
                code="buku_nikah",
                kind=RequirementKind.UPLOAD,
                label=_t("Buku nikah"),
                required=False,
            ),
        ),
        steps=(_t("Isi formulir"), _t("Unggah dokumen")),
        days=days,
        product=_t("Akta kelahiran"),
        complaint=_t("SP4N-LAPOR!"),
        form=form or birth_form(),
    )


def tax_service() -> ServiceSource:
    return ServiceSource(
        code=OTHER_AGENCY_SERVICE,
        agency="SAMSAT",
        category="vehicle",
        name=LocalText(id="Pajak Kendaraan", en="Vehicle tax"),
        summary=_t("Bayar PKB"),
        channels=(Channel.ONLINE,),
        steps=(_t("Isi"),),
        days=0,
        product=_t("STNK disahkan"),
        complaint=_t("Samsat"),
        form=FormDefinition(
            fields=(FormField(code="nopol", label=_t("Nopol"), type=FieldType.TEXT),)
        ),
    )


def counter_only_service() -> ServiceSource:
    return ServiceSource(
        code="dukcapil-ktp-rekam",
        agency="DUKCAPIL",
        category="population",
        name=_t("Perekaman KTP-el"),
        summary=_t("Rekam"),
        channels=(Channel.COUNTER, Channel.JEMPUT_BOLA),
        steps=(_t("Datang"),),
        days=0,
        product=_t("KTP-el"),
        complaint=_t("Dukcapil"),
    )


def source(*services: ServiceSource) -> catalog.CatalogSource:
    hours = (OpeningHours(days=(1, 2, 3, 4, 5), opens="08:00", closes="15:00"),)
    return catalog.CatalogSource(
        agencies=(
            Agency(code="DUKCAPIL", short_name="Dukcapil", name=_t("Dinas Dukcapil")),
            Agency(code="SAMSAT", short_name="Samsat", name=_t("Samsat")),
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
        services=services or (birth_service(), tax_service(), counter_only_service()),
        holidays=(),
    )


async def import_test_catalog(db: AsyncSession, *services: ServiceSource) -> None:
    await catalog.import_catalog(db, source(*services))
    await db.commit()


async def upload(api: httpx.AsyncClient, auth: dict[str, str], kind: str, data: bytes) -> str:
    files = {"file": (f"{kind}.jpg", data, "image/jpeg")}
    resp = await api.post("/api/v1/me/documents", data={"type": kind}, files=files, headers=auth)
    assert resp.status_code == 201, resp.text
    return str(resp.json()["id"])


def answers(**overrides: Any) -> dict[str, Any]:
    base = {
        "nama_pemohon": "Siti Aminah",
        "nama_anak": "Budi Kecil",
        "tanggal_lahir_anak": "2026-11-01",
        "jenis_kelamin": "laki",
    }
    return {k: v for k, v in (base | overrides).items() if v is not None}


def payload(kk: str, letter: str, **overrides: Any) -> dict[str, Any]:
    body = {
        "service_code": SERVICE,
        "form_version": 1,
        "answers": answers(),
        "attachments": [
            {"requirement": "kk", "document_id": kk},
            {"requirement": "surat_lahir", "document_id": letter},
        ],
        "prefilled": ["nama_pemohon"],
    }
    return body | overrides


def key() -> dict[str, str]:
    return {"Idempotency-Key": str(uuid.uuid4())}


async def submit(api: httpx.AsyncClient, auth: dict[str, str], body: dict[str, Any]) -> Any:
    resp = await api.post(APPS, json=body, headers=auth | key())
    assert resp.status_code == 201, resp.text
    return resp.json()


async def act(
    api: httpx.AsyncClient, auth: dict[str, str], app: dict[str, Any], **body: Any
) -> httpx.Response:
    headers = auth | {"If-Match": f'"{app["version"]}"'}
    return await api.post(f"{STAFF}/{app['id']}/actions", json=body, headers=headers)
