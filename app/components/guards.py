"""Components layer: auth guards as layout routes (outlet=True); redirect by session and role."""

from collections.abc import Callable
from typing import Any

import flet as ft

from app.components.buttons import primary_button
from app.components.context import Translate, use_deps, use_session, use_t
from app.components.feedback import busy_indicator, message_banner
from app.components.layout import heading, screen
from app.state.session import Session, SessionStatus, home_route

SETTLED = (SessionStatus.SIGNED_IN, SessionStatus.SIGNED_OUT)


def splash_view(route: str, t: Translate) -> ft.View:
    body: list[ft.Control] = [heading(t("app.name")), busy_indicator(t("common.loading"))]
    return screen(route, t("app.name"), body, show_appbar=False)


def unreachable_view(route: str, t: Translate, on_retry: Callable[[], Any]) -> ft.View:
    body: list[ft.Control] = [
        heading(t("app.name")),
        message_banner("splash-offline", t("error.offline")),
        primary_button("splash-retry", t("common.retry"), on_retry),
    ]
    return screen(route, t("app.name"), body, show_appbar=False)


def _redirect_target(session: Session, allowed: bool) -> str | None:
    if session.status not in SETTLED or allowed:
        return None
    return home_route(session)


def _gate(allows: Callable[[Session], bool]) -> Any:
    session, deps, t = use_session(), use_deps(), use_t()
    outlet = ft.use_route_outlet()
    view_path = ft.use_view_path()
    is_top = view_path == ft.use_route_location()  # only the top view redirects
    allowed = session.status in SETTLED and allows(session)
    target = _redirect_target(session, allowed)

    async def redirect() -> None:
        if target is not None and is_top:
            await ft.context.page.push_route(target)

    ft.use_effect(redirect, [target, is_top])
    if allowed:
        return outlet
    if session.status is SessionStatus.UNREACHABLE:
        return unreachable_view(view_path, t, deps.auth.restore)
    return splash_view(view_path, t)


@ft.component
def GuestOnly():
    """Welcome, register and login: signed-in users go to their home."""
    return _gate(lambda s: not s.signed_in)


@ft.component
def CitizenOnly():
    return _gate(lambda s: s.signed_in and not s.is_staff)


@ft.component
def OfficerOnly():
    return _gate(lambda s: s.signed_in and s.is_staff)
