"""Components layer: the offline-mode banner every signed-in screen carries after a start
without signal — when the data was last synced (the person's own zone, WIB/WITA/WIT) and a
button to reconnect (revalidates the session with the server)."""

from collections.abc import Callable
from datetime import datetime
from typing import Any

import flet as ft

from app.components.applications import when
from app.components.buttons import secondary_button
from app.components.context import Translate, use_deps, use_session, use_t
from app.components.feedback import message_banner


def offline_banner(
    t: Translate, last_sync: datetime, reconnecting: bool, retry: Callable[[], Any]
) -> ft.Column:
    """Data in, controls out: the notice and its retry (`offline-banner`, `offline-retry`)."""
    text = t("offline.banner", time=when(last_sync))
    notice = message_banner("offline-banner", text, error=False)
    label = t("offline.reconnecting") if reconnecting else t("offline.retry")
    button = secondary_button(
        "offline-retry", label, retry, disabled=reconnecting, icon=ft.Icons.WIFI_FIND
    )
    stretch = ft.CrossAxisAlignment.STRETCH
    return ft.Column([notice, button], spacing=8, horizontal_alignment=stretch)


@ft.component
def OfflineBanner() -> ft.Control:
    """The banner while the session runs in offline mode; an invisible placeholder otherwise
    (a component whose body turns to None sends the client no patch: the banner would stay)."""
    session, deps, t = use_session(), use_deps(), use_t()
    if not session.offline or session.last_sync is None:
        return ft.Container(visible=False)
    return offline_banner(t, session.last_sync, session.reconnecting, deps.auth.revalidate)
