"""Views layer: one application for the officer (/officer/applications/:id) — citizen,
service, answers, attachments, timeline — and the workflow steps its status allows, each sent
with the version the officer saw (a stale one reloads with a clear message); the data and
every step are `OfficerApplicationStore`'s."""

from typing import Any

import flet as ft

from app.components.buttons import icon_button, secondary_button
from app.components.catalog_context import use_catalog
from app.components.context import Translate, say, use_deps, use_session, use_t
from app.components.feedback import message_banner
from app.components.hooks import use_once
from app.components.layout import heading, screen
from app.components.officer import block
from app.components.store_status import status_rows, use_store
from app.state.catalog import CatalogStore
from app.state.officer import answer_rows, attachment_name, revision_targets, target_code
from app.state.officer_application import OfficerApplicationStore
from app.state.store import Note
from app.views.officer._acting import Acting, use_acting
from app.views.officer._actions import action_buttons
from app.views.officer._parts import (
    answers_block,
    attachments_block,
    citizen_block,
    result_block,
    revision_block,
    service_block,
    timeline_block,
)
from contracts.applications import AttachmentOut, OfficerApplicationDetail
from contracts.catalog import FormDefinition, PublicService


def detail_body(
    t: Translate,
    lang: str,
    d: OfficerApplicationDetail,
    form: FormDefinition | None,
    service: PublicService | None,
    opened: dict[str, bytes],
    handlers: Any,
) -> list[ft.Control]:
    yes_no = (t("review.yes"), t("review.no"))
    names = {target_code(k) or "": v for k, v in revision_targets(d, form, service, lang)}
    return [
        service_block(t, lang, d),
        citizen_block(t, d),
        *revision_block(t, d, names),
        *result_block(t, d),
        answers_block(t, answer_rows(d.answers, form, lang, yes_no, d.prefilled)),
        attachments_block(t, lang, d, service, opened, handlers),
        timeline_block(t, d),
    ]


def service_of(load: CatalogStore, code: str) -> PublicService | None:
    catalog = load.loaded.catalog if load.loaded else None
    return next((s for s in catalog.services if s.code == code), None) if catalog else None


def status(t: Translate, store: OfficerApplicationStore, in_dialog: bool) -> list[ft.Control]:
    """ "Someone changed it first" on its own banner; otherwise the store's status the standard
    way — while a dialog is open, the dialog shows the problem and the progress itself."""
    if store.changed and store.problem is not None:
        return [message_banner("review-changed", say(t, store.problem))]
    if in_dialog:
        return []
    return status_rows(t, store, "review", busy_key="common.please_wait")


def attachment_handlers(store: OfficerApplicationStore, saver: ft.FilePicker) -> Any:
    """(open, save) click handlers for one attachment."""

    def handlers(att: AttachmentOut) -> tuple[Any, Any]:
        async def on_open() -> None:
            await store.open_attachment(att)

        async def on_save() -> None:
            data, name = store.opened.get(att.document_id), attachment_name(att)
            if data is None:
                return
            if await saver.save_file(file_name=name, src_bytes=data) or ft.context.page.web:
                store.tell(Note("review.attachment.saved", {"name": name}))

        return on_open, on_save

    return handlers


def shown_body(
    t: Translate,
    lang: str,
    store: OfficerApplicationStore,
    acting: Acting,
    service: PublicService | None,
    saver: ft.FilePicker,
) -> list[ft.Control]:
    """The actions the status allows and the application itself."""
    detail = store.detail
    assert detail is not None
    buttons = action_buttons(t, detail.status, acting.on_action, store.busy)
    opened, handlers = store.opened, attachment_handlers(store, saver)
    return [
        block("review-actions", t("review.section.actions"), buttons),
        *detail_body(t, lang, detail, store.form, service, opened, handlers),
    ]


@ft.component
def OfficerDetailScreen():
    deps, t, lang = use_deps(), use_t(), use_session().language
    app_id = ft.use_route_params().get("id", "")
    catalog = use_catalog(revalidate=False)
    store = use_store(deps.officer_application)
    saver = use_once(ft.FilePicker)  # a device service: keep the reference

    async def open_it() -> None:
        await store.open(app_id)

    ft.use_effect(open_it, [app_id])
    detail = store.detail if store.app_id == app_id else None
    service = service_of(catalog, detail.service_code) if detail else None
    targets = revision_targets(detail, store.form, service, lang) if detail else []
    title = detail.service_name.get(lang) if detail else ""
    acting = use_acting(t, store, title, targets)
    ft.use_dialog(acting.dialog)
    body: list[ft.Control] = [heading(detail.tracking_number)] if detail else []
    body += status(t, store, acting.dialog is not None)
    if detail is not None:
        body += shown_body(t, lang, store, acting, service, saver)
    elif store.tried == app_id and not store.busy:
        body.append(
            secondary_button("review-reload", t("common.retry"), open_it, icon=ft.Icons.REFRESH)
        )
    reload = icon_button(
        "review-detail-refresh", ft.Icons.REFRESH, t("review.reload"), store.refresh
    )
    return screen(ft.use_view_path(), t("review.detail_title"), body, actions=[reload])
