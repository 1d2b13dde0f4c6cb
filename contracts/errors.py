"""Contracts layer: the one JSON error shape every API failure uses."""

from pydantic import BaseModel, Field


class FieldError(BaseModel):
    """One invalid input field: dotted path, stable code, human message."""

    field: str
    code: str
    message: str


class ErrorDetail(BaseModel):
    """A stable machine code plus a message fit to show a citizen."""

    code: str
    message: str
    fields: list[FieldError] = Field(default_factory=list)


class ErrorBody(BaseModel):
    """Body of every non-2xx response."""

    error: ErrorDetail
