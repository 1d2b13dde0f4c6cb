"""Tests: a small hand-written catalog for app tests that do not need the server."""

from datetime import UTC, datetime

from contracts.catalog import (
    Agency,
    Catalog,
    Category,
    Channel,
    Fee,
    FieldType,
    FormDefinition,
    FormField,
    LocalText,
    OpeningHours,
    PublicService,
    Requirement,
    RequirementKind,
    ServiceCenter,
)
from contracts.documents import DocumentType


def text(id_: str, en: str | None = None) -> LocalText:
    return LocalText(id=id_, en=en or id_)


def service(code: str, agency: str, name: str, **overrides: object) -> PublicService:
    fields: dict[str, object] = {
        "code": code,
        "agency": agency,
        "category": Category.POPULATION,
        "name": text(name, f"{name} (en)"),
        "summary": text(f"Ringkasan {name}", f"Summary {name}"),
        "channels": (Channel.COUNTER,),
        "steps": (text("Datang ke loket", "Go to the counter"),),
        "days": 1,
        "product": text("Dokumen", "Document"),
        "complaint": text("Pengaduan di loket", "Complaints at the counter"),
        "form_version": 1,
    }
    fields.update(overrides)
    return PublicService.model_validate(fields)


def online_form() -> FormDefinition:
    return FormDefinition(
        fields=(FormField(code="reason", label=text("Alasan"), type=FieldType.TEXT),)
    )


def sample_catalog(revision: str = "r1") -> Catalog:
    kk = service(
        "kk-baru",
        "DUKCAPIL",
        "Kartu Keluarga Baru",
        channels=(Channel.ONLINE, Channel.COUNTER),
        form=online_form(),
        requirements=(
            Requirement(
                code="nik",
                kind=RequirementKind.PROFILE,
                label=text("NIK pemohon"),
                profile_field="nik",
            ),
            Requirement(
                code="ktp",
                kind=RequirementKind.DOCUMENT,
                label=text("KTP-el"),
                document_type=DocumentType.KTP,
            ),
        ),
        legal_basis=("UU 24/2013",),
        days=3,
    )
    stnk = service(
        "stnk-tahunan",
        "SAMSAT",
        "Pajak Kendaraan Tahunan",
        category=Category.VEHICLE,
        channels=(Channel.COUNTER, Channel.KIOSK),
        fee=Fee(amount=350000),
    )
    return Catalog(
        revision=revision,
        imported_at=datetime(2026, 11, 1, tzinfo=UTC),
        agencies=[
            Agency(code="DUKCAPIL", short_name="Dukcapil", name=text("Dinas Dukcapil")),
            Agency(code="SAMSAT", short_name="Samsat", name=text("Samsat")),
        ],
        service_centers=[
            ServiceCenter(
                code="MPP-BATU",
                name="MPP Kota Batu",
                address="Jl. Panglima Sudirman 507, Batu",
                regency_code="3579",
                latitude=-7.87,
                longitude=112.52,
                opening_hours=(OpeningHours(days=(1, 2, 3, 4, 5), opens="08:00", closes="15:00"),),
                agencies=("DUKCAPIL",),
            )
        ],
        services=[kk, stnk],
    )
