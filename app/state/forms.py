"""State layer: register/login form values → contract requests, errors as catalog keys; no I/O."""

import re
from dataclasses import dataclass
from datetime import date

from pydantic import ValidationError

from contracts.accounts import RegisterRequest

# Codes raised by contracts.accounts validators; each has a "field.<code>" catalog text.
KNOWN_CODES = (
    "nik_format",
    "nik_date",
    "nik_district",
    "nik_serial",
    "name_format",
    "phone_format",
    "password_short",
    "password_long",
    "password_weak",
    "birth_date_range",
    "nik_birth_date_mismatch",
    "nik_sex_mismatch",
)
# Model-level rules have no field of their own; show them under the field to fix.
MODEL_RULE_FIELDS = {"nik_birth_date_mismatch": "birth_date", "nik_sex_mismatch": "sex"}
REQUIRED_KEY = "field.required"
INVALID_KEY = "field.invalid"
BIRTH_DATE_FORMAT_KEY = "field.birth_date_format"
_DATE = re.compile(r"^\s*(\d{1,2})\s*[-/. ]\s*(\d{1,2})\s*[-/. ]\s*(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


class FormInvalid(Exception):
    """Inputs rejected before sending; `fields` maps a field name to a catalog key."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__(", ".join(sorted(fields)))
        self.fields = fields


@dataclass(frozen=True)
class RegisterForm:
    """What the citizen typed on the register screen, as text."""

    nik: str = ""
    full_name: str = ""
    birth_date: str = ""
    sex: str = ""
    phone: str = ""
    password: str = ""


def parse_birth_date(text: str) -> date | None:
    """Read DD-MM-YYYY (also with / . or spaces) or ISO YYYY-MM-DD; None when not a date."""
    if m := _DATE.match(text):
        day, month, year = (int(g) for g in m.groups())
    elif m := _ISO.match(text):
        year, month, day = (int(g) for g in m.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def format_birth_date(value: date) -> str:
    return value.strftime("%d-%m-%Y")


def error_key(code: str) -> str:
    return f"field.{code}" if code in KNOWN_CODES else INVALID_KEY


def _missing(form: RegisterForm) -> dict[str, str]:
    values = {
        "nik": form.nik,
        "full_name": form.full_name,
        "birth_date": form.birth_date,
        "sex": form.sex,
        "phone": form.phone,
        "password": form.password,
    }
    return {name: REQUIRED_KEY for name, value in values.items() if not value.strip()}


def _from_validation(exc: ValidationError) -> dict[str, str]:
    fields: dict[str, str] = {}
    for err in exc.errors():
        code = str(err["type"])
        name = str(err["loc"][0]) if err["loc"] else MODEL_RULE_FIELDS.get(code, "")
        fields.setdefault(name, error_key(code))
    return fields


def to_register_request(form: RegisterForm) -> RegisterRequest:
    """Validate locally with the shared contract; raise FormInvalid with catalog keys."""
    errors = _missing(form)
    birth = parse_birth_date(form.birth_date) if form.birth_date.strip() else None
    if form.birth_date.strip() and birth is None:
        errors["birth_date"] = BIRTH_DATE_FORMAT_KEY
    if errors:
        raise FormInvalid(errors)
    try:
        return RegisterRequest.model_validate(
            {
                "nik": form.nik,
                "full_name": form.full_name,
                "birth_date": birth,
                "sex": form.sex,
                "phone": form.phone,
                "password": form.password,
            }
        )
    except ValidationError as exc:
        raise FormInvalid(_from_validation(exc)) from None


def check_login(login: str, password: str) -> None:
    """Both login fields are required; raise FormInvalid otherwise."""
    errors = {}
    if not login.strip():
        errors["login"] = REQUIRED_KEY
    if not password:
        errors["password"] = REQUIRED_KEY
    if errors:
        raise FormInvalid(errors)
