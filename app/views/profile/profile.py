"""Views layer: "Profil Saya": the citizen's data, verification badge, edit and save."""

from collections.abc import Callable
from functools import partial
from typing import Any

import flet as ft

from app.components.birth_date import birth_date_picker, picked_date
from app.components.buttons import icon_button, primary_button, secondary_button
from app.components.context import Translate, use_deps, use_t
from app.components.fields import text_input
from app.components.forms import FieldError, errors_of
from app.components.layout import heading, screen
from app.components.navigation import go_to
from app.components.region_pickers import region_pickers
from app.components.store_status import status_rows, use_store
from app.components.style import BODY_SIZE
from app.state.forms import format_birth_date
from app.state.profile import ProfileForm, ProfileStore
from app.views.profile._parts import read_only, verification_badge
from contracts.profile import Profile

Handler = Callable[..., Any]
Err = FieldError
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


def form_rows(
    t: Translate, store: ProfileStore, change: OnChange, on_date: Handler
) -> list[ft.Control]:
    """Every section of the loaded profile, with the errors beside their fields."""
    profile, form, err = store.profile, store.form, errors_of(t, store)
    assert profile is not None
    has_photo = bool(form.photo_document_id)
    clear_photo = partial(store.edit, "photo_document_id", "")
    return [
        *identity_section(t, profile, form, change, err),
        *photo_section(t, store.thumbnail, has_photo, store.photo_from_wallet, clear_photo),
        *person_fields(t, form, change, err, on_date),
        *address_fields(t, form, change, err, change),
        *contact_fields(t, form, change, err),
    ]


def save_rows(t: Translate, store: ProfileStore, view_path: str) -> list[ft.Control]:
    """ "Simpan" (only when something changed), then the links to the other profile screens."""
    disabled = store.busy or not store.unsaved
    save = primary_button(
        "profile-save", t("profile.save"), store.save, disabled=disabled, icon=ft.Icons.SAVE
    )
    return [save, *more_links(t, view_path)]


def status(t: Translate, store: ProfileStore) -> list[ft.Control]:
    loaded = store.profile is not None
    busy_key = "common.please_wait" if loaded else "common.loading"
    retry = None if loaded else store.load
    return status_rows(
        t, store, "profile", busy_key=busy_key, retry=retry, notice_id="profile-saved"
    )


@ft.component
def ProfileScreen():
    deps, t = use_deps(), use_t()
    store = use_store(deps.profile)
    view_path = ft.use_view_path()
    picking, set_picking = ft.use_state(False)  # the calendar is open
    ft.use_effect(store.load, [])
    ft.use_effect(store.show_photo, [store.form.photo_document_id])

    def change(name: str) -> Handler:
        return lambda e: store.edit(name, e.control.value or "")

    def on_pick(e: ft.Event[ft.DatePicker]) -> None:
        if picked := picked_date(e):
            store.edit("birth_date", format_birth_date(picked))
        set_picking(False)

    picker = birth_date_picker(t, store.form.birth_date, on_pick, lambda: set_picking(False))
    ft.use_dialog(picker if picking else None)
    if store.profile is None:
        return screen(view_path, t("feature.profile"), status(t, store))
    body = form_rows(t, store, change, lambda: set_picking(True))
    body += status(t, store) + save_rows(t, store, view_path)
    return screen(view_path, t("feature.profile"), body)
