"""State layer: "Ajukan Permohonan" — `ApplyStore`: the service's form pre-filled from the
profile, a family member and the wallet, a draft kept as the citizen types, and a submit
through the outbox (sent now, or once there is signal); no controls."""

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar

from app.services import documents_api, profile_api
from app.services.api import ApiClient
from app.services.drafts import Draft
from app.services.errors import ApiError, AuthExpiredError
from app.state.applications import ApplicationsHub, Delivery, Outcome
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
from app.state.attachments import AttachmentUploads
from app.state.catalog import CatalogStore
from app.state.catalog_browse import service_by_code
from app.state.form_edit import FormEdit
from app.state.store import Note
from contracts.catalog import PublicService
from contracts.documents import DocumentOut
from contracts.profile import FamilyMember, Profile

DRAFT_DELAY = 0.4  # seconds of quiet typing before the draft is written
FORM_OUTDATED = "form_outdated"
T = TypeVar("T")
D = TypeVar("D")


@dataclass(frozen=True)
class Sources:
    """What pre-fills the form; `offline` when a part could not be read from the server."""

    profile: Profile | None
    members: list[FamilyMember]
    offline: bool


async def _or(call: Awaitable[T], default: D) -> tuple[T | D, bool]:
    """The answer, or `default` when the server could not give it (the form still works);
    an expired session is not swallowed: the client's hook has signed out."""
    try:
        return await call, True
    except AuthExpiredError:
        raise
    except ApiError:
        return default, False


class ApplyStore(FormEdit):
    """The form of the service being applied for; one per app session. Personal: the form,
    the profile it was filled from and the uploads are dropped at sign-out (the drafts and
    the outbox are the `ApplicationsHub`'s)."""

    def __init__(
        self,
        api: ApiClient,
        hub: ApplicationsHub,
        catalog: CatalogStore,
        uploads: AttachmentUploads,
        draft_delay: float = DRAFT_DELAY,
    ) -> None:
        super().__init__(api, uploads)
        self._hub, self._catalog, self._draft_delay = hub, catalog, draft_delay
        self.sources: Sources | None = None
        self._typing = 0  # bumps per edit: only the last of a burst writes the draft
        self._opening = 0

    def needs_new_form(self, service_code: str) -> bool:
        """A refused submission says the form changed: the catalog must be asked again."""
        refused = self._hub.sender.attention_for(service_code)
        return refused is not None and refused.error_code == FORM_OUTDATED

    def showing(self, service_code: str) -> bool:
        return (
            self.form is not None
            and self.service is not None
            and (self.service.code == service_code)
        )

    async def open(self, service: PublicService) -> None:
        """Pre-fill from the server's sources; the saved draft on top, else a refused outbox
        entry to fix (with the server's errors)."""
        self._opening += 1
        mine = self._opening
        self._start(service, None)
        self.sources = None

        async def load() -> None:
            sources, wallet = await self._sources()
            form = await self._first_form(service, sources, wallet)
            if mine == self._opening:  # not a late answer for a form opened before
                self.sources, self.wallet, self.form = sources, wallet, form
                self._show_refusal(service.code)

        await self.run(load)

    async def choose_subject(self, member_id: str | None) -> None:
        """For the citizen (None or an unknown id) or a family member: pre-filled values
        follow the subject; what the citizen typed stays."""
        if self.sources is None or self.service is None:
            return
        member = next((m for m in self.sources.members if m.id == member_id), None)
        values = subject_values(self.sources.profile, member)
        service, chosen = self.service, member.id if member else None
        self._edit(lambda f: refill(service, f, values, chosen))
        await self._edited()

    async def submit(self) -> Outcome | None:
        """Checked on the device, then written to the outbox and sent: the outcome when the
        server has it or it waits for signal; None when something must be fixed first."""
        service, form = self.service, self.form
        if service is None or form is None:
            return None
        self.invalid = {}
        try:
            payload = to_application_in(service, form)
        except ApplyInvalid as exc:
            self._invalid(exc)
            return None
        sent: list[Outcome] = []

        async def deliver() -> None:
            sent.append(await self._hub.sender.submit(payload, service.name))

        if not await self.run(deliver):
            return None
        return await self._delivered(service, sent[0])

    async def forget(self) -> None:
        self._typing += 1  # a draft write still waiting is for the account that left
        self._opening += 1
        await super().forget()
        self.sources = None

    async def _delivered(self, service: PublicService, outcome: Outcome) -> Outcome | None:
        refused = outcome.delivery is Delivery.ATTENTION
        if refused and outcome.entry.error_code == FORM_OUTDATED:
            await self._hub.sender.discard(outcome.entry.key)  # nothing to fix but the version
            await self._new_form_version(service.code)
            self.fail(Note("apply.form_outdated"))
            return None
        if refused:
            self.fields = dict(outcome.entry.error_fields)
            self.fail(Note("apply.check_form", text=outcome.entry.error))
            return None
        self._typing += 1  # a draft write still waiting must not bring the draft back
        await self._hub.drafts.clear(service.code)
        return outcome

    async def _new_form_version(self, code: str) -> None:
        """The server has a newer form: fetch the catalog; what was typed stays."""
        await self._catalog.load(revalidate=True)
        loaded = self._catalog.loaded
        fresh = service_by_code(loaded.catalog, code) if loaded else None
        if fresh is not None:
            self.service = fresh

    async def _sources(self) -> tuple[Sources, list[DocumentOut]]:
        profile, ok1 = await _or(profile_api.get_profile(self._api), None)
        members, ok2 = await _or(profile_api.list_family(self._api), list[FamilyMember]())
        listed, ok3 = await _or(documents_api.list_documents(self._api), None)
        wallet = list(listed.documents) if listed else []
        return Sources(profile, members, not (ok1 and ok2 and ok3)), wallet

    async def _first_form(
        self, service: PublicService, sources: Sources, wallet: list[DocumentOut]
    ) -> ApplyForm:
        """The saved draft on top of the pre-fill; else a refused outbox entry to fix."""
        draft = await self._hub.drafts.load(service.code)
        refused = self._hub.sender.attention_for(service.code)
        typed: dict[str, Value] = dict(draft.answers) if draft else {}
        picks = dict(draft.attachments) if draft else {}
        member_id = draft.family_member_id if draft else None
        if draft is None and refused is not None:
            typed = shown_values(service, refused.payload.answers)
            picks = {a.requirement: a.document_id for a in refused.payload.attachments}
            member_id = refused.payload.family_member_id
        member = next((m for m in sources.members if m.id == member_id), None)
        values = subject_values(sources.profile, member)
        chosen = member.id if member else None
        return start_form(service, values, wallet, typed=typed, attachments=picks, member_id=chosen)

    def _show_refusal(self, service_code: str) -> None:
        refused = self._hub.sender.attention_for(service_code)
        if refused is not None:
            self.fields = dict(refused.error_fields)
            self.fail(Note("apply.check_form", text=refused.error))

    async def _edited(self) -> None:
        """Write the draft once the citizen pauses (the last edit of a burst writes it)."""
        service, form = self.service, self.form
        if service is None or form is None:
            return
        self._typing += 1
        mine = self._typing
        await asyncio.sleep(self._draft_delay)
        if mine != self._typing:
            return  # still typing (or sent, or signed out)
        draft = Draft(
            form_version=service.form_version,
            answers=form.typed(),
            attachments=dict(form.attachments),
            family_member_id=form.member_id,
            saved_at=datetime.now(UTC),
        )
        await self._hub.drafts.save(service.code, draft)
