"""Contracts layer: checks a service form's answers (the app before sending, the server before
filing) and returns them cleaned, or every field's error code at once."""

import re
from collections.abc import Collection, Mapping
from datetime import date
from typing import Any

from contracts.catalog import FieldType, FormDefinition, FormField
from contracts.nik import NikError, parse_nik
from contracts.phone import PhoneError, normalize_phone

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class AnswersInvalid(ValueError):
    """`errors` maps a field code to an error code (messages: `form_<code>` in the catalogs)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(", ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value is False


def _text(field: FormField, value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("form_type")
    text = value.strip() if field.type is FieldType.TEXTAREA else " ".join(value.split())
    if any(not ch.isprintable() for ch in text.replace("\n", "")):
        raise ValueError("form_text")
    if field.min_length is not None and len(text) < field.min_length:
        raise ValueError("form_too_short")
    if len(text) > (field.max_length or (2000 if field.type is FieldType.TEXTAREA else 200)):
        raise ValueError("form_too_long")
    if field.pattern is not None and not re.fullmatch(field.pattern, text):
        raise ValueError("form_pattern")
    return text


def _number(field: FormField, value: Any) -> int | float:
    if isinstance(value, bool):
        raise ValueError("form_number")
    if isinstance(value, str):
        try:
            value = float(value.strip().replace(",", "."))
        except ValueError:
            raise ValueError("form_number") from None
    if not isinstance(value, int | float) or value != value:  # NaN
        raise ValueError("form_number")
    if field.min_value is not None and value < field.min_value:
        raise ValueError("form_too_small")
    if field.max_value is not None and value > field.max_value:
        raise ValueError("form_too_large")
    return int(value) if float(value).is_integer() else float(value)


def _date(value: Any) -> str:
    try:
        parsed = date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError("form_date") from None
    if not 1900 <= parsed.year <= 2100:
        raise ValueError("form_date")
    return parsed.isoformat()


def _select(field: FormField, value: Any) -> str:
    if value not in {o.key for o in field.options}:
        raise ValueError("form_option")
    return str(value)


def _phone(value: Any) -> str:
    try:
        return normalize_phone(str(value))
    except PhoneError:
        raise ValueError("phone_format") from None


def _nik(value: Any) -> str:
    try:
        return parse_nik(str(value)).nik
    except NikError as exc:
        raise ValueError(exc.code) from None


def _email(value: Any) -> str:
    text = str(value).strip().lower()
    if len(text) > 254 or not _EMAIL.match(text):
        raise ValueError("email_format")
    return text


def clean_value(field: FormField, value: Any) -> Any:
    """The cleaned value of one non-empty answer; ValueError(code) when it is not valid."""
    match field.type:
        case FieldType.TEXT | FieldType.TEXTAREA:
            return _text(field, value)
        case FieldType.NUMBER:
            return _number(field, value)
        case FieldType.DATE:
            return _date(value)
        case FieldType.SELECT:
            return _select(field, value)
        case FieldType.CHECKBOX:
            if not isinstance(value, bool):
                raise ValueError("form_type")
            return value
        case FieldType.PHONE:
            return _phone(value)
        case FieldType.NIK:
            return _nik(value)
        case FieldType.EMAIL:
            return _email(value)


def clean_answers(
    form: FormDefinition, answers: Mapping[str, Any], skip: Collection[str] = ()
) -> dict[str, Any]:
    """Every field checked; unknown codes are refused, empty optional fields are dropped.
    `skip`: empty fields the server will fill (the app cannot, e.g. a NIK it sees masked)."""
    errors = {code: "form_unknown_field" for code in answers if form.field(code) is None}
    cleaned: dict[str, Any] = {}
    for field in form.fields:
        value = answers.get(field.code)
        if _empty(value):
            if field.required and field.code not in skip:
                errors[field.code] = "form_required"
            continue
        try:
            cleaned[field.code] = clean_value(field, value)
        except ValueError as exc:
            errors[field.code] = str(exc)
    if errors:
        raise AnswersInvalid(errors)
    return cleaned
