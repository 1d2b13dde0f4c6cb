"""State layer: the jemput bola request form — what the citizen chose (`VisitForm`), the
services offered by jemput bola, the elderly check against the birth date of the person
visited, which requirements the profile and wallet already cover and what to show at the
door, the preferred dates, and the check before sending (→ VisitRequestIn); no I/O."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any, cast

from pydantic import ValidationError

from app.state.forms import REQUIRED_KEY, FormInvalid
from contracts.catalog import Catalog, Channel, LocalText, PublicService, RequirementKind
from contracts.documents import DocumentOut
from contracts.profile import FamilyMember, Profile
from contracts.visits import (
    BOOK_AHEAD_DAYS,
    ELDERLY_AGE,
    PREFERRED_MAX,
    PREFERRED_MIN,
    DayWindow,
    PreferredDate,
    VisitLocationIn,
    VisitReason,
    VisitRequestIn,
)

INVALID = "field.invalid"


@dataclass(frozen=True)
class Slot:
    """One preferred date with its window (morning / afternoon)."""

    day: date | None = None
    window: DayWindow = DayWindow.MORNING


@dataclass(frozen=True)
class Position:
    latitude: float
    longitude: float
    accuracy_m: float | None = None


@dataclass(frozen=True)
class VisitForm:
    member_id: str | None = None  # None: the citizen themself
    services: tuple[str, ...] = ()
    reason: VisitReason | None = None
    reason_note: str = ""
    document_ids: tuple[str, ...] = ()
    province_code: str = ""
    regency_code: str = ""
    district_code: str = ""
    village: str = ""
    street: str = ""
    landmark: str = ""
    position: Position | None = None
    slots: tuple[Slot, ...] = (Slot(), Slot())
    contact_phone: str = ""
    notes: str = ""
    prefilled: frozenset[str] = field(default_factory=frozenset)  # from the profile


def offered(catalog: Catalog | None) -> list[PublicService]:
    """The services jemput bola brings to the home."""
    services = catalog.services if catalog else []
    return [s for s in services if Channel.JEMPUT_BOLA in s.channels]


def age_on(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def birth_date_of(
    profile: Profile | None, members: Iterable[FamilyMember], member_id: str | None
) -> date | None:
    if member_id is None:
        return profile.birth_date if profile else None
    return next((m.birth_date for m in members if m.id == member_id), None)


@dataclass(frozen=True)
class Elderly:
    """Whether the person visited counts as elderly (lansia) today; `age` when known."""

    eligible: bool
    age: int | None


def elderly(birth: date | None, today: date) -> Elderly:
    if birth is None:
        return Elderly(False, None)
    age = age_on(birth, today)
    return Elderly(age >= ELDERLY_AGE, age)


@dataclass(frozen=True)
class Need:
    """One requirement of the chosen services: `covered` when the profile or the wallet
    already holds it ("sudah kami isi"); `show` when its original is shown at the door."""

    code: str
    label: LocalText
    covered: bool
    show: bool


def needs(
    services: Sequence[PublicService], wallet: Iterable[DocumentOut], codes: Iterable[str]
) -> list[Need]:
    """The requirements of the chosen services, once each (by label)."""
    held = {d.type for d in wallet if d.superseded_at is None}
    chosen = set(codes)
    out: dict[str, Need] = {}
    for service in services:
        if service.code not in chosen:
            continue
        for req in service.requirements:
            covered = req.kind is RequirementKind.PROFILE or (
                req.kind is RequirementKind.DOCUMENT and req.document_type in held
            )
            show = req.kind is not RequirementKind.PROFILE
            out.setdefault(req.label.id, Need(req.code, req.label, covered, show))
    return list(out.values())


def first_day(today: date) -> date:
    return today + timedelta(days=1)


def last_day(today: date) -> date:
    return today + timedelta(days=BOOK_AHEAD_DAYS)


def preferred(slots: Sequence[Slot], today: date) -> list[PreferredDate]:
    """Two or three distinct dates from tomorrow on, each with its window."""
    days = [s.day for s in slots if s.day is not None]
    if len(days) < PREFERRED_MIN:
        raise FormInvalid({"preferred": "visits.error.dates_few"})
    if len(set(days)) != len(days):
        raise FormInvalid({"preferred": "visits.error.dates_same"})
    if any(d < first_day(today) or d > last_day(today) for d in days):
        raise FormInvalid({"preferred": "visits.error.dates_range"})
    chosen = [s for s in slots if s.day is not None][:PREFERRED_MAX]
    return [PreferredDate(date=s.day, window=s.window) for s in chosen if s.day]


def _text(value: str) -> str | None:
    return value.strip() or None


def location(form: VisitForm) -> VisitLocationIn:
    p = form.position
    return VisitLocationIn(
        district_code=form.district_code,
        village=_text(form.village),
        street=_text(form.street),
        landmark=_text(form.landmark),
        latitude=p.latitude if p else None,
        longitude=p.longitude if p else None,
        accuracy_m=p.accuracy_m if p else None,
    )


def local_errors(form: VisitForm, old_enough: Elderly) -> dict[str, str]:
    """What is missing or wrong before anything can be sent (field → catalog key)."""
    errors: dict[str, str] = {}
    if not form.services:
        errors["services"] = "visits.error.services"
    if form.reason is None:
        errors["reason"] = "visits.error.reason"
    elif form.reason is VisitReason.ELDERLY and not old_enough.eligible:
        errors["reason"] = "visits.error.elderly"
    if form.reason is VisitReason.OTHER and not form.reason_note.strip():
        errors["reason_note"] = REQUIRED_KEY
    if len(form.district_code) != 6:
        errors["district_code"] = "visits.error.district"
    if not form.contact_phone.strip():
        errors["contact_phone"] = REQUIRED_KEY
    return errors


def to_request(form: VisitForm, old_enough: Elderly, today: date) -> VisitRequestIn:
    """The request to send, or FormInvalid naming every field to fix."""
    errors = local_errors(form, old_enough)
    try:
        dates = preferred(form.slots, today)
    except FormInvalid as exc:
        errors |= exc.fields
    if errors:
        raise FormInvalid(errors)
    try:
        return VisitRequestIn(
            family_member_id=form.member_id,
            service_codes=list(form.services),
            reason=form.reason,
            reason_note=_text(form.reason_note),
            document_ids=list(form.document_ids),
            location=location(form),
            preferred=dates,
            contact_phone=form.contact_phone.strip(),
            notes=_text(form.notes),
        )
    except ValidationError as exc:
        raise FormInvalid(_fields(exc)) from None


def _fields(exc: ValidationError) -> dict[str, str]:
    out: dict[str, str] = {}
    for err in exc.errors():
        names = [str(p) for p in err["loc"] if isinstance(p, str)]
        name = "contact_phone" if "contact_phone" in names else (names[-1] if names else "")
        key = "field.phone_format" if name == "contact_phone" else INVALID
        out.setdefault(name, key)
    return out


def with_texts(form: VisitForm, values: Mapping[str, str]) -> VisitForm:
    """Text fields (names of VisitForm's str fields) set at once."""
    return replace(form, **cast("dict[str, Any]", dict(values)))


def with_slot(form: VisitForm, index: int, slot: Slot) -> VisitForm:
    slots = list(form.slots)
    if 0 <= index < len(slots):
        slots[index] = slot
    return replace(form, slots=tuple(slots))
