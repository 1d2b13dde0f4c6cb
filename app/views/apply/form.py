"""Views layer: "Ajukan Permohonan" — the service's form pre-filled from the profile, a
family member and the wallet ("sudah kami isi"), a draft kept as the citizen types, and a
submit that goes through the outbox (sent now, or automatically once there is signal); all
of it `ApplyStore` (state/apply.py)."""

from typing import Any

import flet as ft

from app.components.apply_fields import subject_picker
from app.components.buttons import primary_button
from app.components.catalog import channels_text
from app.components.catalog_context import catalog_rows, use_catalog
from app.components.context import Translate, use_deps, use_session, use_t
from app.components.feedback import busy_indicator, message_banner
from app.components.form_editor import FormEditor
from app.components.layout import heading, screen
from app.components.navigation import go
from app.components.store_status import status_rows, use_store
from app.components.style import BODY_SIZE
from app.state.applications import Outcome
from app.state.apply import ApplyStore
from app.state.catalog import CatalogStore
from app.state.catalog_browse import service_by_code
from contracts.catalog import Channel, PublicService


def sent_to(outcome: Outcome) -> str:
    """The filed application; Permohonan Saya when it waits in the outbox."""
    detail = outcome.detail
    return f"/home/applications/{detail.id}" if detail is not None else "/home/applications"


def subject_rows(t: Translate, store: ApplyStore) -> list[ft.Control]:
    """The offline notice and who the application is for (when there is family)."""
    sources = store.sources
    assert sources is not None and store.form is not None
    rows: list[ft.Control] = []
    if sources.offline:
        rows.append(message_banner("apply-offline", t("apply.offline_prefill"), error=False))
    if sources.members:

        async def on_subject(e: Any) -> None:
            await store.choose_subject(e.control.value)

        rows.append(subject_picker(t, sources.members, store.form.member_id, on_subject))
    return rows


def apply_controls(t: Translate, store: ApplyStore, submit: Any) -> list[ft.Control]:
    return [
        ft.Text(t("apply.intro"), size=BODY_SIZE),
        *subject_rows(t, store),
        heading(t("apply.form_title"), size=20),
        FormEditor(store),
        *status_rows(t, store, "apply", busy_key="apply.sending"),
        primary_button(
            "apply-submit",
            t("apply.submit"),
            submit,
            disabled=store.busy,
            icon=ft.Icons.SEND,
        ),
    ]


@ft.component
def ApplyBody(service: PublicService) -> ft.Control:
    t = use_t()
    store = use_store(use_deps().apply)

    async def open_form() -> None:
        await store.open(service)

    async def submit() -> None:
        outcome = await store.submit()
        if outcome is not None:
            await go(sent_to(outcome))

    ft.use_effect(open_form, [service.code])
    if not store.showing(service.code) or store.sources is None:
        return busy_indicator(t("common.loading"))
    column = apply_controls(t, store, submit)
    return ft.Column(column, spacing=16, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)


def service_rows(t: Translate, language: str, catalog: CatalogStore, code: str) -> list[ft.Control]:
    """No such service, not offered online (with its channels), or its form."""
    service = service_by_code(catalog.loaded.catalog, code) if catalog.loaded else None
    if catalog.loaded is not None and service is None:
        return [message_banner("apply-not-found", t("catalog.not_found"))]
    if service is None:
        return []
    if Channel.ONLINE not in service.channels:
        text = t("catalog.not_online", channels=channels_text(t, service))
        return [message_banner("apply-not-online", text, error=False)]
    return [heading(service.name.get(language)), ApplyBody(service)]


@ft.component
def ApplyScreen():
    t, language = use_t(), use_session().language
    code = ft.use_route_params().get("code", "")
    # a refused old form: ask the catalog for the new one
    catalog = use_catalog(revalidate=use_deps().apply.needs_new_form(code))
    # one fixed slot for the catalog status, so the form below keeps its place while the
    # catalog is fetched again (components are matched by position)
    body: list[ft.Control] = [ft.Column(catalog_rows(t, catalog, "apply-catalog"), spacing=16)]
    body += service_rows(t, language, catalog, code)
    return screen(ft.use_view_path(), t("apply.title"), body)
