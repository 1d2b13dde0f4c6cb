"""State layer: profile and family forms as text → contract requests (errors as catalog keys),
and `ProfileStore` for "Profil Saya"."""

import contextlib
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from app.services import profile_api
from app.services.api import ApiClient
from app.services.errors import ApiError
from app.state.form_store import FormStore
from app.state.forms import (
    BIRTH_DATE_FORMAT_KEY,
    INVALID_KEY,
    KNOWN_CODES,
    REQUIRED_KEY,
    FormInvalid,
    format_birth_date,
    parse_birth_date,
)
from app.state.store import Note
from contracts.profile import (
    FamilyMember,
    FamilyMemberIn,
    FamilyMemberPatch,
    Profile,
    ProfileUpdate,
)

# Codes raised by contracts.profile validators; each has a "profile.error.<code>" text.
PROFILE_CODES = (
    "kk_format",
    "kk_district",
    "email_format",
    "text_format",
    "region_format",
    "region_unknown",
    "region_mismatch",
    "rt_rw_format",
    "postcode_format",
)
# Model-level rules have no field of their own; show them under the field to fix.
MODEL_RULE_FIELDS = {
    "region_unknown": "district_code",
    "region_mismatch": "district_code",
    "nik_birth_date_mismatch": "birth_date",
}
REGION_FIELDS = ("province_code", "regency_code", "district_code")
M = TypeVar("M", bound=BaseModel)


def error_key(code: str) -> str:
    if code in PROFILE_CODES:
        return f"profile.error.{code}"
    return f"field.{code}" if code in KNOWN_CODES else INVALID_KEY


def _from_validation(exc: ValidationError) -> dict[str, str]:
    fields: dict[str, str] = {}
    for err in exc.errors():
        code = str(err["type"])
        loc = err["loc"]
        name = str(loc[0]) if loc else MODEL_RULE_FIELDS.get(code, "")
        fields.setdefault(name, error_key(code))
    return fields


def _optional(value: str) -> str | None:
    """Blank inputs are "not filled in" (null), not an empty string the server rejects."""
    return value.strip() or None


def _validate(model: type[M], data: dict[str, Any], errors: dict[str, str]) -> M:
    try:
        result = model.model_validate(data)
    except ValidationError as exc:
        raise FormInvalid(_from_validation(exc) | errors) from None
    if errors:
        raise FormInvalid(errors)
    return result


# ---------------------------------------------------------------- profile


@dataclass(frozen=True)
class ProfileForm:
    """What the citizen sees and types on the profile screen, as text.

    `nik` is a corrected NIK typed while the profile is unverified; blank keeps the current one.
    """

    nik: str = ""
    full_name: str = ""
    birth_place: str = ""
    birth_date: str = ""
    province_code: str = ""
    regency_code: str = ""
    district_code: str = ""
    village: str = ""
    rt: str = ""
    rw: str = ""
    postcode: str = ""
    phone: str = ""
    email: str = ""
    kk_number: str = ""
    occupation: str = ""
    photo_document_id: str = ""

    def with_value(self, name: str, value: str) -> "ProfileForm":
        """Set one field; a new province clears regency and district, a new regency the
        district (their old choices belong to another area)."""
        changes = {name: value}
        if name == "province_code" and value != self.province_code:
            changes |= {"regency_code": "", "district_code": ""}
        elif name == "regency_code" and value != self.regency_code:
            changes |= {"district_code": ""}
        return replace(self, **changes)


def local_phone(phone: str | None) -> str:
    """+6281234567890 → 081234567890: how people write their number (the server accepts both)."""
    if phone and phone.startswith("+62"):
        return "0" + phone.removeprefix("+62")
    return phone or ""


def profile_form(profile: Profile) -> ProfileForm:
    """The form as the server last saved it."""

    def text(value: str | None) -> str:
        return value or ""

    return ProfileForm(
        full_name=profile.full_name,
        birth_place=text(profile.birth_place),
        birth_date=format_birth_date(profile.birth_date) if profile.birth_date else "",
        province_code=text(profile.province_code),
        regency_code=text(profile.regency_code),
        district_code=text(profile.district_code),
        village=text(profile.village),
        rt=text(profile.rt),
        rw=text(profile.rw),
        postcode=text(profile.postcode),
        phone=local_phone(profile.phone),
        email=text(profile.email),
        kk_number=text(profile.kk_number),
        occupation=text(profile.occupation),
        photo_document_id=text(profile.photo_document_id),
    )


def changed_fields(saved: ProfileForm, form: ProfileForm) -> set[str]:
    return {name for name, value in vars(form).items() if vars(saved)[name] != value}


def keep_edits(saved: ProfileForm, form: ProfileForm, fresh: ProfileForm) -> ProfileForm:
    """Another device saved meanwhile: take its values, except where the citizen typed here."""
    return replace(fresh, **{name: getattr(form, name) for name in changed_fields(saved, form)})


def to_profile_update(form: ProfileForm, *, nik_locked: bool) -> ProfileUpdate:
    """Validate locally with the shared contract; raise FormInvalid with catalog keys."""
    errors = {
        name: REQUIRED_KEY
        for name in ("full_name", "birth_date", "phone")
        if not getattr(form, name).strip()
    }
    birth = parse_birth_date(form.birth_date) if form.birth_date.strip() else None
    if form.birth_date.strip() and birth is None:
        errors["birth_date"] = BIRTH_DATE_FORMAT_KEY
    data: dict[str, Any] = {
        name: _optional(getattr(form, name))
        for name in (
            "birth_place",
            *REGION_FIELDS,
            "village",
            "rt",
            "rw",
            "postcode",
            "email",
            "kk_number",
            "occupation",
            "photo_document_id",
        )
    }
    data |= {"full_name": form.full_name, "birth_date": birth, "phone": form.phone}
    if form.nik.strip() and not nik_locked:  # a verified NIK is never sent
        data["nik"] = form.nik
    return _validate(ProfileUpdate, data, errors)


# ---------------------------------------------------------------- family


@dataclass(frozen=True)
class FamilyForm:
    """A new family member as typed; the NIK is optional."""

    full_name: str = ""
    nik: str = ""
    birth_date: str = ""
    relationship: str = ""
    note: str = ""


def to_family_member(form: FamilyForm) -> FamilyMemberIn:
    errors = {
        name: REQUIRED_KEY
        for name in ("full_name", "birth_date", "relationship")
        if not getattr(form, name).strip()
    }
    birth = parse_birth_date(form.birth_date) if form.birth_date.strip() else None
    if form.birth_date.strip() and birth is None:
        errors["birth_date"] = BIRTH_DATE_FORMAT_KEY
    data: dict[str, Any] = {
        "full_name": form.full_name,
        "nik": _optional(form.nik),
        "birth_date": birth,
        "relationship": form.relationship or None,
        "note": _optional(form.note),
    }
    return _validate(FamilyMemberIn, data, errors)


def family_form(member: FamilyMember) -> FamilyForm:
    """The edit form for a saved member. The NIK stays blank: the list only has it masked,
    and blank means "keep the saved one"."""
    return FamilyForm(
        full_name=member.full_name,
        birth_date=format_birth_date(member.birth_date),
        relationship=member.relationship.value,
        note=member.note or "",
    )


def to_family_patch(form: FamilyForm) -> FamilyMemberPatch:
    """Every shown field is sent (a blank note clears it); the NIK only when typed."""
    member = to_family_member(form)
    fields = {"full_name", "birth_date", "relationship", "note"} | (
        {"nik"} if member.nik else set()
    )
    return FamilyMemberPatch.model_validate(member.model_dump(include=fields))


# ---------------------------------------------------------------- the store

SAVED_ELSEWHERE_KEY = "profile.saved_elsewhere"
NO_PHOTO_KEY = "profile.no_photo_in_wallet"
# Server rules that arrive without a field name (409s, model-level 422s), beside their field.
RULE_FIELDS = {
    "nik_birth_date_mismatch": "birth_date",
    "nik_taken": "nik",
    "nik_locked": "nik",
}


class ProfileStore(FormStore):
    """ "Profil Saya": the profile as the server last sent it, the form being edited and the
    photo's thumbnail; one per app session, personal (`forget` runs at sign-out).

    Saving sends the version that was read (If-Match); when another device saved first
    (412) the store reloads, keeps what was typed here over the fresh values and says so.
    """

    code_fields = RULE_FIELDS

    def __init__(self, api: ApiClient) -> None:
        super().__init__()
        self._api = api
        self.profile: Profile | None = None
        self.saved = ProfileForm()  # the form as the server last stored it
        self.form = ProfileForm()
        self.thumbnail: bytes | None = None

    @property
    def unsaved(self) -> bool:
        return bool(changed_fields(self.saved, self.form))

    async def load(self) -> None:
        """A fresh form each time the screen opens."""
        self.clear()

        async def fetch() -> None:
            self._loaded(await profile_api.get_profile(self._api))

        await self.run(fetch)

    def edit(self, name: str, value: str) -> None:
        self.form = self.form.with_value(name, value)
        self.typed(name)
        self.notice = None

    async def save(self) -> bool:
        async def send() -> None:
            assert self.profile is not None
            update = to_profile_update(self.form, nik_locked=self.profile.nik_locked)
            version = self.profile.version
            self._loaded(await profile_api.update_profile(self._api, update, version))
            self.tell(Note("profile.saved"))

        ok = await self.submit(send)
        if self.changed:  # reloaded: the more precise word — what was typed is still here
            self.problem = Note(SAVED_ELSEWHERE_KEY)
        return ok

    async def reload(self) -> None:
        """Another device saved meanwhile: its values, except where the citizen typed here."""
        fresh = await profile_api.get_profile(self._api)
        self.form = keep_edits(self.saved, self.form, profile_form(fresh))
        self.profile, self.saved = fresh, profile_form(fresh)

    async def photo_from_wallet(self) -> None:
        """The newest "photo" document of the wallet becomes the profile photo (unsaved)."""

        async def find() -> None:
            photo_id = await profile_api.newest_wallet_photo(self._api)
            if photo_id is None:
                self.fail(Note(NO_PHOTO_KEY))
            else:
                self.edit("photo_document_id", photo_id)

        await self.run(find)

    async def show_photo(self) -> None:
        """The chosen photo's thumbnail; best effort (offline: the screen says it in words)."""
        self.thumbnail = None
        if photo_id := self.form.photo_document_id:
            with contextlib.suppress(ApiError):
                self.thumbnail = await profile_api.photo_thumbnail(self._api, photo_id)

    async def forget(self) -> None:
        await super().forget()
        self.profile, self.thumbnail = None, None
        self.saved = self.form = ProfileForm()

    def _loaded(self, fresh: Profile) -> None:
        self.profile, self.saved, self.form = fresh, profile_form(fresh), profile_form(fresh)
