"""Views layer: one IdentityStore per app session, on the device's secure storage."""

from collections.abc import Callable
from typing import Any, TypeVar, cast
from weakref import WeakKeyDictionary

import flet as ft
from flet_secure_storage import SecureStorage

from app.services.identity_store import IdentityStore, MemoryBackend
from app.state.auth import AuthController
from app.views.context import AppDeps, use_deps

T = TypeVar("T")
_STORES: "WeakKeyDictionary[AuthController, IdentityStore]" = WeakKeyDictionary()


def _backend(deps: AppDeps) -> Any:
    """Phones and web: secure storage (kept alive, see FLET.md). Desktop: this run only —
    a plaintext file would let anyone with the disk show the citizen's QR."""
    page = ft.context.page
    if page.web or (page.platform is not None and page.platform.is_mobile()):
        storage = SecureStorage()
        deps.keep_alive.append(storage)
        return storage
    return MemoryBackend()


def use_identity_store() -> IdentityStore:
    deps = use_deps()
    store = _STORES.get(deps.auth)
    if store is None:
        store = IdentityStore(_backend(deps))
        _STORES[deps.auth] = store
    return store


def use_once(factory: Callable[[], T]) -> T:
    """A value made on the first render and kept for the component's life (controllers,
    device services). Typed wrapper: ft.use_state's stubs cannot infer a factory's type."""
    value, _ = ft.use_state(cast(Any, factory))
    return cast(T, value)
