"""Contracts layer: the one rule for characters in text that comes from outside — no control
characters — and `Incoming`, the base of every request model, which applies it to every string
the request holds (fields, list items, object keys and values, at any depth).

Refused: the C0 controls except tab, line feed and carriage return (kept: multi-line notes and
addresses are legitimate), DEL and the C1 controls (U+007F–U+009F), and lone UTF-16 surrogates
(not characters; they cannot be encoded as UTF-8). PostgreSQL refuses NUL in text outright,
SQLite stores it; refusing all of them here makes both databases, and the app, behave alike.
"""

import re
from collections.abc import Iterator, Mapping
from typing import Annotated, Any, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

CONTROL_CODE = "text_control"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

Loc = tuple[str | int, ...]


def has_control(text: str) -> bool:
    return _CONTROL.search(text) is not None


def _error() -> PydanticCustomError:
    return PydanticCustomError(CONTROL_CODE, "text contains control characters")


def no_control(value: str) -> str:
    """A pydantic after-validator: the text, or the `text_control` error."""
    if has_control(value):
        raise _error()
    return value


# For path, query and header parameters (request bodies use `Incoming`).
CleanStr = Annotated[str, AfterValidator(no_control)]


def _controls(value: Any, loc: Loc) -> Iterator[Loc]:
    """Where `value` holds a string with a control character (an object's bad key: the object)."""
    if isinstance(value, str):
        if has_control(value):
            yield loc
    elif isinstance(value, Incoming):
        return  # checked by its own validator, its errors already placed under `loc`
    elif isinstance(value, BaseModel):
        yield from _fields(value, loc)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if isinstance(key, str) and has_control(key):
                yield loc
            else:
                yield from _controls(item, (*loc, key if isinstance(key, int) else str(key)))
    elif isinstance(value, list | tuple | set | frozenset):
        for i, item in enumerate(value):
            yield from _controls(item, (*loc, i))


def _fields(model: BaseModel, loc: Loc) -> Iterator[Loc]:
    for name, info in type(model).model_fields.items():
        yield from _controls(getattr(model, name), (*loc, info.alias or name))


class Incoming(BaseModel):
    """Base of every request model: unknown fields refused, no control character anywhere."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="after")
    def _no_control_characters(self) -> Self:
        where = dict.fromkeys(_fields(self, ()))
        if where:
            errors = [InitErrorDetails(type=_error(), loc=loc, input="") for loc in where]
            raise ValidationError.from_exception_data(type(self).__name__, errors)
        return self
