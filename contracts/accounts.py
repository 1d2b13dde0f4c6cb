"""Contracts layer: account, registration and session schemas (the /api/v1/auth wire format)."""

import re
from datetime import date, datetime
from typing import Annotated, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from contracts.enums import Role, Sex
from contracts.nik import NikError, parse_nik
from contracts.phone import PhoneError, normalize_phone
from contracts.text import Incoming

PASSWORD_MIN = 8
PASSWORD_MAX = 128
_NAME = re.compile(r"^[^\W\d_]+(?:[ '.,\-][^\W\d_]*)*$")


def _nik(value: str) -> str:
    try:
        return parse_nik(value).nik
    except NikError as exc:
        raise PydanticCustomError(exc.code, exc.code) from None


def _phone(value: str) -> str:
    try:
        return normalize_phone(value)
    except PhoneError:
        raise PydanticCustomError("phone_format", "phone_format") from None


def _name(value: str) -> str:
    cleaned = " ".join(value.split())
    if not 2 <= len(cleaned) <= 100 or not _NAME.match(cleaned):
        raise PydanticCustomError("name_format", "name_format")
    return cleaned


def _password(value: str) -> str:
    if len(value) < PASSWORD_MIN:
        raise PydanticCustomError("password_short", "password_short")
    if len(value) > PASSWORD_MAX:
        raise PydanticCustomError("password_long", "password_long")
    if value.isdigit() or value.isalpha():
        raise PydanticCustomError("password_weak", "password_weak")
    return value


def _birth_date(value: date) -> date:
    today = date.today()
    if value > today or value.year < today.year - 130:
        raise PydanticCustomError("birth_date_range", "birth_date_range")
    return value


# The rules below are checked by the validators (which answer with our own codes, e.g.
# nik_format); json_schema_extra only writes them into the OpenAPI document as well.
# A NIK: 16 digits; spaces and dots between them are ignored (as printed on a KTP).
NIK_PATTERN = r"^[ .]*(?:[0-9][ .]*){16}$"
# 8-128 characters, not only digits, not only letters, no control characters
PASSWORD_PATTERN = r"^(?![0-9]+$)(?![^\W\d_]+$)[^\x00-\x1f\x7f]{8,128}$"
# Siti Aminah, a woman (day of birth + 40) born 1 January 1990 in Kota Batu (district 357901)
EXAMPLE_NIK = "3579014101900001"
EXAMPLE_BIRTH_DATE = "1990-01-01"

Nik = Annotated[
    str,
    Field(
        max_length=40,
        examples=[EXAMPLE_NIK],
        json_schema_extra={"minLength": 16, "pattern": NIK_PATTERN},
    ),
    AfterValidator(_nik),
]
Phone = Annotated[str, Field(max_length=24, examples=["081234567890"]), AfterValidator(_phone)]
FullName = Annotated[str, Field(max_length=200, examples=["Siti Aminah"]), AfterValidator(_name)]
Password = Annotated[
    str,
    Field(
        max_length=1024,
        json_schema_extra={
            "minLength": PASSWORD_MIN,
            "maxLength": PASSWORD_MAX,
            "pattern": PASSWORD_PATTERN,
        },
    ),
    AfterValidator(_password),
]
BirthDate = Annotated[date, Field(examples=[EXAMPLE_BIRTH_DATE]), AfterValidator(_birth_date)]


class RegisterRequest(Incoming):
    """A citizen's self-registration; the NIK must agree with birth date and sex."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "nik": EXAMPLE_NIK,
                    "full_name": "Siti Aminah",
                    "birth_date": EXAMPLE_BIRTH_DATE,
                    "sex": "female",
                    "phone": "081234567890",
                    "password": "rahasia-2024",
                }
            ]
        },
    )

    nik: Nik
    full_name: FullName
    birth_date: BirthDate
    sex: Sex
    phone: Phone
    password: Password

    @model_validator(mode="after")
    def _nik_agrees(self) -> Self:
        info = parse_nik(self.nik)
        if not info.matches_birth_date(self.birth_date):
            raise PydanticCustomError("nik_birth_date_mismatch", "nik_birth_date_mismatch")
        if info.sex is not self.sex:
            raise PydanticCustomError("nik_sex_mismatch", "nik_sex_mismatch")
        return self


class LoginRequest(Incoming):
    """Log in with a NIK (citizens) or a username (staff)."""

    model_config = ConfigDict(extra="forbid")

    login: Annotated[str, Field(min_length=1, max_length=100, examples=[EXAMPLE_NIK])]
    password: Annotated[str, Field(min_length=1, max_length=1024)]
    device_name: Annotated[str | None, Field(default=None, max_length=100)] = None


CurrentPassword = Annotated[str, Field(min_length=1, max_length=1024)]


class PasswordChange(Incoming):
    """POST /me/password: the current password again, and the new one (registration rules)."""

    model_config = ConfigDict(extra="forbid")

    current_password: CurrentPassword
    new_password: Password


class PasswordConfirm(Incoming):
    """The account's password re-entered to confirm a step that cannot be undone online."""

    model_config = ConfigDict(extra="forbid")

    password: CurrentPassword


class AccountOut(BaseModel):
    """The signed-in account as the app shows it; never the raw NIK."""

    id: str
    role: Role
    full_name: str
    nik_masked: str | None = None
    phone: str | None = None
    username: str | None = None
    agency_code: str | None = None
    service_center_code: str | None = None
    district_codes: list[str] = Field(default_factory=list)


class SessionOut(BaseModel):
    """A new session: the opaque bearer token is shown once and stored only hashed."""

    token: str
    expires_at: datetime
    account: AccountOut


class SessionInfo(BaseModel):
    """One of the account's active sessions (devices)."""

    id: str
    device_name: str | None
    created_at: datetime
    last_used_at: datetime
    expires_at: datetime
    current: bool
