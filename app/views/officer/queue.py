"""Views layer: the officer's queue (/officer/applications) — filters, keyset "Muat lagi",
rows with due date and overdue flag, and "Pindai tanda terima" to open one by its receipt QR."""

import asyncio
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from typing import Any, cast

import flet as ft

from app.components.a11y import with_id
from app.components.buttons import icon_button, primary_button, secondary_button
from app.components.catalog import picker
from app.components.catalog_context import use_catalog
from app.components.context import Translate, error_text, use_deps, use_session, use_t
from app.components.feedback import busy_indicator, message_banner
from app.components.fields import text_input
from app.components.layout import screen
from app.components.navigation import go, go_to
from app.components.officer import day_text, queue_row
from app.components.qr_scanner import QrScanner
from app.components.style import BODY_SIZE
from app.services import officer_api
from app.services.errors import ApiError, AuthExpiredError, NotFoundError
from app.services.qr_decode import decode_qr
from app.state.officer import (
    Queue,
    QueueFilters,
    agency_services,
    scope_agencies,
    summary_of,
    tracking_from,
    tracking_typed,
)
from app.views.officer._parts import use_desk
from contracts.applications import ApplicationStatus, StaffApplicationDetail

QUEUE_PATH = "/officer/applications"
Listener = Callable[[StaffApplicationDetail], None]


def status_picker(t: Translate, filters: QueueFilters, on_select: Any) -> ft.Control:
    options = [("", t("review.filter.status_open"))]
    options += [(s.value, t(f"review.status.{s.value}")) for s in ApplicationStatus]
    value = filters.status.value if filters.status else ""
    return picker("review-filter-status", t("review.filter.status"), value, options, on_select)


def service_picker(
    t: Translate, services: list[tuple[str, str]], filters: QueueFilters, on_select: Any
) -> ft.Control:
    options = [("", t("review.filter.all_services")), *services]
    value = filters.service or ""
    return picker("review-filter-service", t("review.filter.service"), value, options, on_select)


def date_row(
    t: Translate, which: str, value: date | None, on_open: Any, on_clear: Any
) -> ft.Control:
    text = (
        t(f"review.filter.{which}", date=day_text(value))
        if value
        else t(f"review.filter.{which}_any")
    )
    parts: list[ft.Control] = [
        ft.Container(
            content=secondary_button(
                f"review-filter-{which}", text, on_open, icon=ft.Icons.CALENDAR_MONTH
            ),
            expand=True,
        )
    ]
    if value:
        parts.append(
            icon_button(
                f"review-filter-{which}-clear",
                ft.Icons.CLEAR,
                t(f"review.filter.{which}_clear"),
                on_clear,
            )
        )
    return ft.Row(parts)


def date_dialog(
    t: Translate, which: str, value: date | None, on_pick: Any, on_dismiss: Any
) -> ft.DatePicker:
    today = date.today()
    return ft.DatePicker(
        first_date=datetime(today.year - 5, 1, 1),
        last_date=datetime(today.year, today.month, today.day),
        value=datetime(value.year, value.month, value.day) if value else None,
        help_text=t(f"review.filter.{which}_title"),
        cancel_text=t("common.cancel"),
        confirm_text=t("common.ok"),
        on_change=on_pick,
        on_dismiss=on_dismiss,
    )


def overdue_switch(t: Translate, on: bool, on_change: Any) -> ft.Control:
    switch = ft.Switch(label=t("review.filter.overdue"), value=on, on_change=on_change)
    switch.label_text_style = ft.TextStyle(size=BODY_SIZE)
    return with_id(switch, "review-filter-overdue")


def list_rows(t: Translate, lang: str, queue: Queue) -> list[ft.Control]:
    rows: list[ft.Control] = []
    if queue.loaded and not queue.items:
        rows.append(with_id(ft.Text(t("review.empty"), size=BODY_SIZE), "review-empty"))
    for item in queue.items:
        rows.append(queue_row(t, lang, item, go_to(f"{QUEUE_PATH}/{item.id}")))
    return rows


@ft.component
def OfficerQueueScreen():
    deps, t, session = use_deps(), use_t(), use_session()
    api, desk, lang = deps.auth.api, use_desk(), session.language
    catalog = use_catalog(revalidate=False)
    queue, set_queue = ft.use_state(Queue())
    filters, set_filters = ft.use_state(QueueFilters())
    busy, set_busy = ft.use_state(True)
    no_text: str | None = None
    banner, set_banner = ft.use_state(no_text)
    scanning, set_scanning = ft.use_state(False)
    typed, set_typed = ft.use_state("")
    decoding, set_decoding = ft.use_state(False)
    picking, set_picking = ft.use_state(no_text)

    async def guarded(action: Any) -> None:
        try:
            await action()
        except AuthExpiredError:
            return  # the API client's hook has signed out
        except ApiError as exc:
            set_banner(error_text(exc, t))

    async def load(wanted: QueueFilters, cursor: str | None = None) -> None:
        set_busy(True)
        set_banner(None)

        async def fetch() -> None:
            page = await officer_api.queue(api, wanted.params(), cursor)
            set_queue(lambda q: q.with_page(page, append=cursor is not None))

        await guarded(fetch)
        set_busy(False)

    def make_listener() -> Listener:
        def on_changed(detail: StaffApplicationDetail) -> None:
            set_queue(lambda q: q.replaced(summary_of(detail)))

        return on_changed

    # one listener for the screen's life (cleanup is taken from the latest render)
    listener: Listener = ft.use_state(cast(Any, make_listener))[0]

    def unsubscribe() -> None:
        if listener in desk.listeners:
            desk.listeners.remove(listener)

    async def first_load() -> None:
        desk.listeners.append(listener)
        await load(filters)

    ft.use_effect(first_load, [], cleanup=unsubscribe)

    async def apply(**change: Any) -> None:
        wanted = replace(filters, **change)
        set_filters(wanted)
        set_queue(Queue())
        await load(wanted)

    async def on_status(e: Any) -> None:
        value = e.control.value or ""
        await apply(status=ApplicationStatus(value) if value else None)

    async def on_service(e: Any) -> None:
        await apply(service=e.control.value or None)

    async def on_overdue(e: Any) -> None:
        await apply(overdue=bool(e.control.value))

    async def on_pick(e: Any) -> None:
        picked = e.control.value
        which = picking
        set_picking(None)
        if isinstance(picked, datetime):
            picked = picked.date()
        if picked and which:
            await apply(**{f"submitted_{which}": picked})

    async def refresh() -> None:
        set_queue(Queue())
        await load(filters)

    async def clear_from() -> None:
        await apply(submitted_from=None)

    async def clear_to() -> None:
        await apply(submitted_to=None)

    async def more() -> None:
        await load(filters, queue.next_cursor)

    async def open_item(app_id: str) -> None:
        await go(f"{QUEUE_PATH}/{app_id}")

    async def on_image(data: bytes, from_camera: bool) -> bool:
        if decoding:
            return False
        set_decoding(True)
        try:
            texts = await asyncio.to_thread(decode_qr, data)
        finally:
            set_decoding(False)
        number = tracking_from(texts)
        if number is None:
            if not from_camera:
                set_banner(t("review.scan.not_receipt"))
            return not from_camera
        await open_receipt(number)
        return True

    async def open_typed() -> None:
        await open_number(typed)

    async def on_number_submit(e: Any) -> None:
        await open_number(e.control.value or "")  # the value as submitted, not the last render

    async def open_number(text: str) -> None:
        number = tracking_typed(text)
        if number is None:
            set_banner(t("review.scan.number_invalid"))
            return
        await open_receipt(number)

    async def open_receipt(number: str) -> None:
        set_banner(None)
        try:
            detail = await officer_api.by_tracking(api, number)
        except NotFoundError:
            set_banner(t("review.scan.not_found", tracking=number))
            return
        except AuthExpiredError:
            return  # the API client's hook has signed out
        except ApiError as exc:
            set_banner(error_text(exc, t))
            return
        desk.remember(detail)  # the detail screen shows it without reading it again
        set_scanning(False)
        await open_item(detail.id)

    ft.use_dialog(
        date_dialog(
            t,
            picking,
            filters.submitted_from if picking == "from" else filters.submitted_to,
            on_pick,
            lambda: set_picking(None),
        )
        if picking
        else None
    )

    loaded = catalog.loaded.catalog if catalog.loaded else None
    account = session.account
    agencies = (
        scope_agencies(loaded, account.agency_code, account.service_center_code)
        if account
        else set()
    )
    services = agency_services(loaded, agencies, queue.items, lang)
    body: list[ft.Control] = [ft.Text(t("review.intro"), size=BODY_SIZE)]
    if scanning:
        body += [
            QrScanner("review-scan", on_image, decoding),
            text_input(
                "review-scan-number",
                t("review.scan.number"),
                typed,
                lambda e: set_typed(e.control.value or ""),
                hint=t("review.scan.number_hint"),
                max_length=40,
                on_submit=on_number_submit,
            ),
            secondary_button(
                "review-scan-open", t("review.scan.open_number"), open_typed, icon=ft.Icons.SEARCH
            ),
            secondary_button(
                "review-scan-close",
                t("review.scan.close"),
                lambda: set_scanning(False),
                icon=ft.Icons.CLOSE,
            ),
        ]
    else:
        body.append(
            primary_button(
                "review-scan",
                t("review.scan.open"),
                lambda: set_scanning(True),
                icon=ft.Icons.QR_CODE_SCANNER,
            )
        )
    body += [
        status_picker(t, filters, on_status),
        service_picker(t, services, filters, on_service),
        overdue_switch(t, filters.overdue, on_overdue),
        date_row(t, "from", filters.submitted_from, lambda: set_picking("from"), clear_from),
        date_row(t, "to", filters.submitted_to, lambda: set_picking("to"), clear_to),
    ]
    if banner:
        body.append(message_banner("review-error", banner))
    body += list_rows(t, lang, queue)
    if busy:
        body.append(with_id(busy_indicator(t("review.loading")), "review-progress"))
    elif queue.next_cursor:
        body.append(
            secondary_button("review-more", t("review.more"), more, icon=ft.Icons.EXPAND_MORE)
        )
    reload = icon_button("review-refresh", ft.Icons.REFRESH, t("review.refresh"), refresh)
    return screen(ft.use_view_path(), t("review.title"), body, actions=[reload])
