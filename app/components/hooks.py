"""Components layer: small hooks shared by screens — a value made once per component, and the
bright, awake screen a QR needs on phones."""

import logging
from collections.abc import Callable
from typing import Any, TypeVar, cast

import flet as ft

log = logging.getLogger(__name__)
T = TypeVar("T")


def use_once(factory: Callable[[], T]) -> T:
    """A value made on the first render and kept for the component's life (controllers,
    device services). Typed wrapper: ft.use_state's stubs cannot infer a factory's type."""
    value, _ = ft.use_state(cast(Any, factory))
    return cast(T, value)


def _is_phone() -> bool:
    page = ft.context.page
    return not page.web and page.platform is not None and page.platform.is_mobile()


def use_bright_screen() -> None:
    """Phones: full brightness and no screen sleep while a QR is shown (scanners read a
    bright code far better); both are given back when the screen closes."""
    services: Any = use_once(
        lambda: (ft.ScreenBrightness(), ft.Wakelock()) if _is_phone() else None
    )

    async def brighten() -> None:
        if services is not None:
            await _best_effort(services[0].set_application_screen_brightness(1.0))
            await _best_effort(services[1].enable())

    async def restore() -> None:
        if services is not None:
            await _best_effort(services[0].reset_application_screen_brightness())
            await _best_effort(services[1].disable())

    ft.use_effect(brighten, [], cleanup=restore)


async def _best_effort(call: Any) -> None:
    try:
        await call
    except Exception:  # an OS that refuses is no reason to hide the QR
        log.info("screen brightness / wakelock call failed", exc_info=True)
