"""State layer: a typed wrapper around ft.observable, the only flet import state may make."""

from typing import TypeVar, cast

import flet as ft

T = TypeVar("T")


def observable(cls: type[T]) -> type[T]:
    """Mark a dataclass so components that read it re-render when a field changes."""
    return cast(type[T], ft.observable(cls))  # type: ignore[no-untyped-call]
