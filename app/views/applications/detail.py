"""Views layer: one application — status, receipt QR, due date, what to fix (and the fix
itself), withdraw, the result or the reason, answers, attachments and the timeline."""

import asyncio
import contextlib
from typing import Any

import flet as ft

from app.components.applications import chip_row, overdue_chip, status_chip
from app.components.buttons import primary_button, secondary_button
from app.components.catalog_context import use_catalog
from app.components.context import use_deps, use_guarded, use_session, use_t
from app.components.feedback import busy_indicator, message_banner
from app.components.layout import heading, screen
from app.components.style import BODY_SIZE
from app.services import applications_api
from app.services.errors import ApiError
from app.services.qr import render_qr_png
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

CHANGED = 412


async def qr_pngs(detail: ApplicationDetail) -> dict[str, bytes]:
    """Receipt and pickup QR images, drawn off the UI thread."""
    codes = {"receipt": detail.receipt_qr}
    if detail.result and detail.result.pickup_qr:
        codes["pickup"] = detail.result.pickup_qr
    return {k: await asyncio.to_thread(render_qr_png, v) for k, v in codes.items()}


@ft.component
def ApplicationDetailScreen():
    t, deps = use_t(), use_deps()
    language = use_session().language
    app_id = ft.use_route_params().get("id", "")
    catalog = use_catalog(t, revalidate=False).loaded
    no_detail: ApplicationDetail | None = None
    no_text: str | None = None
    detail, set_detail = ft.use_state(no_detail)
    qrs, set_qrs = ft.use_state(dict[str, bytes]())
    guard = use_guarded(t, initially_busy=True)
    busy, banner = guard.busy, guard.banner
    notice, set_notice = ft.use_state(no_text)
    fixing, set_fixing = ft.use_state(False)
    confirming, set_confirming = ft.use_state(False)

    async def show(found: ApplicationDetail) -> None:
        set_detail(found)
        set_qrs(await qr_pngs(found))

    async def reload_if_changed(exc: ApiError) -> None:
        if exc.status == CHANGED:  # an officer acted meanwhile: show what is true now
            await refetch()

    async def guarded(action: Any) -> None:
        await guard.run(action, reload_if_changed)

    async def refetch() -> None:
        with contextlib.suppress(ApiError):  # the banner already says what happened
            await show(await applications_api.get(deps.auth.api, app_id))

    async def load() -> None:
        async def fetch() -> None:
            await show(await applications_api.get(deps.auth.api, app_id))

        await guarded(fetch)

    ft.use_effect(load, [app_id])

    async def withdraw() -> None:
        set_confirming(False)
        if detail is None:
            return

        async def send() -> None:
            await show(await applications_api.withdraw(deps.auth.api, detail.id, detail.version))
            set_notice(t("application.withdrawn"))

        await guarded(send)

    async def fixed(updated: ApplicationDetail) -> None:
        set_fixing(False)
        set_notice(t("application.resubmitted"))
        await show(updated)

    ft.use_dialog(
        withdraw_dialog(t, withdraw, lambda: set_confirming(False)) if confirming else None
    )
    body: list[ft.Control] = []
    if detail is not None:
        service = service_by_code(catalog.catalog, detail.service_code) if catalog else None
        chips: list[ft.Control] = [status_chip(t, detail.status)]
        if detail.overdue:
            chips.append(overdue_chip(t))
        body += [heading(detail.service_name.get(language)), chip_row(chips)]
        if notice:
            body.append(message_banner("application-notice", notice, error=False))
        body += revision_section(t, detail, lambda: set_fixing(True), fixing or service is None)
        if fixing and service is not None:
            body.append(FixForm(service, detail, fixed, lambda: set_fixing(False), refetch))
        body += result_section(t, detail, qrs.get("pickup"))
        body += facts_section(t, detail, qrs.get("receipt"))
        body += answers_section(t, language, detail, service)
        body += attachments_section(t, detail)
        body.append(timeline_section(t, detail))
        if ApplicationStatus(detail.status).withdrawable and not fixing:
            body.append(
                secondary_button(
                    "application-withdraw",
                    t("application.withdraw"),
                    lambda: set_confirming(True),
                    disabled=busy,
                    icon=ft.Icons.UNDO,
                )
            )
    if banner:
        body.append(message_banner("application-error", banner))
        body.append(primary_button("application-retry", t("common.retry"), load))
    if busy:
        body.append(busy_indicator(t("common.loading")))
    if detail is None and not busy and not banner:
        body.append(ft.Text(t("error.not_found"), size=BODY_SIZE))
    return screen(ft.use_view_path(), t("application.title"), body)
