"""Views layer: the officer's queue (/officer/applications) — filters, keyset "Muat lagi",
rows with due date and overdue flag, and "Pindai tanda terima" to open one by its receipt QR or
its typed tracking number; the data is `OfficerQueueStore`'s."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import flet as ft

from app.components.a11y import with_id
from app.components.buttons import icon_button, primary_button, secondary_button
from app.components.catalog_context import use_catalog
from app.components.context import Translate, use_deps, use_session, use_t
from app.components.fields import text_input
from app.components.layout import screen
from app.components.navigation import go, go_to
from app.components.officer import queue_row
from app.components.qr_scanner import QrScanner
from app.components.store_status import status_rows, use_store
from app.components.style import BODY_SIZE
from app.state.catalog import CatalogStore
from app.state.officer import Queue, agency_services, scope_agencies
from app.state.officer_queue import OfficerQueueStore
from app.state.session import Session
from app.views.officer._filters import date_dialog, filter_controls, filter_handlers, picked_day

QUEUE_PATH = "/officer/applications"
Handler = Callable[..., Any]


@dataclass(frozen=True)
class ScanHandlers:
    image: Callable[[bytes, bool], Any]  # a receipt photo (camera frame or picked file)
    typed: Handler  # the number field changed
    submit: Handler  # Enter in the number field (a counter's code scanner ends with it)
    open_typed: Handler
    show: Handler
    hide: Handler


def scan_controls(
    t: Translate, scanning: bool, typed: str, decoding: bool, h: ScanHandlers
) -> list[ft.Control]:
    """The scanner with the number field, or the button that opens it."""
    if not scanning:
        return [
            primary_button(
                "review-scan", t("review.scan.open"), h.show, icon=ft.Icons.QR_CODE_SCANNER
            )
        ]
    number = text_input(
        "review-scan-number",
        t("review.scan.number"),
        typed,
        h.typed,
        hint=t("review.scan.number_hint"),
        max_length=40,
        on_submit=h.submit,
    )
    return [
        QrScanner("review-scan", h.image, decoding),
        number,
        secondary_button(
            "review-scan-open", t("review.scan.open_number"), h.open_typed, icon=ft.Icons.SEARCH
        ),
        secondary_button("review-scan-close", t("review.scan.close"), h.hide, icon=ft.Icons.CLOSE),
    ]


def list_rows(t: Translate, lang: str, queue: Queue) -> list[ft.Control]:
    rows: list[ft.Control] = []
    if queue.loaded and not queue.items:
        rows.append(with_id(ft.Text(t("review.empty"), size=BODY_SIZE), "review-empty"))
    for item in queue.items:
        rows.append(queue_row(t, lang, item, go_to(f"{QUEUE_PATH}/{item.id}")))
    return rows


def queue_status(t: Translate, store: OfficerQueueStore) -> list[ft.Control]:
    """The store's status the standard way; its progress row keeps the id `review-progress`."""
    rows = status_rows(t, store, "review", busy_key="review.loading", retry=store.refresh)
    if store.busy:
        rows[0] = with_id(rows[0], "review-progress")
    return rows


def more_button(t: Translate, store: OfficerQueueStore) -> list[ft.Control]:
    if store.busy or not store.queue.next_cursor:
        return []
    return [
        secondary_button("review-more", t("review.more"), store.more, icon=ft.Icons.EXPAND_MORE)
    ]


def service_options(
    catalog: CatalogStore, session: Session, store: OfficerQueueStore
) -> list[tuple[str, str]]:
    """The service filter's choices: the services of the agencies the officer handles."""
    loaded = catalog.loaded.catalog if catalog.loaded else None
    account = session.account
    agencies = (
        scope_agencies(loaded, account.agency_code, account.service_center_code)
        if account
        else set()
    )
    return agency_services(loaded, agencies, store.queue.items, session.language)


def use_scan(store: OfficerQueueStore) -> tuple[bool, str, ScanHandlers]:
    """The scanner's open flag, the typed number and its handlers; a found receipt opens
    its application."""
    scanning, set_scanning = ft.use_state(False)
    typed, set_typed = ft.use_state("")

    async def opened(app_id: str | None) -> None:
        if app_id is not None:
            set_scanning(False)
            await go(f"{QUEUE_PATH}/{app_id}")

    async def on_image(data: bytes, from_camera: bool) -> bool:
        if store.decoding:
            return False
        number = await store.read_photo(data, complain=not from_camera)
        if number is None:
            return not from_camera  # a camera frame without a receipt: keep looking
        await opened(await store.open_receipt(number))
        return True

    async def open_typed() -> None:
        await opened(await store.open_typed(typed))

    async def on_submit(e: Any) -> None:
        await opened(await store.open_typed(e.control.value or ""))  # as submitted

    handlers = ScanHandlers(
        on_image,
        lambda e: set_typed(e.control.value or ""),
        on_submit,
        open_typed,
        lambda: set_scanning(True),
        lambda: set_scanning(False),
    )
    return scanning, typed, handlers


@ft.component
def OfficerQueueScreen():
    deps, t, session = use_deps(), use_t(), use_session()
    store = use_store(deps.officer_queue)
    catalog = use_catalog(revalidate=False)
    scanning, typed, scan = use_scan(store)
    no_text: str | None = None
    picking, set_picking = ft.use_state(no_text)  # the date picker is open for "from" / "to"
    ft.use_effect(store.load, [])

    async def on_pick(e: Any) -> None:
        which, day = picking, picked_day(e.control.value)
        set_picking(None)
        if day and which:
            await store.filter(**{f"submitted_{which}": day})

    def dismiss() -> None:
        set_picking(None)

    value = getattr(store.filters, f"submitted_{picking}", None)
    ft.use_dialog(date_dialog(t, picking, value, on_pick, dismiss) if picking else None)
    services = service_options(catalog, session, store)
    body: list[ft.Control] = [ft.Text(t("review.intro"), size=BODY_SIZE)]
    body += scan_controls(t, scanning, typed, store.decoding, scan)
    body += filter_controls(t, store.filters, services, filter_handlers(store, set_picking))
    body += queue_status(t, store)
    body += list_rows(t, session.language, store.queue)
    body += more_button(t, store)
    reload = icon_button("review-refresh", ft.Icons.REFRESH, t("review.refresh"), store.refresh)
    return screen(ft.use_view_path(), t("review.title"), body, actions=[reload])
