"""Views layer: "Profil Saya": the citizen's data, verification badge, edit and save."""

import contextlib
from collections.abc import Callable
from typing import Any

import flet as ft

from app.components.buttons import icon_button, primary_button, secondary_button
from app.components.context import Translate, use_deps, use_t
from app.components.feedback import busy_indicator, message_banner
from app.components.fields import text_input
from app.components.layout import heading, screen
from app.components.navigation import go_to
from app.components.style import BODY_SIZE
from app.services.errors import ApiError, AuthExpiredError, PreconditionFailed
from app.services.profile_api import (
    get_profile,
    newest_wallet_photo,
    photo_thumbnail,
    update_profile,
)
from app.state.forms import FormInvalid, format_birth_date
from app.state.profile import (
    ProfileForm,
    changed_fields,
    keep_edits,
    profile_form,
    to_profile_update,
)
from app.views.profile._parts import (
    date_picker,
    form_errors,
    picked_date,
    read_only,
    region_pickers,
    verification_badge,
)
from contracts.profile import Profile

Handler = Callable[..., Any]
Err = Callable[[str], str | None]
OnChange = Callable[[str], Handler]


def identity_section(
    t: Translate, profile: Profile, form: ProfileForm, change: OnChange, err: Err
) -> list[ft.Control]:
    """NIK (masked; correctable only while unverified) and sex (derived from the NIK)."""
    controls: list[ft.Control] = [verification_badge(t, profile)]
    locked_note = t("profile.nik_locked") if profile.nik_locked else None
    controls.append(
        read_only("profile-nik-masked", t("profile.nik"), profile.nik_masked, locked_note)
    )
    if not profile.nik_locked:
        controls.append(
            text_input(
                "profile-nik",
                t("profile.nik_fix"),
                form.nik,
                change("nik"),
                error=err("nik"),
                hint=t("profile.nik_fix_hint"),
                keyboard=ft.KeyboardType.NUMBER,
                max_length=16,
            )
        )
    sex = t(f"sex.{profile.sex.value}") if profile.sex else "-"
    controls.append(read_only("profile-sex", t("register.sex"), sex, t("profile.sex_note")))
    return controls


def person_fields(
    t: Translate, form: ProfileForm, change: OnChange, err: Err, on_pick: Handler
) -> list[ft.Control]:
    return [
        text_input(
            "profile-full-name",
            t("register.full_name"),
            form.full_name,
            change("full_name"),
            error=err("full_name"),
            hint=t("register.full_name_hint"),
            keyboard=ft.KeyboardType.NAME,
        ),
        text_input(
            "profile-birth-place",
            t("profile.birth_place"),
            form.birth_place,
            change("birth_place"),
            error=err("birth_place"),
        ),
        text_input(
            "profile-birth-date",
            t("register.birth_date"),
            form.birth_date,
            change("birth_date"),
            error=err("birth_date"),
            hint=t("register.birth_date_hint"),
            keyboard=ft.KeyboardType.DATETIME,
            suffix=icon_button(
                "profile-birth-date-picker",
                ft.Icons.CALENDAR_MONTH,
                t("register.pick_date"),
                on_pick,
            ),
        ),
    ]


def address_fields(
    t: Translate, form: ProfileForm, change: OnChange, err: Err, select: OnChange
) -> list[ft.Control]:
    def short(identifier: str, name: str, label: str, length: int) -> ft.Control:
        field = text_input(
            identifier,
            label,
            getattr(form, name),
            change(name),
            error=err(name),
            keyboard=ft.KeyboardType.NUMBER,
            max_length=length,
        )
        return ft.Container(content=field, expand=True)

    values = (form.province_code, form.regency_code, form.district_code)
    return [
        heading(t("profile.address"), size=20),
        *region_pickers(t, values, select, err),
        text_input(
            "profile-village",
            t("profile.village"),
            form.village,
            change("village"),
            error=err("village"),
        ),
        ft.Row(
            [
                short("profile-rt", "rt", t("profile.rt"), 3),
                short("profile-rw", "rw", t("profile.rw"), 3),
            ],
            spacing=12,
            vertical_alignment=ft.CrossAxisAlignment.START,
        ),
        text_input(
            "profile-postcode",
            t("profile.postcode"),
            form.postcode,
            change("postcode"),
            error=err("postcode"),
            keyboard=ft.KeyboardType.NUMBER,
            max_length=5,
        ),
    ]


def contact_fields(t: Translate, form: ProfileForm, change: OnChange, err: Err) -> list[ft.Control]:
    return [
        heading(t("profile.contact"), size=20),
        text_input(
            "profile-phone",
            t("register.phone"),
            form.phone,
            change("phone"),
            error=err("phone"),
            hint=t("register.phone_hint"),
            keyboard=ft.KeyboardType.PHONE,
        ),
        text_input(
            "profile-email",
            t("profile.email"),
            form.email,
            change("email"),
            error=err("email"),
            keyboard=ft.KeyboardType.EMAIL,
        ),
        text_input(
            "profile-kk-number",
            t("profile.kk_number"),
            form.kk_number,
            change("kk_number"),
            error=err("kk_number"),
            hint=t("profile.kk_hint"),
            keyboard=ft.KeyboardType.NUMBER,
            max_length=16,
        ),
        text_input(
            "profile-occupation",
            t("profile.occupation"),
            form.occupation,
            change("occupation"),
            error=err("occupation"),
        ),
    ]


def photo_section(
    t: Translate, thumbnail: bytes | None, has_photo: bool, on_wallet: Handler, on_clear: Handler
) -> list[ft.Control]:
    """The optional photo: a wallet document of type "photo" (uploaded under Dokumen)."""
    shown: ft.Control
    if thumbnail:
        shown = ft.Image(
            src=thumbnail,
            width=120,
            height=120,
            fit=ft.BoxFit.COVER,
            border_radius=12,
            semantics_label=t("profile.photo"),
        )
    else:
        shown = ft.Text(
            t("profile.photo_saved") if has_photo else t("profile.no_photo"), size=BODY_SIZE
        )
    controls: list[ft.Control] = [
        heading(t("profile.photo"), size=20),
        shown,
        secondary_button(
            "profile-photo-from-wallet",
            t("profile.photo_from_wallet"),
            on_wallet,
            icon=ft.Icons.PHOTO,
        ),
    ]
    if has_photo:
        controls.append(secondary_button("profile-photo-clear", t("profile.photo_clear"), on_clear))
    return controls


def more_links(t: Translate, view_path: str) -> list[ft.Control]:
    return [
        heading(t("profile.more"), size=20),
        secondary_button(
            "profile-family",
            t("feature.family"),
            go_to("/home/family"),
            icon=ft.Icons.FAMILY_RESTROOM,
        ),
        secondary_button(
            "profile-access-log",
            t("feature.access_log"),
            go_to("/home/access-log"),
            icon=ft.Icons.VISIBILITY,
        ),
        secondary_button(
            "profile-my-data",
            t("data.title"),
            go_to(f"{view_path}/data"),
            icon=ft.Icons.SHIELD,
        ),
    ]


@ft.component
def ProfileScreen():
    deps, t = use_deps(), use_t()
    view_path = ft.use_view_path()
    no_profile: Profile | None = None
    profile, set_profile = ft.use_state(no_profile)
    saved, set_saved = ft.use_state(ProfileForm())  # the form as the server last stored it
    form, set_form = ft.use_state(ProfileForm())
    no_errors: dict[str, str] = {}
    no_banner: str | None = None
    errors, set_errors = ft.use_state(no_errors)
    banner, set_banner = ft.use_state(no_banner)
    notice, set_notice = ft.use_state(no_banner)
    busy, set_busy = ft.use_state(True)
    picking, set_picking = ft.use_state(False)
    no_thumbnail: bytes | None = None
    thumbnail, set_thumbnail = ft.use_state(no_thumbnail)

    def loaded(fresh: Profile) -> None:
        set_profile(fresh)
        set_saved(profile_form(fresh))
        set_form(profile_form(fresh))

    async def call(action: Callable[[], Any]) -> None:
        """Run one API action with progress; failures go to the banner, the form is kept."""
        set_busy(True)
        set_banner(None)
        set_notice(None)
        try:
            await action()
        except AuthExpiredError:
            return  # the API client's hook has signed out
        except (FormInvalid, ApiError) as exc:
            fields, message = form_errors(exc, t)
            set_errors(fields)
            set_banner(message)
        finally:
            set_busy(False)

    async def load() -> None:
        async def fetch() -> None:
            loaded(await get_profile(deps.auth.api))

        await call(fetch)

    async def save() -> None:
        async def send() -> None:
            assert profile is not None
            update = to_profile_update(form, nik_locked=profile.nik_locked)
            try:
                loaded(await update_profile(deps.auth.api, update, profile.version))
            except PreconditionFailed:
                await saved_elsewhere()
                return
            set_errors({})
            set_notice(t("profile.saved"))

        await call(send)

    async def saved_elsewhere() -> None:
        """Another device saved first: show its values, keep what was typed here."""
        fresh = await get_profile(deps.auth.api)
        set_profile(fresh)
        set_saved(profile_form(fresh))
        set_form(keep_edits(saved, form, profile_form(fresh)))
        set_banner(t("profile.saved_elsewhere"))

    def set_value(name: str, value: str) -> None:
        set_form(lambda f: f.with_value(name, value))
        set_errors(lambda errs: {k: v for k, v in errs.items() if k != name})
        set_notice(None)

    def change(name: str) -> Handler:
        return lambda e: set_value(name, e.control.value or "")

    def on_pick(e: ft.Event[ft.DatePicker]) -> None:
        if picked := picked_date(e):
            set_value("birth_date", format_birth_date(picked))
        set_picking(False)

    async def from_wallet() -> None:
        async def find() -> None:
            photo_id = await newest_wallet_photo(deps.auth.api)
            if photo_id is None:
                set_banner(t("profile.no_photo_in_wallet"))
            else:
                set_value("photo_document_id", photo_id)

        await call(find)

    async def show_photo() -> None:
        """Fetch the thumbnail whenever the chosen photo changes; best effort (offline: text)."""
        set_thumbnail(None)
        if form.photo_document_id:
            with contextlib.suppress(ApiError):
                set_thumbnail(await photo_thumbnail(deps.auth.api, form.photo_document_id))

    ft.use_effect(load, [])
    ft.use_effect(show_photo, [form.photo_document_id])
    ft.use_dialog(
        date_picker(
            t, t("register.birth_date"), form.birth_date, on_pick, lambda: set_picking(False)
        )
        if picking
        else None
    )
    err = errors.get
    body: list[ft.Control] = []
    if profile is not None:
        body += identity_section(t, profile, form, change, err)
        body += photo_section(
            t,
            thumbnail,
            bool(form.photo_document_id),
            from_wallet,
            lambda: set_value("photo_document_id", ""),
        )
        body += person_fields(t, form, change, err, lambda: set_picking(True))
        body += address_fields(t, form, change, err, change)
        body += contact_fields(t, form, change, err)
    if banner:
        body.append(message_banner("profile-error", banner))
    if notice:
        body.append(message_banner("profile-saved", notice, error=False))
    if busy:
        body.append(busy_indicator(t("common.please_wait") if profile else t("common.loading")))
    if profile is None and not busy:
        body.append(primary_button("profile-retry", t("common.retry"), load))
    if profile is not None:
        unsaved = bool(changed_fields(saved, form))
        body.append(
            primary_button(
                "profile-save",
                t("profile.save"),
                save,
                disabled=busy or not unsaved,
                icon=ft.Icons.SAVE,
            )
        )
        body += more_links(t, view_path)
    return screen(view_path, t("feature.profile"), body)
