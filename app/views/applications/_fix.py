"""Views layer: "Perbaiki" — the filed answers and attachments, editable, resubmitted with
If-Match so a change the officer made meanwhile is not overwritten."""

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, cast

import flet as ft

from app.components.apply_fields import error_texts, form_fields
from app.components.apply_requirements import Requirements
from app.components.buttons import primary_button, secondary_button
from app.components.context import error_text, use_deps, use_session, use_t
from app.components.date_field import field_date_picker
from app.components.feedback import busy_indicator, message_banner
from app.components.fields import text_input
from app.components.layout import heading
from app.services import applications_api, documents_api
from app.services.errors import ApiError, AuthExpiredError, PreconditionFailed, ValidationFailed
from app.state.apply_form import (
    ApplyForm,
    ApplyInvalid,
    Value,
    attachment_list,
    checked_answers,
    edit_form,
)
from contracts.applications import NOTE_MAX, ApplicationDetail, ResubmitIn
from contracts.catalog import PublicService
from contracts.documents import DocumentOut


def resubmit_body(service: PublicService, form: ApplyForm, note: str) -> ResubmitIn:
    return ResubmitIn(
        answers=checked_answers(service, form),
        attachments=attachment_list(form),
        note=" ".join(note.split()) or None,
    )


@ft.component
def FixForm(
    service: PublicService,
    detail: ApplicationDetail,
    on_done: Callable[[ApplicationDetail], Awaitable[None]],
    on_cancel: Callable[[], Any],
    on_stale: Callable[[], Awaitable[None]],
) -> ft.Control:
    t, deps = use_t(), use_deps()
    language = use_session().language
    no_text: str | None = None
    no_pick: str | None = None
    attached = {a.requirement: a.document_id for a in detail.attachments}
    start: Any = lambda: edit_form(service, detail.answers, attached)  # noqa: E731
    form_state = ft.use_state(start)
    form, set_form = cast(ApplyForm, form_state[0]), form_state[1]
    wallet, set_wallet = ft.use_state(list[DocumentOut]())
    errors, set_errors = ft.use_state(dict[str, str]())
    note, set_note = ft.use_state("")
    banner, set_banner = ft.use_state(no_text)
    busy, set_busy = ft.use_state(False)
    picking, set_picking = ft.use_state(no_pick)

    async def load_wallet() -> None:
        try:
            listed = await documents_api.list_documents(deps.auth.api)
        except ApiError:
            return
        set_wallet(list(listed.documents))

    ft.use_effect(load_wallet, [])

    def on_value(code: str) -> Any:
        def changed(value: Value) -> None:
            set_form(lambda f: f.with_value(code, value))
            set_errors(lambda e: {k: v for k, v in e.items() if k != code})

        return changed

    async def on_attachment(code: str, doc_id: str | None) -> None:
        set_form(lambda f: f.with_attachment(code, doc_id))

    async def send() -> None:
        try:
            body = resubmit_body(service, form, note)
        except ApplyInvalid as exc:
            set_errors(error_texts(t, exc.fields))
            set_banner(t("apply.check_form"))
            return
        set_busy(True)
        set_banner(None)
        try:
            updated = await applications_api.resubmit(
                deps.auth.api, detail.id, body, detail.version
            )
        except AuthExpiredError:
            return  # the API client's hook has signed out
        except ValidationFailed as exc:
            set_errors(dict(exc.fields))
            set_banner(error_text(exc, t))
            return
        except ApiError as exc:
            set_banner(error_text(exc, t))
            if isinstance(exc, PreconditionFailed):  # changed meanwhile: reload under the form
                await on_stale()
            return
        finally:
            set_busy(False)
        await on_done(updated)

    def picked(code: str | None) -> Any:
        def on_pick(e: Any) -> None:
            value = e.control.value
            set_picking(None)
            if code and isinstance(value, datetime):
                on_value(code)(value.strftime("%d-%m-%Y"))

        return on_pick

    ft.use_dialog(
        field_date_picker(t, picking, form, picked(picking), lambda: set_picking(None))
        if picking
        else None
    )
    fields = {f.code: f for f in service.form.fields}
    rows: list[ft.Control] = [heading(t("application.fix_title"), size=20)]
    rows += form_fields(
        t, language, fields, form, errors, on_value, lambda code: lambda: set_picking(code)
    )
    rows.append(Requirements(service, form, wallet, errors, on_attachment))
    rows.append(
        text_input(
            "application-fix-note",
            t("application.fix_note"),
            note,
            lambda e: set_note(e.control.value or ""),
            max_length=NOTE_MAX,
        )
    )
    if banner:
        rows.append(message_banner("application-fix-error", banner))
    if busy:
        rows.append(busy_indicator(t("apply.sending")))
    rows += [
        primary_button(
            "application-resubmit",
            t("application.resubmit"),
            send,
            disabled=busy,
            icon=ft.Icons.SEND,
        ),
        secondary_button("application-fix-cancel", t("common.cancel"), on_cancel, disabled=busy),
    ]
    return ft.Column(rows, spacing=16, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
