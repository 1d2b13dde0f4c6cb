"""Components layer: small navigation helpers for async handlers (no I/O besides the route push)."""

from collections.abc import Awaitable, Callable

import flet as ft


async def go(route: str) -> None:
    await ft.context.page.push_route(route)


def go_to(route: str) -> Callable[[], Awaitable[None]]:
    """An async click handler that navigates to `route`."""

    async def handler() -> None:
        await go(route)

    return handler
