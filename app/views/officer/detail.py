"""Views layer: one application for the officer (/officer/applications/:id) — citizen,
service, answers, attachments, timeline — and the workflow steps its status allows, each sent
with the version the officer saw (a stale one reloads with a clear message)."""

import contextlib
from typing import Any, cast

import flet as ft

from app.components.buttons import icon_button, secondary_button
from app.components.catalog_context import use_catalog
from app.components.context import Translate, error_text, use_deps, use_session, use_t
from app.components.feedback import busy_indicator, message_banner
from app.components.layout import heading, screen
from app.components.officer import block
from app.services import officer_api
from app.services.errors import ApiError, AuthExpiredError, NotFoundError
from app.state.officer import (
    ActOutcome,
    answer_rows,
    perform,
    revision_targets,
    target_code,
)
from app.views.officer._actions import (
    Acting,
    action_buttons,
    reject_dialog,
    revision_dialog,
    use_revision,
)
from app.views.officer._complete import complete_dialog, use_completion
from app.views.officer._parts import (
    answers_block,
    attachments_block,
    citizen_block,
    result_block,
    revision_block,
    service_block,
    timeline_block,
    use_desk,
)
from contracts.applications import (
    ActionIn,
    AttachmentOut,
    OfficerAction,
    StaffApplicationDetail,
)
from contracts.catalog import FormDefinition, PublicService

PROBLEM_KEYS = {"application_changed": "review.changed", "transition_invalid": "review.stale_step"}


def detail_body(
    t: Translate,
    lang: str,
    d: StaffApplicationDetail,
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


def service_of(load: Any, code: str) -> PublicService | None:
    catalog = load.loaded.catalog if load.loaded else None
    return next((s for s in catalog.services if s.code == code), None) if catalog else None


@ft.component
def OfficerDetailScreen():
    deps, t, session = use_deps(), use_t(), use_session()
    api, desk, lang = deps.auth.api, use_desk(), session.language
    app_id = ft.use_route_params().get("id", "")
    catalog = use_catalog(revalidate=False)
    no_detail: StaffApplicationDetail | None = None
    no_form: FormDefinition | None = None
    no_text: str | None = None
    no_bytes: dict[str, bytes] = {}
    detail, set_detail = ft.use_state(no_detail)
    form, set_form = ft.use_state(no_form)
    busy, set_busy = ft.use_state(True)
    banner, set_banner = ft.use_state(no_text)
    notice, set_notice = ft.use_state(no_text)
    changed, set_changed = ft.use_state(no_text)
    opened, set_opened = ft.use_state(no_bytes)
    dialog, set_dialog = ft.use_state(no_text)
    reason, set_reason = ft.use_state("")
    dialog_error, set_dialog_error = ft.use_state(no_text)
    saver = cast(ft.FilePicker, ft.use_state(cast(Any, ft.FilePicker))[0])  # keep the service

    async def guarded(action: Any, *, in_dialog: bool = False) -> bool:
        try:
            await action()
        except AuthExpiredError:
            return False  # the API client's hook has signed out
        except NotFoundError:
            set_banner(t("review.not_found"))
            return False
        except ApiError as exc:
            (set_dialog_error if in_dialog else set_banner)(error_text(exc, t))
            return False
        return True

    async def load_form(d: StaffApplicationDetail) -> None:
        with contextlib.suppress(ApiError):  # without it the answers show by their codes
            set_form(await officer_api.form_definition(api, d.service_code, d.form_version))

    async def load() -> None:
        got: list[StaffApplicationDetail] = []

        async def fetch() -> None:
            got.append(desk.take(app_id) or await officer_api.get(api, app_id))
            set_detail(got[0])

        await guarded(fetch)
        set_busy(False)
        if got:
            await load_form(got[0])

    ft.use_effect(load, [])

    async def refresh() -> None:
        set_busy(True)
        set_changed(None)
        await load()

    def close_dialog() -> None:
        set_dialog(None)
        set_dialog_error(None)

    def shown(outcome: ActOutcome) -> None:
        set_detail(outcome.detail)
        desk.changed(outcome.detail)
        close_dialog()
        if outcome.problem:
            set_notice(None)
            set_changed(t(PROBLEM_KEYS.get(outcome.problem, "review.changed")))
        else:
            status = t(f"review.status.{outcome.detail.status.value}")
            set_notice(t("review.done", status=status))

    async def run(action: ActionIn) -> None:
        if detail is None:
            return
        set_busy(True)
        set_banner(None)
        set_changed(None)

        async def send() -> None:
            shown(await perform(api, detail, action))

        await guarded(send, in_dialog=dialog is not None)
        set_busy(False)

    acting = Acting(run, shown, set_busy, set_dialog_error, close_dialog)
    revision = use_revision(t, acting)
    completion = use_completion(t, api, detail, acting, deps.auth.session_expired)

    async def on_action(action: OfficerAction) -> None:
        set_dialog_error(None)
        if action is OfficerAction.REQUEST_REVISION:
            revision.start()
            set_dialog("revision")
        elif action is OfficerAction.REJECT:
            set_reason("")
            set_dialog("reject")
        elif action is OfficerAction.COMPLETE:
            completion.start(detail.service_name.get(lang) if detail else "")
            set_dialog("complete")
        else:
            await run(ActionIn(action=action))

    async def confirm_reject() -> None:
        if not reason.strip():
            set_dialog_error(t("review.reject.required"))
            return
        await run(ActionIn(action=OfficerAction.REJECT, note=reason.strip()))

    def attachment_handlers(att: AttachmentOut) -> tuple[Any, Any]:
        async def on_open() -> None:
            async def fetch() -> None:
                data = await officer_api.attachment(api, app_id, att.document_id)
                set_opened(lambda o: {**o, att.document_id: data})

            set_banner(None)
            await guarded(fetch)

        async def on_save() -> None:
            data = opened.get(att.document_id)
            ext = {"application/pdf": "pdf", "image/png": "png"}.get(att.media_type, "jpg")
            name = f"{att.requirement}-{att.document_id[:8]}.{ext}"
            if data is not None:
                path = await saver.save_file(file_name=name, src_bytes=data)
                if path or ft.context.page.web:
                    set_notice(t("review.attachment.saved", name=name))

        return on_open, on_save

    service = service_of(catalog, detail.service_code) if detail else None
    targets = revision_targets(detail, form, service, lang) if detail else []

    def on_reason(e: Any) -> None:
        set_reason(e.control.value or "")

    dialogs = {
        "revision": lambda: revision_dialog(
            t, revision.draft, targets, dialog_error, revision.handlers, busy
        ),
        "reject": lambda: reject_dialog(
            t, reason, dialog_error, on_reason, confirm_reject, close_dialog, busy
        ),
        "complete": lambda: complete_dialog(t, completion.form, completion.handlers, busy),
    }
    ft.use_dialog(dialogs[dialog]() if dialog in dialogs and detail else None)

    body: list[ft.Control] = []
    if detail is not None:
        body.append(heading(detail.tracking_number))
    if busy and dialog is None:
        body.append(busy_indicator(t("common.please_wait")))
    if changed:
        body.append(message_banner("review-changed", changed))
    if banner:
        body.append(message_banner("review-error", banner))
    if notice:
        body.append(message_banner("review-notice", notice, error=False))
    if detail is not None:
        buttons = action_buttons(t, detail.status, on_action, busy)
        body.append(block("review-actions", t("review.section.actions"), buttons))
        body += detail_body(t, lang, detail, form, service, opened, attachment_handlers)
    elif not busy:
        body.append(
            secondary_button("review-reload", t("common.retry"), load, icon=ft.Icons.REFRESH)
        )
    reload = icon_button("review-detail-refresh", ft.Icons.REFRESH, t("review.reload"), refresh)
    return screen(ft.use_view_path(), t("review.detail_title"), body, actions=[reload])
