"""Views layer: "Hari ini" — the field team's route for the day, in order, from the device
(works without signal all day): time in the place's zone, who, where, landmark, status,
call / WhatsApp, services and what to bring; the sync banner and "Unduh ulang"."""

import flet as ft

from app.components.buttons import secondary_button
from app.components.context import Translate, use_deps, use_session, use_t
from app.components.feedback import message_banner
from app.components.layout import heading, screen
from app.components.navigation import go_to
from app.components.store_status import status_rows, use_store
from app.components.style import BODY_SIZE
from app.components.visits import day_text
from app.state.field_day import FieldDayStore
from app.views.field._parts import stop_card, sync_rows
from contracts.zones import zone_label

TODAY = "/officer/today"


def day_line(t: Translate, store: FieldDayStore) -> list[ft.Control]:
    day = store.day
    if day is None:
        return []
    when = f"{day_text(t, day.date)} ({zone_label(day.zone)})"
    return [ft.Text(t("field.day", date=when, team=day.team.name), size=BODY_SIZE)]


def route_rows(t: Translate, lang: str, store: FieldDayStore) -> list[ft.Control]:
    day = store.day
    if day is None:
        return [] if store.busy else [message_banner("field-no-day", t("field.no_day"))]
    stops = store.stops()
    if not stops:
        upcoming = secondary_button(
            "field-upcoming",
            t("field.upcoming"),
            store.download_upcoming,
            disabled=store.busy,
            icon=ft.Icons.EVENT,
        )
        return [message_banner("field-empty", t("field.empty"), error=False), upcoming]
    return [
        stop_card(t, lang, day, i, stop, go_to(f"{TODAY}/{stop.visit.id}"))
        for i, stop in enumerate(stops, start=1)
    ]


@ft.component
def FieldTodayScreen():
    t, session = use_t(), use_session()
    store = use_store(use_deps().field_day)
    ft.use_effect(store.load, [])
    zone = store.day.zone if store.day else None
    body: list[ft.Control] = [heading(t("field.title")), *day_line(t, store)]
    body += sync_rows(t, store, zone)
    body += status_rows(t, store, "field", busy_key="field.loading", retry=store.download)
    body += route_rows(t, session.language, store)
    body.append(
        secondary_button(
            "field-download",
            t("field.download"),
            store.download,
            disabled=store.busy,
            icon=ft.Icons.DOWNLOAD,
        )
    )
    return screen(ft.use_view_path(), t("field.title"), body)
