"""Views layer: where the officers go — the current position through flet-geolocator when the
citizen allows it (with its accuracy), explained and left out when denied or unavailable; the
district pickers the profile uses (pre-filled) and village, street and landmark notes, which
tell the way in every case. The Geolocator is a device service, so it stays in the screen;
the store keeps what it found."""

import asyncio
import logging
from typing import Any

import flet as ft
from flet_geolocator import Geolocator, GeolocatorPermissionStatus

from app.components.buttons import secondary_button
from app.components.catalog import section
from app.components.context import Translate
from app.components.feedback import busy_indicator, message_banner
from app.components.fields import text_input
from app.components.hooks import use_once
from app.components.region_pickers import region_pickers
from app.state.visit_request import Locating, VisitRequestStore

log = logging.getLogger(__name__)
LOCATE_SECONDS = 20.0  # a phone without a GPS fix may take a while; then the notes do
REFUSED = frozenset({GeolocatorPermissionStatus.DENIED, GeolocatorPermissionStatus.DENIED_FOREVER})


def use_locate(store: VisitRequestStore) -> Any:
    """An async handler: ask for permission, then one position; the store keeps the answer."""
    locator = use_once(Geolocator)  # a device service: keep the reference

    async def locate() -> None:
        store.asking_position()
        try:
            if await locator.request_permission() in REFUSED:
                store.not_located(Locating.DENIED)
                return
            found = await asyncio.wait_for(locator.get_current_position(), LOCATE_SECONDS)
        except Exception:  # a timeout, no location service, a platform without it
            log.info("no position", exc_info=True)
            store.not_located(Locating.UNAVAILABLE)
            return
        if found.latitude is None or found.longitude is None:
            store.not_located(Locating.UNAVAILABLE)
            return
        store.located(float(found.latitude), float(found.longitude), found.accuracy)

    return locate


def position_rows(t: Translate, store: VisitRequestStore, locate: Any) -> list[ft.Control]:
    form, state = store.form, store.locating
    assert form is not None
    if state is Locating.ASKING:
        return [busy_indicator(t("visits.where.asking"))]
    if form.position is not None:
        p = form.position
        text = t("visits.where.found", accuracy=round(p.accuracy_m or 0))
        found = message_banner("visit-form-position", text, error=False)
        clear = secondary_button(
            "visit-form-position-clear", t("visits.where.clear"), store.forget_position
        )
        return [found, clear]
    rows: list[ft.Control] = []
    if state in (Locating.DENIED, Locating.UNAVAILABLE, Locating.OUTSIDE):
        rows.append(
            message_banner(f"visit-form-position-{state.value}", t(f"visits.where.{state.value}"))
        )
    rows.append(
        secondary_button(
            "visit-form-locate", t("visits.where.locate"), locate, icon=ft.Icons.MY_LOCATION
        )
    )
    return rows


def address_rows(t: Translate, store: VisitRequestStore, err: Any) -> list[ft.Control]:
    form = store.form
    assert form is not None

    def on_region(level: str) -> Any:
        return lambda e: store.set_region(level, e.control.value or "")

    def typed(name: str) -> Any:
        return lambda e: store.set_text(name, e.control.value)

    values = (form.province_code, form.regency_code, form.district_code)
    pickers = region_pickers(t, values, on_region, err, prefix="visit-form")
    texts = [
        text_input("visit-form-village", t("visits.where.village"), form.village, typed("village")),
        text_input("visit-form-street", t("visits.where.street"), form.street, typed("street")),
        text_input(
            "visit-form-landmark",
            t("visits.where.landmark"),
            form.landmark,
            typed("landmark"),
            hint=t("visits.where.landmark_hint"),
        ),
    ]
    return [*pickers, *texts]


def where_section(t: Translate, store: VisitRequestStore, locate: Any, err: Any) -> ft.Control:
    rows = [
        ft.Text(t("visits.where.intro"), size=16),
        *position_rows(t, store, locate),
        *address_rows(t, store, err),
    ]
    return section("visit-form-where", t("visits.where.title"), rows)
