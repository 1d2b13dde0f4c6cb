"""Components layer: the app's dependencies and session, handed to screens through Flet contexts."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

import flet as ft

from app.services.errors import ApiError, AuthExpiredError
from app.services.i18n import Catalog
from app.state.auth import AuthController
from app.state.session import Session

Translate = Callable[..., str]


@dataclass
class AppDeps:
    """Everything screens need; `keep_alive` holds device services so Flet keeps them."""

    session: Session
    auth: AuthController
    catalog: Catalog
    keep_alive: list[Any] = field(default_factory=list)


DepsContext = ft.create_context(cast("AppDeps | None", None))
SessionContext = ft.create_context(cast("Session | None", None))


def use_deps() -> AppDeps:
    deps = ft.use_context(DepsContext)
    if deps is None:
        raise RuntimeError("screen rendered outside the App component")
    return deps


def use_session() -> Session:
    """The session store; reading it here re-renders the screen when it changes."""
    session = ft.use_context(SessionContext)
    if session is None:
        raise RuntimeError("screen rendered outside the App component")
    return session


def use_t() -> Translate:
    """`t("key", **params)` in the session's current language."""
    deps = use_deps()
    session = use_session()

    def t(key: str, **params: object) -> str:
        return deps.catalog.text(session.language, key, **params)

    return t


def error_text(error: ApiError, t: Translate) -> str:
    """The server's localised message when it sent one; our catalog text otherwise."""
    return error.message or t(error.catalog_key)


@dataclass
class Guarded:
    """Progress and error banner around a screen's API calls (see `use_guarded`)."""

    busy: bool
    banner: str | None
    run: Callable[..., Any]  # async run(action, on_error=None)


def use_guarded(t: Translate, initially_busy: bool = False) -> Guarded:
    """`await g.run(action)`: busy while it runs; an expired session signs out; any other
    API failure goes to the banner (and to `on_error`, e.g. to reload what changed)."""
    deps = use_deps()
    busy, set_busy = ft.use_state(initially_busy)
    no_text: str | None = None
    banner, set_banner = ft.use_state(no_text)

    async def run(
        action: Callable[[], Any], on_error: Callable[[ApiError], Any] | None = None
    ) -> None:
        set_busy(True)
        set_banner(None)
        try:
            await action()
        except AuthExpiredError:
            await deps.auth.session_expired()
        except ApiError as exc:
            set_banner(error_text(exc, t))
            if on_error is not None:
                await on_error(exc)
        finally:
            set_busy(False)

    return Guarded(busy, banner, run)
