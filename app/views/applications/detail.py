"""Views layer: one application — status, receipt QR, due date, what to fix (and the fix
itself), withdraw, the result or the reason, answers, attachments and the timeline."""

from typing import Any

import flet as ft

from app.components.applications import chip_row, overdue_chip, status_chip
from app.components.buttons import secondary_button
from app.components.catalog_context import use_catalog
from app.components.context import Translate, use_deps, use_session, use_t
from app.components.layout import heading, screen
from app.components.store_status import status_rows, use_store
from app.components.style import BODY_SIZE
from app.state.application_detail import ApplicationStore
from app.state.catalog_browse import service_by_code
from app.views.applications._fix import FixForm
from app.views.applications._parts import (
    answers_section,
    attachments_section,
    facts_section,
    result_section,
    revision_section,
    timeline_section,
    withdraw_dialog,
)
from contracts.applications import ApplicationDetail, ApplicationStatus
from contracts.catalog import PublicService


def header(t: Translate, language: str, detail: ApplicationDetail) -> list[ft.Control]:
    chips: list[ft.Control] = [status_chip(t, detail.status)]
    if detail.overdue:
        chips.append(overdue_chip(t))
    return [heading(detail.service_name.get(language)), chip_row(chips)]


def withdraw_button(
    t: Translate, detail: ApplicationDetail, busy: bool, ask: Any
) -> list[ft.Control]:
    if not ApplicationStatus(detail.status).withdrawable:
        return []
    return [
        secondary_button(
            "application-withdraw",
            t("application.withdraw"),
            ask,
            disabled=busy,
            icon=ft.Icons.UNDO,
        )
    ]


def sections(
    t: Translate, language: str, store: ApplicationStore, service: PublicService | None
) -> list[ft.Control]:
    """Result, facts with the receipt QR, answers, attachments and the timeline."""
    detail, qrs = store.detail, store.qrs
    assert detail is not None
    return [
        *result_section(t, detail, qrs.get("pickup")),
        *facts_section(t, detail, qrs.get("receipt")),
        *answers_section(t, language, detail, service),
        *attachments_section(t, detail),
        timeline_section(t, detail),
    ]


def detail_rows(
    t: Translate,
    language: str,
    store: ApplicationStore,
    service: PublicService | None,
    ui: dict[str, Any],
) -> list[ft.Control]:
    """The application (with the fix form when it is open), or nothing before it is read."""
    detail = store.detail
    if detail is None:
        return []
    fixing = ui["fixing"]
    rows = [*header(t, language, detail)]
    rows += revision_section(t, detail, ui["fix"], fixing or service is None)
    if fixing and service is not None:
        rows.append(FixForm(detail.id, ui["close_fix"], ui["close_fix"]))
    rows += sections(t, language, store, service)
    if not fixing:
        rows += withdraw_button(t, detail, store.busy, ui["ask_withdraw"])
    return rows


@ft.component
def ApplicationDetailScreen():
    t, deps, language = use_t(), use_deps(), use_session().language
    app_id = ft.use_route_params().get("id", "")
    catalog = use_catalog(revalidate=False).loaded
    store = use_store(deps.application)
    fixing, set_fixing = ft.use_state(False)  # the fix form is open
    confirming, set_confirming = ft.use_state(False)  # the withdraw dialog is open
    shown = store.app_id == app_id and store.detail is not None
    code = store.detail.service_code if shown and store.detail else ""
    service = service_by_code(catalog.catalog, code) if catalog else None

    async def open_it() -> None:
        await store.open(app_id)

    async def withdraw() -> None:
        set_confirming(False)
        await store.withdraw()

    async def fix() -> None:
        set_fixing(True)
        if service is not None and store.detail is not None:
            await deps.fix.open(service, store.detail)

    ft.use_effect(open_it, [app_id])
    ft.use_dialog(
        withdraw_dialog(t, withdraw, lambda: set_confirming(False)) if confirming else None
    )
    ui = {
        "fixing": fixing,
        "fix": fix,
        "close_fix": lambda: set_fixing(False),
        "ask_withdraw": lambda: set_confirming(True),
    }
    body = detail_rows(t, language, store, service, ui) if shown else []
    body += status_rows(t, store, "application", retry=open_it)
    if not shown and store.tried == app_id and not store.busy and store.problem is None:
        body.append(ft.Text(t("error.not_found"), size=BODY_SIZE))
    return screen(ft.use_view_path(), t("application.title"), body)
