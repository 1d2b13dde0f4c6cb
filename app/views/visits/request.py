"""Views layer: "Minta Jemput Bola" — the request form: for whom, the services jemput bola
offers (pre-selected when opened from a service's page: /home/visits/new?service=<code>), the
reason, a supporting document, where (position or district + notes), two or three preferred
dates with morning / afternoon, contact and notes, the requirements already covered and what
to show at the door; sent through the outbox. All of it `VisitRequestStore`."""

from typing import Any
from urllib.parse import parse_qs, urlparse

import flet as ft

from app.components.buttons import primary_button
from app.components.catalog_context import catalog_rows, use_catalog
from app.components.context import Translate, use_deps, use_session, use_t
from app.components.feedback import busy_indicator, message_banner
from app.components.forms import errors_of
from app.components.layout import screen
from app.components.navigation import go
from app.components.store_status import status_rows, use_store
from app.components.style import BODY_SIZE
from app.state.applications import VisitOutcome
from app.state.visit_form import offered
from app.state.visit_request import VisitRequestStore
from app.views.visits._dates import SlotsEditor
from app.views.visits._form import (
    contact_section,
    needs_section,
    reason_section,
    services_section,
    subject_rows,
)
from app.views.visits._support import support_section, use_support
from app.views.visits._where import use_locate, where_section


def sent_to(outcome: VisitOutcome) -> str:
    """The visit filed; Jemput Bola Saya when it waits in the outbox."""
    detail = outcome.detail
    return f"/home/visits/{detail.id}" if detail is not None else "/home/visits"


def preselected() -> str | None:
    """`?service=<code>` when opened from a service's page."""
    query = parse_qs(urlparse(ft.context.page.route or "").query)
    codes = query.get("service") or []
    return codes[0] if codes else None


def dates_section(t: Translate, store: VisitRequestStore, err: Any) -> ft.Control:
    form = store.form
    assert form is not None
    return SlotsEditor(
        "visit-form",
        form.slots,
        store.today(),
        store.set_day,
        store.set_window,
        store.add_slot,
        store.remove_slot,
        err("preferred"),
    )


def form_rows(
    t: Translate, language: str, store: VisitRequestStore, ui: dict[str, Any]
) -> list[ft.Control]:
    err = errors_of(t, store)
    rows: list[ft.Control] = [ft.Text(t("visits.form.intro"), size=BODY_SIZE)]
    if store.offline:
        rows.append(message_banner("visit-form-offline", t("visits.form.offline"), error=False))
    rows += subject_rows(t, store)
    rows += [
        services_section(t, language, store, err),
        reason_section(t, store, err),
        support_section(t, store, ui["support"]),
        where_section(t, store, ui["locate"], err),
        dates_section(t, store, err),
        contact_section(t, store, err),
        *needs_section(t, language, store),
        *status_rows(t, store, "visit-form", busy_key="visits.form.sending"),
    ]
    send = primary_button(
        "visit-form-submit",
        t("visits.form.submit"),
        ui["submit"],
        disabled=store.busy,
        icon=ft.Icons.SEND,
    )
    return [*rows, send]


@ft.component
def RequestBody(codes: tuple[str, ...], preselect: str | None) -> ft.Control:
    t, language = use_t(), use_session().language
    deps = use_deps()
    store = use_store(deps.visit_request)
    catalog = deps.catalog_source.loaded
    ui = {"support": use_support(t, store), "locate": use_locate(store)}

    async def open_form() -> None:
        await store.open(offered(catalog.catalog if catalog else None), preselect)

    async def submit() -> None:
        outcome = await store.send()
        if outcome is not None:
            await go(sent_to(outcome))

    ft.use_effect(open_form, [codes, preselect])
    ui["submit"] = submit
    if store.form is None:
        rows = status_rows(t, store, "visit-form", retry=open_form)
        return ft.Column(rows or [busy_indicator(t("common.loading"))], spacing=16)
    rows = form_rows(t, language, store, ui)
    return ft.Column(rows, spacing=16, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)


@ft.component
def VisitRequestScreen():
    t = use_t()
    catalog = use_catalog(revalidate=False)
    body: list[ft.Control] = [ft.Column(catalog_rows(t, catalog, "visit-form-catalog"), spacing=16)]
    if catalog.loaded is not None:
        codes = tuple(s.code for s in offered(catalog.loaded.catalog))
        body.append(RequestBody(codes, preselected()))
    return screen(ft.use_view_path(), t("visits.form.title"), body)
