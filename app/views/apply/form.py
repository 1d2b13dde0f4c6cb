"""Views layer: "Ajukan Permohonan" — the service's form pre-filled from the profile, a
family member and the wallet ("sudah kami isi"), a draft kept as the citizen types, and a
submit that goes through the outbox (sent now, or automatically once there is signal)."""

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import flet as ft

from app.components.apply_fields import SELF, error_texts, form_fields, subject_picker
from app.components.apply_requirements import Requirements
from app.components.buttons import primary_button
from app.components.catalog import channels_text
from app.components.catalog_context import catalog_rows, use_catalog
from app.components.context import use_deps, use_session, use_t
from app.components.date_field import field_date_picker
from app.components.feedback import busy_indicator, message_banner
from app.components.layout import heading, screen
from app.components.navigation import go
from app.components.style import BODY_SIZE
from app.services import documents_api, profile_api
from app.services.drafts import Draft
from app.services.errors import ApiError, AuthExpiredError
from app.state.applications import ApplicationsHub, Delivery
from app.state.apply_form import (
    ApplyForm,
    ApplyInvalid,
    Value,
    refill,
    shown_values,
    start_form,
    subject_values,
    to_application_in,
)
from app.state.catalog_browse import service_by_code
from contracts.catalog import Channel, PublicService
from contracts.documents import DocumentOut
from contracts.profile import FamilyMember, Profile

DRAFT_DELAY = 0.4  # seconds of quiet typing before the draft is written
FORM_OUTDATED = "form_outdated"


@dataclass(frozen=True)
class Sources:
    """What pre-fills the form; None where the server could not be reached."""

    profile: Profile | None
    members: list[FamilyMember]
    wallet: list[DocumentOut]
    offline: bool


async def _try(call: Any, default: Any) -> tuple[Any, bool]:
    try:
        return await call, True
    except AuthExpiredError:
        raise
    except ApiError:
        return default, False


async def load_sources(api: Any) -> Sources:
    profile, ok1 = await _try(profile_api.get_profile(api), None)
    members, ok2 = await _try(profile_api.list_family(api), [])
    listed, ok3 = await _try(documents_api.list_documents(api), None)
    wallet = list(listed.documents) if listed else []
    return Sources(profile, members, wallet, not (ok1 and ok2 and ok3))


async def first_form(hub: ApplicationsHub, service: PublicService, src: Sources) -> ApplyForm:
    """The saved draft on top of the pre-fill; else a refused outbox entry to fix."""
    draft = await hub.drafts.load(service.code)
    refused = hub.sender.attention_for(service.code)
    typed: dict[str, Value] = dict(draft.answers) if draft else {}
    picks = dict(draft.attachments) if draft else {}
    member_id = draft.family_member_id if draft else None
    if draft is None and refused is not None:
        typed = shown_values(service, refused.payload.answers)
        picks = {a.requirement: a.document_id for a in refused.payload.attachments}
        member_id = refused.payload.family_member_id
    member = next((m for m in src.members if m.id == member_id), None)
    values = subject_values(src.profile, member)
    return start_form(
        service,
        values,
        src.wallet,
        typed=typed,
        attachments=picks,
        member_id=member.id if member else None,
    )


@ft.component
def ApplyBody(service: PublicService, on_outdated: Callable[[], Any]) -> ft.Control:
    t, deps, hub = use_t(), use_deps(), use_deps().applications
    language = use_session().language
    no_sources: Sources | None = None
    no_form: ApplyForm | None = None
    no_text: str | None = None
    no_pick: str | None = None
    sources, set_sources = ft.use_state(no_sources)
    form, set_form = ft.use_state(no_form)
    errors, set_errors = ft.use_state(dict[str, str]())
    banner, set_banner = ft.use_state(no_text)
    busy, set_busy = ft.use_state(False)
    picking, set_picking = ft.use_state(no_pick)
    latest = ft.use_ref(no_form)
    typing = ft.use_ref(0)
    latest.current = form

    async def load() -> None:
        try:
            src = await load_sources(deps.auth.api)
        except AuthExpiredError:
            return  # the API client's hook has signed out
        start = await first_form(hub, service, src)
        refused = hub.sender.attention_for(service.code)
        if refused is not None:
            set_errors(dict(refused.error_fields))
            set_banner(refused.error)
        set_sources(src)
        set_form(start)

    ft.use_effect(load, [])

    async def save_draft() -> None:
        mine = (typing.current or 0) + 1
        typing.current = mine
        await asyncio.sleep(DRAFT_DELAY)
        current = latest.current
        if mine != typing.current or current is None:
            return  # still typing: the last keystroke saves
        draft = Draft(
            form_version=service.form_version,
            answers=current.typed(),
            attachments=dict(current.attachments),
            family_member_id=current.member_id,
            saved_at=datetime.now(UTC),
        )
        await hub.drafts.save(service.code, draft)

    def update(change: Any, *codes: str) -> None:
        def apply(f: ApplyForm | None) -> ApplyForm | None:
            return change(f) if f is not None else None

        latest.current = apply(latest.current)
        set_form(apply)
        if codes:
            set_errors(lambda e: {k: v for k, v in e.items() if k not in codes})

    def on_value(code: str) -> Any:
        async def changed(value: Value) -> None:
            update(lambda f: f.with_value(code, value), code)
            await save_draft()

        return changed

    async def on_attachment(code: str, doc_id: str | None) -> None:
        update(lambda f: f.with_attachment(code, doc_id), code)
        await save_draft()

    async def on_subject(e: Any) -> None:
        if sources is None:
            return
        chosen = e.control.value or SELF
        member = next((m for m in sources.members if m.id == chosen), None)
        values = subject_values(sources.profile, member)
        update(lambda f: refill(service, f, values, member.id if member else None))
        await save_draft()

    async def submit() -> None:
        if form is None:
            return
        try:
            payload = to_application_in(service, form)
        except ApplyInvalid as exc:
            set_errors(error_texts(t, exc.fields))
            set_banner(t("apply.check_form"))
            return
        set_busy(True)
        set_banner(None)
        try:
            outcome = await hub.sender.submit(payload, service.name)
        except AuthExpiredError:
            return  # the API client's hook has signed out
        finally:
            set_busy(False)
        if outcome.delivery is Delivery.ATTENTION and outcome.entry.error_code == FORM_OUTDATED:
            await hub.sender.discard(outcome.entry.key)  # nothing to fix but the form version
            set_banner(t("apply.form_outdated"))
            await on_outdated()
            return
        if outcome.delivery is Delivery.ATTENTION:
            set_errors(dict(outcome.entry.error_fields))
            set_banner(outcome.entry.error or t("apply.check_form"))
            return
        typing.current = (
            typing.current or 0
        ) + 1  # a draft write still waiting must not bring the draft back
        await hub.drafts.clear(service.code)
        if outcome.detail is not None:
            await go(f"/home/applications/{outcome.detail.id}")
        else:
            await go("/home/applications")

    def picked(code: str) -> Any:
        async def on_pick(e: Any) -> None:
            value = e.control.value
            set_picking(None)
            if isinstance(value, datetime):
                await on_value(code)(value.strftime("%d-%m-%Y"))

        return on_pick

    ft.use_dialog(
        field_date_picker(t, picking, form, picked(picking), lambda: set_picking(None))
        if picking and form
        else None
    )
    if sources is None or form is None:
        return busy_indicator(t("common.loading"))
    fields = {f.code: f for f in service.form.fields}
    body: list[ft.Control] = [ft.Text(t("apply.intro"), size=BODY_SIZE)]
    if sources.offline:
        body.append(message_banner("apply-offline", t("apply.offline_prefill"), error=False))
    if sources.members:
        body.append(subject_picker(t, sources.members, form.member_id, on_subject))
    body.append(heading(t("apply.form_title"), size=20))
    body += form_fields(
        t, language, fields, form, errors, on_value, lambda code: lambda: set_picking(code)
    )
    body.append(Requirements(service, form, sources.wallet, errors, on_attachment))
    if banner:
        body.append(message_banner("apply-error", banner))
    if busy:
        body.append(busy_indicator(t("apply.sending")))
    body.append(
        primary_button("apply-submit", t("apply.submit"), submit, disabled=busy, icon=ft.Icons.SEND)
    )
    return ft.Column(body, spacing=16, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)


@ft.component
def ApplyScreen():
    t, language = use_t(), use_session().language
    code = ft.use_route_params().get("code", "")
    refused = use_deps().applications.sender.attention_for(code)
    outdated = refused is not None and refused.error_code == FORM_OUTDATED
    load = use_catalog(t, revalidate=outdated)  # a refused old form: fetch the new one
    # one fixed slot for the catalog status, so the form below keeps its state while the
    # catalog is fetched again (components are matched by position)
    body: list[ft.Control] = [ft.Column(catalog_rows(t, load, "apply-catalog"), spacing=16)]
    service = service_by_code(load.loaded.catalog, code) if load.loaded else None
    if load.loaded is not None and service is None:
        body.append(message_banner("apply-not-found", t("catalog.not_found")))
    if service is not None and Channel.ONLINE not in service.channels:
        text = t("catalog.not_online", channels=channels_text(t, service))
        body.append(message_banner("apply-not-online", text, error=False))
    elif service is not None:
        body.append(heading(service.name.get(language)))
        body.append(ApplyBody(service, load.retry))
    return screen(ft.use_view_path(), t("apply.title"), body)
