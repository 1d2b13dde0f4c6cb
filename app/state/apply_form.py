"""State layer: the apply form — pre-fill from the profile, a family member and the wallet,
the citizen's edits, and the check before sending (contracts.forms); no controls, no I/O."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from app.services.regions import name_of
from app.state.forms import format_birth_date, parse_birth_date
from app.state.profile import local_phone
from contracts.applications import ApplicationIn, AttachmentIn
from contracts.catalog import FieldType, FormField, PrefillSource, PublicService, RequirementKind
from contracts.documents import DocumentOut
from contracts.enums import Sex
from contracts.forms import AnswersInvalid, clean_answers
from contracts.profile import FamilyMember, Profile

Value = str | bool
# A family member has only these; the rest (address, phone…) stays the citizen's own.
MEMBER_SOURCES = frozenset(
    {PrefillSource.FULL_NAME, PrefillSource.NIK, PrefillSource.BIRTH_DATE, PrefillSource.SEX}
)
_SEX_KEYS = {
    Sex.MALE: ("male", "laki-laki", "l", "pria"),
    Sex.FEMALE: ("female", "perempuan", "p", "wanita"),
}


def address_line(profile: Profile) -> str | None:
    """ "Desa Sisir, RT 001/RW 002, Kec. Batu, Kota Batu, Jawa Timur, 65314" (known parts)."""
    rt_rw = f"RT {profile.rt}/RW {profile.rw}" if profile.rt and profile.rw else None
    district = name_of(profile.district_code)
    parts = [
        profile.village,
        rt_rw,
        f"Kec. {district.title()}" if district else None,
        (name_of(profile.regency_code) or "").title() or None,
        (name_of(profile.province_code) or "").title() or None,
        profile.postcode,
    ]
    line = ", ".join(p for p in parts if p)
    return line or None


def _full_nik(nik: str | None) -> str | None:
    """The NIK as the field shows it. The API only ever shows the app a masked one
    (3579********0001): such a field is sent empty and marked pre-filled, and the server
    fills in the NIK it holds (see `held_by_server`)."""
    return nik if nik and len(nik) == 16 else None


def held_by_server(service: PublicService, form: "ApplyForm") -> frozenset[str]:
    """Untouched NIK fields showing the masked NIK: the server fills them."""
    return frozenset(
        f.code
        for f in service.form.fields
        if f.prefill is PrefillSource.NIK
        and f.code in form.prefilled
        and "*" in str(form.values.get(f.code, ""))
    )


def profile_values(profile: Profile) -> dict[PrefillSource, Any]:
    birth = profile.birth_date
    values: dict[PrefillSource, Any] = {
        PrefillSource.FULL_NAME: profile.full_name,
        PrefillSource.NIK: _full_nik(profile.nik_masked),
        PrefillSource.BIRTH_PLACE: profile.birth_place,
        PrefillSource.BIRTH_DATE: birth,
        PrefillSource.SEX: profile.sex,
        PrefillSource.ADDRESS: address_line(profile),
        PrefillSource.VILLAGE: profile.village,
        PrefillSource.POSTCODE: profile.postcode,
        PrefillSource.PHONE: local_phone(profile.phone) or None,
        PrefillSource.EMAIL: profile.email,
        PrefillSource.KK_NUMBER: profile.kk_number,
        PrefillSource.OCCUPATION: profile.occupation,
    }
    return {k: v for k, v in values.items() if v}


def member_values(member: FamilyMember) -> dict[PrefillSource, Any]:
    values = {
        PrefillSource.FULL_NAME: member.full_name,
        PrefillSource.NIK: _full_nik(member.nik),
        PrefillSource.BIRTH_DATE: member.birth_date,
    }
    return {k: v for k, v in values.items() if v}


def subject_values(
    profile: Profile | None, member: FamilyMember | None
) -> dict[PrefillSource, Any]:
    """What can fill fields: the citizen's profile, with the member's own data instead of
    the citizen's name/NIK/birth date/sex when applying for a family member."""
    own = profile_values(profile) if profile else {}
    if member is None:
        return own
    kept = {k: v for k, v in own.items() if k not in MEMBER_SOURCES}
    return kept | member_values(member)


def field_value(form_field: FormField, raw: Any) -> Value | None:
    """A profile value as the field's input shows it; None when it does not fit the field."""
    if isinstance(raw, date):
        return format_birth_date(raw) if form_field.type is FieldType.DATE else raw.isoformat()
    if isinstance(raw, Sex):
        keys = {o.key for o in form_field.options}
        return next((k for k in _SEX_KEYS[raw] if k in keys), None)
    if form_field.type is FieldType.SELECT:
        return raw if raw in {o.key for o in form_field.options} else None
    return None if form_field.type is FieldType.CHECKBOX else str(raw)


def prefill(fields: Iterable[FormField], values: Mapping[PrefillSource, Any]) -> dict[str, Value]:
    out: dict[str, Value] = {}
    for f in fields:
        raw = values.get(f.prefill) if f.prefill else None
        shown = field_value(f, raw) if raw is not None else None
        if shown is not None:
            out[f.code] = shown
    return out


def current_documents(wallet: Iterable[DocumentOut]) -> list[DocumentOut]:
    return sorted(
        (d for d in wallet if d.superseded_at is None), key=lambda d: d.created_at, reverse=True
    )


def auto_attachments(service: PublicService, wallet: Iterable[DocumentOut]) -> dict[str, str]:
    """Each document requirement gets the citizen's current wallet document of its type."""
    docs = current_documents(wallet)
    chosen: dict[str, str] = {}
    for req in service.requirements:
        if req.kind is RequirementKind.DOCUMENT:
            doc = next((d for d in docs if d.type is req.document_type), None)
            if doc is not None:
                chosen[req.code] = doc.id
    return chosen


def _is_empty(value: Any) -> bool:
    return value is None or value is False or (isinstance(value, str) and not value.strip())


@dataclass(frozen=True)
class ApplyForm:
    """What the screen shows. `prefilled`/`auto_attached`: codes whose value came from the
    profile or wallet and is still untouched ("sudah kami isi")."""

    values: Mapping[str, Value] = field(default_factory=dict)
    prefilled: frozenset[str] = frozenset()
    attachments: Mapping[str, str] = field(default_factory=dict)
    auto_attached: frozenset[str] = frozenset()
    member_id: str | None = None
    order: tuple[str, ...] = ()  # fields to type first, fixed when the screen opened

    def with_value(self, code: str, value: Value) -> "ApplyForm":
        return replace(self, values={**self.values, code: value}, prefilled=self.prefilled - {code})

    def with_attachment(self, requirement: str, document_id: str | None) -> "ApplyForm":
        attachments = {k: v for k, v in self.attachments.items() if k != requirement}
        if document_id:
            attachments[requirement] = document_id
        return replace(
            self, attachments=attachments, auto_attached=self.auto_attached - {requirement}
        )

    def typed(self) -> dict[str, Value]:
        """What the citizen typed (not pre-filled): what a draft keeps."""
        return {k: v for k, v in self.values.items() if k not in self.prefilled}


def field_order(service: PublicService, values: Mapping[str, Value]) -> tuple[str, ...]:
    """Empty required fields first, then other empty ones, then what is already filled."""

    def rank(f: FormField) -> int:
        if not _is_empty(values.get(f.code)):
            return 2
        return 0 if f.required else 1

    return tuple(f.code for f in sorted(service.form.fields, key=rank))


def refill(
    service: PublicService,
    form: ApplyForm,
    values: Mapping[PrefillSource, Any],
    member_id: str | None,
) -> ApplyForm:
    """Another subject: pre-filled values are replaced; what the citizen typed stays."""
    typed = form.typed()
    filled = {k: v for k, v in prefill(service.form.fields, values).items() if k not in typed}
    return replace(
        form,
        values={**filled, **typed},
        prefilled=frozenset(filled),
        member_id=member_id,
    )


def start_form(
    service: PublicService,
    values: Mapping[PrefillSource, Any],
    wallet: Iterable[DocumentOut],
    *,
    typed: Mapping[str, Value] | None = None,
    attachments: Mapping[str, str] | None = None,
    member_id: str | None = None,
) -> ApplyForm:
    """Pre-filled from profile and wallet, with a draft's typed values and picks on top."""
    codes = {f.code for f in service.form.fields}
    kept = {k: v for k, v in (typed or {}).items() if k in codes}
    auto = auto_attachments(service, wallet)
    picked = {**auto, **(attachments or {})}
    form = refill(service, ApplyForm(values=kept), values, member_id)
    form = replace(
        form,
        attachments=picked,
        auto_attached=frozenset(k for k in auto if picked[k] == auto[k]),
    )
    return replace(form, order=field_order(service, form.values))


class ApplyInvalid(Exception):
    """`fields` maps a field or requirement code to a catalog key."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__(", ".join(sorted(fields)))
        self.fields = fields


def error_key(code: str) -> str:
    return f"applications.error.{code}"


def _answers(service: PublicService, form: ApplyForm) -> dict[str, Any]:
    out: dict[str, Any] = {}
    held = held_by_server(service, form)
    for f in service.form.fields:
        value = form.values.get(f.code)
        if _is_empty(value) or f.code in held:
            continue
        if f.type is FieldType.DATE and isinstance(value, str):
            parsed = parse_birth_date(value)
            value = parsed.isoformat() if parsed else value
        out[f.code] = value
    return out


def missing_attachments(service: PublicService, form: ApplyForm) -> dict[str, str]:
    return {
        r.code: error_key("attachment_required")
        for r in service.requirements
        if r.is_attachment and r.required and not form.attachments.get(r.code)
    }


def checked_answers(service: PublicService, form: ApplyForm) -> dict[str, Any]:
    """The cleaned answers; ApplyInvalid with every field's error (answers and attachments)."""
    errors = missing_attachments(service, form)
    cleaned: dict[str, Any] = {}
    held = held_by_server(service, form)
    try:
        cleaned = clean_answers(service.form, _answers(service, form), skip=held)
    except AnswersInvalid as exc:
        errors |= {code: error_key(err) for code, err in exc.errors.items()}
    if errors:
        raise ApplyInvalid(errors)
    return cleaned


def attachment_list(form: ApplyForm) -> list[AttachmentIn]:
    return [AttachmentIn(requirement=k, document_id=v) for k, v in form.attachments.items()]


def to_application_in(service: PublicService, form: ApplyForm) -> ApplicationIn:
    answers = checked_answers(service, form)
    return ApplicationIn(
        service_code=service.code,
        form_version=service.form_version,
        family_member_id=form.member_id,
        answers=answers,
        attachments=attachment_list(form),
        prefilled=sorted(form.prefilled & (set(answers) | held_by_server(service, form))),
    )


def shown_value(form_field: FormField, answer: Any) -> Value:
    """A filed answer as its input shows it again (the fix flow, a refused outbox entry)."""
    if isinstance(answer, bool):
        return answer
    if form_field.type is FieldType.DATE and isinstance(answer, str):
        parsed = parse_birth_date(answer)
        return format_birth_date(parsed) if parsed else answer
    return str(answer)


def shown_values(service: PublicService, answers: Mapping[str, Any]) -> dict[str, Value]:
    return {
        f.code: shown_value(f, answers[f.code])
        for f in service.form.fields
        if answers.get(f.code) is not None
    }


def edit_form(
    service: PublicService, answers: Mapping[str, Any], attachments: Mapping[str, str]
) -> ApplyForm:
    """The form of a filed application, to fix what the officer asked for."""
    values = shown_values(service, answers)
    return ApplyForm(
        values=values,
        attachments=dict(attachments),
        order=tuple(f.code for f in service.form.fields),
    )
