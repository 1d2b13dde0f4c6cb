"""Contracts layer: checks a service form's answers (the app before sending, the server before
filing) and returns them cleaned, or every field's error code at once."""

import math
import re
from collections.abc import Collection, Mapping
from datetime import date
from typing import Any

from contracts.catalog import FieldType, FormDefinition, FormField
from contracts.nik import NikError, parse_nik
from contracts.phone import PhoneError, normalize_phone
from contracts.text import has_control

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# The JSON types each field type accepts; any other (a list, an object, a number where text
# is asked, …) is `form_type`. JSON true/false are Python bools, which are also ints: they
# count as numbers nowhere but checkboxes.
_ACCEPTS: dict[FieldType, tuple[type, ...]] = {
    FieldType.TEXT: (str,),
    FieldType.TEXTAREA: (str,),
    FieldType.NUMBER: (int, float, str),
    FieldType.DATE: (str,),
    FieldType.SELECT: (str,),
    FieldType.CHECKBOX: (bool,),
    FieldType.PHONE: (str,),
    FieldType.EMAIL: (str,),
    FieldType.NIK: (str,),
}


class AnswersInvalid(ValueError):
    """`errors` maps a field code to an error code (messages: `form_<code>` in the catalogs)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(", ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def _empty(field: FormField, value: Any) -> bool:
    """Not answered: nothing, blank text, or an unticked checkbox."""
    if value is False:
        return field.type is FieldType.CHECKBOX
    return value is None or (isinstance(value, str) and not value.strip())


def _check_type(field: FormField, value: Any) -> None:
    accepted = _ACCEPTS[field.type]
    if not isinstance(value, accepted) or (isinstance(value, bool) and bool not in accepted):
        raise ValueError("form_type")
    if isinstance(value, str) and has_control(value.replace("\n", "")):
        raise ValueError("form_text")


def _text(field: FormField, value: str) -> str:
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


def _number(field: FormField, value: int | float | str) -> int | float:
    if isinstance(value, str):
        try:
            value = float(value.strip().replace(",", "."))
        except ValueError:
            raise ValueError("form_number") from None
    if isinstance(value, float) and not math.isfinite(value):  # NaN, Infinity, 1e400
        raise ValueError("form_number")
    if field.min_value is not None and value < field.min_value:
        raise ValueError("form_too_small")
    if field.max_value is not None and value > field.max_value:
        raise ValueError("form_too_large")
    if isinstance(value, int):  # exact, however long (a float() of it could overflow)
        return value
    return int(value) if value.is_integer() else value


def _date(value: str) -> str:
    try:
        parsed = date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError("form_date") from None
    if not 1900 <= parsed.year <= 2100:
        raise ValueError("form_date")
    return parsed.isoformat()


def _select(field: FormField, value: str) -> str:
    if value not in {o.key for o in field.options}:
        raise ValueError("form_option")
    return value


def _phone(value: str) -> str:
    try:
        return normalize_phone(value)
    except PhoneError:
        raise ValueError("phone_format") from None


def _nik(value: str) -> str:
    try:
        return parse_nik(value).nik
    except NikError as exc:
        raise ValueError(exc.code) from None


def _email(value: str) -> str:
    text = value.strip().lower()
    if len(text) > 254 or not _EMAIL.match(text):
        raise ValueError("email_format")
    return text


def clean_value(field: FormField, value: Any) -> Any:
    """The cleaned value of one non-empty answer; ValueError(code) when it is not valid:
    `form_type` for a JSON type the field does not take, whatever the field type."""
    _check_type(field, value)
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
        if _empty(field, value):
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
