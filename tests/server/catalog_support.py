"""Tests: small catalogs built in Python for the catalog import and API tests."""

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from contracts.catalog import Agency, ServiceCenter, ServiceSource
from server.catalog.loader import CatalogSource, HolidaySource


def text(id_: str, en: str | None = None) -> dict[str, str]:
    return {"id": id_, "en": en or f"{id_} (en)"}


def form(*codes: str) -> dict[str, Any]:
    return {"fields": [{"code": c, "label": text(c.title()), "type": "text"} for c in codes]}


def service(code: str, agency: str, name: str, en: str, **extra: Any) -> ServiceSource:
    data: dict[str, Any] = {
        "code": code,
        "agency": agency,
        "category": "population",
        "name": text(name, en),
        "summary": text(f"Layanan {name.lower()}", f"{en} service"),
        "channels": ["online", "counter"],
        "steps": [text("Isi formulir", "Fill in the form")],
        "days": 3,
        "product": text("Dokumen", "Document"),
        "complaint": text("Loket pengaduan", "Complaints desk"),
        "form": form("reason"),
    }
    data.update(extra)
    return ServiceSource.model_validate(data)


AGENCIES = (
    Agency(code="DUKCAPIL", short_name="Dispendukcapil", name=text("Dinas Kependudukan")),
    Agency(code="POLRI", short_name="Polres", name=text("Kepolisian Resor")),
    Agency(code="SAMSAT", short_name="Samsat", name=text("Samsat")),
)
CENTER = ServiceCenter.model_validate(
    {
        "code": "MPP-BATU",
        "name": "MPP Kota Batu",
        "address": "Jl. Panglima Sudirman 507, Batu",
        "regency_code": "3579",
        "latitude": -7.88,
        "longitude": 112.53,
        "opening_hours": [{"days": [1, 2, 3, 4, 5], "opens": "08:00", "closes": "15:00"}],
        "agencies": ["DUKCAPIL", "POLRI"],
    }
)
SERVICES = (
    service(
        "akta-kelahiran",
        "DUKCAPIL",
        "Akta Kelahiran",
        "Birth Certificate",
        keywords=["akte", "lahir"],
    ),
    service("ktp-el", "DUKCAPIL", "KTP Elektronik", "Electronic ID Card", keywords=["e-KTP"]),
    service(
        "skck",
        "POLRI",
        "Surat Keterangan Catatan Kepolisian",
        "Police Certificate",
        category="police",
        keywords=["SKCK"],
    ),
    service(
        "pkb-tahunan",
        "SAMSAT",
        "Pajak Kendaraan Bermotor Tahunan",
        "Annual Vehicle Tax",
        category="vehicle",
        channels=["counter", "kiosk"],
        form={"fields": []},
    ),
)
HOLIDAYS = (
    HolidaySource(date=date(2026, 12, 25), name="Hari Raya Natal"),
    HolidaySource(date=date(2027, 1, 1), name="Tahun Baru 2027 Masehi"),
)


def sample_source() -> CatalogSource:
    return CatalogSource(
        agencies=AGENCIES, service_centers=(CENTER,), services=SERVICES, holidays=HOLIDAYS
    )


def with_service(source: CatalogSource, changed: ServiceSource) -> CatalogSource:
    """The source with one service replaced (by code) or added."""
    others = tuple(s for s in source.services if s.code != changed.code)
    return replace(source, services=(*others, changed))


AGENCY_TOML = """
[[agency]]
code = "DUKCAPIL"
short_name = "Dispendukcapil"
name = { id = "Dinas Kependudukan", en = "Population Office" }
"""
SERVICE_TOML = """
[[service]]
code = "akta-kelahiran"
agency = "DUKCAPIL"
category = "population"
name = { id = "Akta Kelahiran", en = "Birth Certificate" }
summary = { id = "Pencatatan kelahiran", en = "Birth registration" }
channels = ["online", "counter"]
steps = [{ id = "Isi formulir", en = "Fill in the form" }]
days = {days}
product = { id = "Akta", en = "Certificate" }
complaint = { id = "Loket pengaduan", en = "Complaints desk" }

[[service.form.fields]]
code = "child_name"
label = { id = "Nama anak", en = "Child's name" }
type = "text"
"""
HOLIDAY_TOML = """
[[holiday]]
date = 2026-12-25
name = "Hari Raya Natal"
"""


def write_catalog_dir(root: Path, *, days: str = "3") -> Path:
    """A one-agency, one-service data folder as the TOML files are laid out."""
    (root / "services").mkdir(parents=True, exist_ok=True)
    (root / "agencies.toml").write_text(AGENCY_TOML, encoding="utf-8")
    (root / "holidays.toml").write_text(HOLIDAY_TOML, encoding="utf-8")
    service_toml = SERVICE_TOML.replace("{days}", days)
    (root / "services" / "dukcapil.toml").write_text(service_toml, encoding="utf-8")
    return root
