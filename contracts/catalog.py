"""Contracts layer: the service catalog — agencies, service centres, public services with their
Standar Pelayanan and versioned forms (the data files' schema and the /api/v1/catalog wire)."""

import re
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Final, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from contracts.documents import DocumentType

_SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
CODE_MAX: Final = 64


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise PydanticCustomError("code_format", "code_format")
    return value


Code = Annotated[str, Field(min_length=2, max_length=CODE_MAX), AfterValidator(_slug)]
AgencyCode = Annotated[str, Field(min_length=2, max_length=32, pattern=r"^[A-Z][A-Z0-9-]*$")]


class Strict(BaseModel):
    """Data files are authored by hand: a misspelt key is an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class LocalText(Strict):
    """Indonesian first (always shown), English second."""

    id: str = Field(min_length=1, max_length=2000)
    en: str = Field(min_length=1, max_length=2000)

    def get(self, language: str) -> str:
        return self.en if language == "en" else self.id


class Channel(StrEnum):
    """The four ways an MPP serves (DOMAIN.md); `online` = remote application in this app."""

    ONLINE = "online"
    COUNTER = "counter"
    JEMPUT_BOLA = "jemput_bola"
    KIOSK = "kiosk"


class Category(StrEnum):
    """Browse groups; UI labels live in the app catalog as `catalog.category.<value>`."""

    POPULATION = "population"
    HEALTH = "health"
    EMPLOYMENT = "employment"
    TAX = "tax"
    VEHICLE = "vehicle"
    IMMIGRATION = "immigration"
    POLICE = "police"
    BUSINESS = "business"
    RELIGION = "religion"
    LAND = "land"
    BANKING = "banking"
    UTILITIES = "utilities"
    SOCIAL = "social"


class PrefillSource(StrEnum):
    """A profile value the state already holds; the app fills the field from it."""

    FULL_NAME = "full_name"
    NIK = "nik"
    BIRTH_PLACE = "birth_place"
    BIRTH_DATE = "birth_date"
    SEX = "sex"
    ADDRESS = "address"  # village, RT/RW, district, regency, province in one line
    VILLAGE = "village"
    POSTCODE = "postcode"
    PHONE = "phone"
    EMAIL = "email"
    KK_NUMBER = "kk_number"
    OCCUPATION = "occupation"


class RequirementKind(StrEnum):
    PROFILE = "profile"  # a profile field the state already holds: nothing to bring
    DOCUMENT = "document"  # a wallet document of a type: picked from the wallet
    UPLOAD = "upload"  # anything else: a photo or PDF uploaded with the application


class Requirement(Strict):
    """One persyaratan. `document` and `upload` requirements are application attachments."""

    code: Code
    kind: RequirementKind
    label: LocalText
    required: bool = True
    profile_field: PrefillSource | None = None
    document_type: DocumentType | None = None
    note: LocalText | None = None

    @model_validator(mode="after")
    def _typed(self) -> Self:
        if (self.kind is RequirementKind.PROFILE) != (self.profile_field is not None):
            raise ValueError("profile requirements (and only they) name a profile_field")
        if (self.kind is RequirementKind.DOCUMENT) != (self.document_type is not None):
            raise ValueError("document requirements (and only they) name a document_type")
        return self

    @property
    def is_attachment(self) -> bool:
        return self.kind is not RequirementKind.PROFILE


class FieldType(StrEnum):
    TEXT = "text"
    TEXTAREA = "textarea"
    NUMBER = "number"
    DATE = "date"  # ISO yyyy-mm-dd
    SELECT = "select"  # one option key
    CHECKBOX = "checkbox"  # true/false; required means it must be ticked
    PHONE = "phone"
    EMAIL = "email"
    NIK = "nik"


class Option(Strict):
    key: Code
    label: LocalText


class FormField(Strict):
    """One question of a service's form, its checks and where its value can come from."""

    code: Code
    label: LocalText
    type: FieldType
    required: bool = True
    help: LocalText | None = None
    options: tuple[Option, ...] = ()
    min_length: int | None = Field(default=None, ge=0)
    max_length: int | None = Field(default=None, ge=1, le=4000)
    pattern: str | None = None  # full match, Python/JS-compatible regex
    min_value: float | None = None
    max_value: float | None = None
    prefill: PrefillSource | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if (self.type is FieldType.SELECT) != bool(self.options):
            raise ValueError("select fields (and only they) have options")
        if self.pattern is not None:
            re.compile(self.pattern)
        return self


class FormDefinition(Strict):
    fields: tuple[FormField, ...] = ()

    @model_validator(mode="after")
    def _unique(self) -> Self:
        codes = [f.code for f in self.fields]
        if len(codes) != len(set(codes)):
            raise ValueError("form field codes must be unique")
        return self

    def field(self, code: str) -> FormField | None:
        return next((f for f in self.fields if f.code == code), None)


class Fee(Strict):
    amount: int = Field(default=0, ge=0)  # rupiah; 0 = free
    note: LocalText | None = None  # e.g. "sesuai NJKB" when it varies


class ServiceSource(Strict):
    """One public service as written in a data file (server/catalog/data/services/*.toml)."""

    code: Code
    agency: AgencyCode
    category: Category
    name: LocalText
    summary: LocalText
    channels: tuple[Channel, ...] = Field(min_length=1)
    requirements: tuple[Requirement, ...] = ()
    steps: tuple[LocalText, ...] = Field(min_length=1)
    days: int = Field(ge=0, le=365)  # jangka waktu, in working days (0 = the same day)
    fee: Fee = Fee()
    product: LocalText
    complaint: LocalText
    legal_basis: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    visit_minutes: int | None = Field(default=None, ge=5, le=240)  # jemput bola: time at a home
    form: FormDefinition = FormDefinition()

    @model_validator(mode="after")
    def _unique(self) -> Self:
        codes = [r.code for r in self.requirements]
        if len(codes) != len(set(codes)):
            raise ValueError("requirement codes must be unique")
        if Channel.ONLINE in self.channels and not self.form.fields:
            raise ValueError("a service offered online needs a form")
        return self

    def requirement(self, code: str) -> Requirement | None:
        return next((r for r in self.requirements if r.code == code), None)


class PublicService(ServiceSource):
    """A service as served: its source plus the number of the form version in force."""

    form_version: int = Field(ge=1)


class Agency(Strict):
    code: AgencyCode
    short_name: str = Field(min_length=2, max_length=40)
    name: LocalText
    website: str | None = None


class OpeningHours(Strict):
    """Open `opens`–`closes` (local time, HH:MM) on ISO weekdays `days` (1 = Monday)."""

    days: tuple[int, ...] = Field(min_length=1)
    opens: str = Field(pattern=r"^\d\d:\d\d$")
    closes: str = Field(pattern=r"^\d\d:\d\d$")


class ServiceCenter(Strict):
    """A Mal Pelayanan Publik (or another counter site) and the agencies with counters there."""

    code: AgencyCode
    name: str = Field(min_length=2, max_length=120)
    address: str = Field(min_length=2, max_length=300)
    regency_code: str = Field(pattern=r"^\d{4}$")
    latitude: float = Field(ge=-11.5, le=6.5)
    longitude: float = Field(ge=94.5, le=141.5)
    opening_hours: tuple[OpeningHours, ...] = Field(min_length=1)
    agencies: tuple[AgencyCode, ...] = ()
    phone: str | None = None


class Catalog(BaseModel):
    """GET /api/v1/catalog: everything, for the device cache. `revision` is also the ETag."""

    revision: str
    imported_at: datetime
    agencies: list[Agency]
    service_centers: list[ServiceCenter]
    services: list[PublicService]


class ServiceSummary(BaseModel):
    """One row of GET /api/v1/catalog/services (search and filters on the server)."""

    code: str
    agency: str
    category: Category
    name: LocalText
    summary: LocalText
    channels: list[Channel]
    days: int
    fee: Fee


class ServiceList(BaseModel):
    services: list[ServiceSummary]


def summary_of(service: ServiceSource) -> ServiceSummary:
    return ServiceSummary(
        code=service.code,
        agency=service.agency,
        category=service.category,
        name=service.name,
        summary=service.summary,
        channels=list(service.channels),
        days=service.days,
        fee=service.fee,
    )
