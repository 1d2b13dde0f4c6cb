"""Views layer: citizen "Kode QR Saya": the current signed token full-screen, with a
countdown, automatic switch to the next window, refresh, and how long it works offline."""

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime

import flet as ft

from app.components.a11y import with_id
from app.components.buttons import secondary_button
from app.components.context import Translate, say, use_deps, use_t
from app.components.feedback import busy_indicator, message_banner
from app.components.hooks import use_bright_screen
from app.components.layout import screen
from app.components.qr import qr_image, verified_badge
from app.components.qr_scanner import clock_text, countdown_text
from app.components.store_status import use_store
from app.components.style import BODY_SIZE, SMALL_SIZE, TITLE_SIZE
from app.state.identity import MyQrStore, utcnow
from app.views.identity._parts import centered

TICK_SECONDS = 1.0


def qr_section(t: Translate, state: MyQrStore, now: datetime) -> list[ft.Control]:
    """The code, who it belongs to, the badge and the countdown (or why there is no code)."""
    choice, claims = state.choice, state.claims
    if choice is None or state.png is None:
        return [message_banner("my-qr-empty", t("qr.my.empty"))] if not state.loading else []
    controls: list[ft.Control] = [qr_image("my-qr-image", state.png, t("qr.my.image_label"))]
    if claims is not None:
        name = ft.Text(claims.name, size=TITLE_SIZE, weight=ft.FontWeight.BOLD)
        nik = ft.Text(t("qr.my.nik", nik=claims.nik_masked or ""), size=BODY_SIZE)
        badge_text = t("qr.badge.verified") if claims.verified else t("qr.badge.unverified")
        controls += [
            centered(with_id(name, "my-qr-name")),
            centered(with_id(nik, "my-qr-nik")),
            centered(verified_badge("my-qr-badge", claims.verified, badge_text)),
        ]
    left = countdown_text((choice.ends_at_device - now).total_seconds())
    countdown = ft.Text(t("qr.my.countdown", time=left), size=BODY_SIZE)
    until = t("qr.my.offline_until", time=clock_text(choice.offline_until_device, now))
    controls += [
        centered(ft.Semantics(identifier="my-qr-countdown", content=countdown)),
        centered(with_id(ft.Text(until, size=SMALL_SIZE), "my-qr-offline-until")),
    ]
    return controls


def status_section(
    t: Translate, state: MyQrStore, refresh: Callable[[], Awaitable[None]]
) -> list[ft.Control]:
    controls: list[ft.Control] = []
    if not state.online:
        controls.append(message_banner("my-qr-offline", t("qr.my.offline"), error=False))
    if state.problem:
        controls.append(message_banner("my-qr-error", say(t, state.problem)))
    if state.loading or state.refreshing:
        controls.append(busy_indicator(t("common.loading")))
    controls += [
        ft.Text(t("qr.my.brightness_hint"), size=SMALL_SIZE),
        secondary_button(
            "my-qr-refresh",
            t("qr.my.refresh"),
            refresh,
            disabled=state.refreshing,
            icon=ft.Icons.REFRESH,
        ),
    ]
    return controls


@ft.component
def MyQrScreen():
    t = use_t()
    store = use_store(use_deps().my_qr)
    now, set_now = ft.use_state(utcnow())
    mounted = ft.use_ref(True)

    async def tick_loop() -> None:
        """Re-render the countdown every second; switches tokens at window ends."""
        while mounted.current:
            await asyncio.sleep(TICK_SECONDS)
            if mounted.current:
                await store.tick()
                set_now(utcnow())

    def stop() -> None:
        mounted.current = False

    ft.use_effect(store.start, [])
    use_bright_screen()
    ft.use_effect(tick_loop, [], cleanup=stop)
    body = [*qr_section(t, store, now), *status_section(t, store, store.refresh)]
    return screen(ft.use_view_path(), t("qr.my.title"), body)
