"""Components layer: how a form store's field errors reach their fields (sign-up, sign-in,
password, profile, family)."""

from collections.abc import Callable

from app.components.context import Translate, say
from app.state.form_store import FormStore

FieldError = Callable[[str], str | None]


def errors_of(t: Translate, store: FormStore) -> FieldError:
    """`err("nik")`: the message to show under that field, or None."""
    return lambda name: say(t, store.errors[name]) if name in store.errors else None
