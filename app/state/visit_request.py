"""State layer: "Minta Jemput Bola" — `VisitRequestStore`: the request form pre-filled from the
profile (district, village, phone), the family members the citizen acts for and the wallet;
the elderly check; the position the screen's geolocator found (or why not); a supporting
document from the wallet or a new photo; sent through the outbox (now, or once there is
signal) with its Idempotency-Key; no controls."""

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date
from enum import StrEnum
from typing import ClassVar

from app.services import documents_api, profile_api
from app.services.api import ApiClient
from app.services.errors import ApiError, AuthExpiredError
from app.state.applications import ApplicationsHub, VisitOutcome
from app.state.attachments import AttachmentUploads
from app.state.form_store import FormStore
from app.state.outbox_sender import Delivery
from app.state.profile import local_phone
from app.state.store import Note
from app.state.visit_form import (
    Elderly,
    Need,
    Position,
    Slot,
    VisitForm,
    birth_date_of,
    elderly,
    needs,
    to_request,
    with_slot,
    with_texts,
)
from contracts.catalog import LocalText, PublicService, Requirement, RequirementKind
from contracts.documents import DocumentOut
from contracts.profile import FamilyMember, Profile
from contracts.visits import ELDERLY_AGE, PREFERRED_MAX, PREFERRED_MIN, DayWindow, VisitReason

Today = Callable[[], date]
TEXT_FIELDS = frozenset({"reason_note", "village", "street", "landmark", "contact_phone", "notes"})
# A supporting photo or letter goes to the wallet as "other" (state/attachments.upload_type).
SUPPORT = Requirement(
    code="pendukung",
    kind=RequirementKind.UPLOAD,
    label=LocalText(id="Dokumen pendukung", en="Supporting document"),
)
# Server rules that come without a field name, beside the field to fix.
RULE_FIELDS = {
    "visit_service_invalid": "services",
    "visit_not_elderly": "reason",
    "visit_reason_note": "reason_note",
    "visit_dates": "preferred",
    "visit_area_not_served": "district_code",
    "document_not_found": "documents",
}
# Inside Indonesia, as contracts.visits.VisitLocationIn accepts it
LATITUDES, LONGITUDES = (-11.5, 6.5), (94.5, 141.5)


class Locating(StrEnum):
    ASKING = "asking"
    FOUND = "found"
    DENIED = "denied"  # the citizen (or the browser) said no
    UNAVAILABLE = "unavailable"  # no location service, a timeout, not supported here
    OUTSIDE = "outside"  # a position outside Indonesia (e.g. a desktop's guess)


class VisitRequestStore(FormStore):
    """One per app session (app/main.py); personal: the form, what pre-filled it and the
    upload waiting for "Kirim ulang" are dropped at sign-out (the outbox is the hub's)."""

    code_fields: ClassVar[Mapping[str, str]] = RULE_FIELDS

    def __init__(
        self,
        api: ApiClient,
        hub: ApplicationsHub,
        uploads: AttachmentUploads,
        today: Today = date.today,
    ) -> None:
        super().__init__()
        self._api, self._hub, self.uploads, self._today = api, hub, uploads, today
        self.services: list[PublicService] = []
        self.form: VisitForm | None = None
        self.profile: Profile | None = None
        self.members: list[FamilyMember] = []
        self.wallet: list[DocumentOut] = []
        self.offline = False  # a part of the pre-fill could not be read
        self.locating: Locating | None = None
        self._opening = 0

    @property
    def elderly(self) -> Elderly:
        form = self.form
        birth = birth_date_of(self.profile, self.members, form.member_id if form else None)
        return elderly(birth, self._today())

    @property
    def needs(self) -> list[Need]:
        return needs(self.services, self.wallet, self.form.services if self.form else ())

    @property
    def subject_name(self) -> str:
        form = self.form
        member = next((m for m in self.members if form and m.id == form.member_id), None)
        return member.full_name if member else (self.profile.full_name if self.profile else "")

    def today(self) -> date:
        return self._today()

    async def open(self, services: list[PublicService], preselect: str | None = None) -> None:
        """A fresh form for the services offered; pre-filled once the sources arrive."""
        self._opening += 1
        mine = self._opening
        self.clear()
        self.services, self.form, self.locating = services, None, None
        codes = {s.code for s in services}
        chosen = (preselect,) if preselect in codes and preselect else ()

        async def load() -> None:
            profile, members, wallet, complete = await self._sources()
            if mine != self._opening:
                return  # a late answer for a form opened before
            self.profile, self.members, self.wallet = profile, members, wallet
            self.offline = not complete
            self.form = self._prefilled(VisitForm(services=chosen))

        await self.run(load)

    def choose_subject(self, member_id: str | None) -> None:
        """The citizen or a family member: the elderly check follows the person chosen."""
        known = any(m.id == member_id for m in self.members)
        self._edit("member_id", lambda f: replace(f, member_id=member_id if known else None))
        form = self.form
        if form is not None and form.reason is None and self._old(form):
            self.form = replace(form, reason=VisitReason.ELDERLY)
        self._check_elderly()

    def toggle_service(self, code: str) -> None:
        def change(f: VisitForm) -> VisitForm:
            on = code in f.services
            picked = tuple(c for c in f.services if c != code) if on else (*f.services, code)
            return replace(f, services=picked)

        self._edit("services", change)

    def choose_reason(self, reason: VisitReason) -> None:
        self._edit("reason", lambda f: replace(f, reason=reason))
        self._check_elderly()

    def set_text(self, name: str, value: str) -> None:
        if name in TEXT_FIELDS:
            self._edit(name, lambda f: with_texts(f, {name: value}))

    def set_region(self, level: str, code: str) -> None:
        """Province → regency → district: a higher level clears the ones below it."""
        cleared = {
            "province_code": {"province_code": code, "regency_code": "", "district_code": ""},
            "regency_code": {"regency_code": code, "district_code": ""},
            "district_code": {"district_code": code},
        }.get(level)
        if cleared is not None:
            self._edit("district_code", lambda f: with_texts(f, cleared))

    def set_day(self, index: int, day: date | None) -> None:
        self._edit("preferred", lambda f: with_slot(f, index, replace(f.slots[index], day=day)))

    def set_window(self, index: int, window: DayWindow) -> None:
        self._edit(
            "preferred", lambda f: with_slot(f, index, replace(f.slots[index], window=window))
        )

    def add_slot(self) -> None:
        self._edit("preferred", lambda f: replace(f, slots=(*f.slots, Slot())[:PREFERRED_MAX]))

    def remove_slot(self, index: int) -> None:
        def change(f: VisitForm) -> VisitForm:
            if len(f.slots) <= PREFERRED_MIN:
                return f
            return replace(f, slots=tuple(s for i, s in enumerate(f.slots) if i != index))

        self._edit("preferred", change)

    def toggle_document(self, document_id: str) -> None:
        def change(f: VisitForm) -> VisitForm:
            ids = f.document_ids
            on = document_id in ids
            return replace(
                f,
                document_ids=tuple(d for d in ids if d != document_id)
                if on
                else (*ids, document_id),
            )

        self._edit("documents", change)

    async def upload(self, data: bytes, name: str, title: str) -> None:
        """A new photo or file: it goes to the wallet and is attached to the request."""
        attached = await self.uploads.upload(SUPPORT, title, data, name)
        self._attached(attached.document if attached else None)

    async def retry_upload(self) -> None:
        attached = await self.uploads.retry()
        self._attached(attached.document if attached else None)

    def asking_position(self) -> None:
        self.locating = Locating.ASKING

    def located(self, latitude: float, longitude: float, accuracy_m: float | None) -> None:
        inside = LATITUDES[0] <= latitude <= LATITUDES[1] and (
            LONGITUDES[0] <= longitude <= LONGITUDES[1]
        )
        if not inside:
            self.not_located(Locating.OUTSIDE)
            return
        accuracy = max(0.0, accuracy_m) if accuracy_m is not None else None
        self._edit(
            "position", lambda f: replace(f, position=Position(latitude, longitude, accuracy))
        )
        self.locating = Locating.FOUND

    def not_located(self, why: Locating) -> None:
        """Denied or unavailable: the district pickers and the notes tell the way instead."""
        self._edit("position", lambda f: replace(f, position=None))
        self.locating = why

    def forget_position(self) -> None:
        self._edit("position", lambda f: replace(f, position=None))
        self.locating = None

    async def send(self) -> VisitOutcome | None:
        """Checked on the device, then written to the outbox and sent: the outcome when the
        server has it or it waits for signal; None when something must be fixed first."""
        form = self.form
        if form is None:
            return None
        sent: list[VisitOutcome] = []

        async def deliver() -> None:
            payload = to_request(form, self.elderly, self._today())
            sent.append(await self._hub.visits.submit(payload, self._title(form)))

        if not await self.submit(deliver):
            self._check_elderly()  # the device's check, with the person's age
            return None
        return await self._delivered(sent[0])

    async def forget(self) -> None:
        self._opening += 1
        await super().forget()
        await self.uploads.forget()
        self.services, self.form, self.profile, self.members, self.wallet = [], None, None, [], []
        self.offline, self.locating = False, None

    async def _delivered(self, outcome: VisitOutcome) -> VisitOutcome | None:
        if outcome.delivery is not Delivery.ATTENTION:
            return outcome
        entry = outcome.entry
        await self._hub.visits.discard(entry.key)  # the citizen is here to fix it now
        field = RULE_FIELDS.get(entry.error_code or "")
        fields = {k: Note("error.validation", text=v) for k, v in entry.error_fields.items() if k}
        if not fields and field:
            fields[field] = Note("error.validation", text=entry.error)
        self.errors = fields
        self.fail(Note("error.check_form", text=entry.error))
        return None

    def _title(self, form: VisitForm) -> LocalText:
        names = [s.name for s in self.services if s.code in form.services]
        return LocalText(
            id=", ".join(n.id for n in names) or "Jemput bola",
            en=", ".join(n.en for n in names) or "Home visit",
        )

    def _prefilled(self, form: VisitForm) -> VisitForm:
        p = self.profile
        if p is None:
            return form
        filled = {
            "province_code": p.province_code or "",
            "regency_code": p.regency_code or "",
            "district_code": p.district_code or "",
            "village": p.village or "",
            "contact_phone": local_phone(p.phone),
        }
        done = {k: v for k, v in filled.items() if v}
        form = replace(with_texts(form, done), prefilled=frozenset(done))
        return replace(form, reason=VisitReason.ELDERLY) if self._old(form) else form

    def _check_elderly(self) -> None:
        """Said at once (not only at "Kirim"): why the elderly reason does not apply."""
        old = self.elderly
        if self.form is None or self.form.reason is not VisitReason.ELDERLY or old.eligible:
            return
        name = self.subject_name
        note = (
            Note("visits.error.no_birth_date", {"name": name})
            if old.age is None
            else Note(
                "visits.error.not_elderly", {"name": name, "age": old.age, "min": ELDERLY_AGE}
            )
        )
        self.errors = self.errors | {"reason": note}

    def _old(self, form: VisitForm) -> bool:
        birth = birth_date_of(self.profile, self.members, form.member_id)
        return elderly(birth, self._today()).eligible

    def _edit(self, name: str, change: Callable[[VisitForm], VisitForm]) -> None:
        if self.form is not None:
            self.form = change(self.form)
        self.typed(name)

    def _attached(self, document: DocumentOut | None) -> None:
        if document is not None:
            self.wallet = [document, *self.wallet]
            self.toggle_document(document.id)

    async def _sources(
        self,
    ) -> tuple[Profile | None, list[FamilyMember], list[DocumentOut], bool]:
        """Each part, or nothing when the server could not give it (the form still works)."""
        complete = True
        profile: Profile | None = None
        members: list[FamilyMember] = []
        wallet: list[DocumentOut] = []
        try:
            profile = await profile_api.get_profile(self._api)
            members = await profile_api.list_family(self._api)
            wallet = list((await documents_api.list_documents(self._api)).documents)
        except AuthExpiredError:
            raise
        except ApiError:
            complete = False
        return profile, members, wallet, complete
