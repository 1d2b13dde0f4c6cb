"""Tests: profile/family form rules and the access-log list (state layer, no UI, no network)."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from app.state.access_log import AccessLogList, local_time
from app.state.forms import FormInvalid
from app.state.profile import (
    FamilyForm,
    ProfileForm,
    keep_edits,
    local_phone,
    to_family_member,
    to_profile_update,
)
from contracts.access import AccessLogEntry, AccessLogPage, Purpose

FORM = ProfileForm(full_name="Siti Aminah", birth_date="01-01-1990", phone="081234567890")


def test_new_province_clears_regency_and_district() -> None:
    form = FORM.with_value("province_code", "35").with_value("regency_code", "3579")
    form = form.with_value("district_code", "357901")
    assert form.with_value("province_code", "35") == form  # same choice: nothing lost
    assert form.with_value("regency_code", "3507").district_code == ""
    moved = form.with_value("province_code", "32")
    assert (moved.regency_code, moved.district_code) == ("", "")


def test_blank_optional_fields_are_sent_as_null_and_locked_nik_never() -> None:
    update = to_profile_update(
        FORM.with_value("nik", "3579014101900001").with_value("rt", " "), nik_locked=True
    )
    assert "nik" not in update.model_fields_set
    assert update.rt is None and update.email is None
    unlocked = to_profile_update(FORM.with_value("nik", "3579014101900001"), nik_locked=False)
    assert unlocked.nik == "3579014101900001"


def test_profile_errors_are_catalog_keys_under_their_fields() -> None:
    form = FORM.with_value("province_code", "35").with_value("regency_code", "3579")
    form = form.with_value("district_code", "350701")  # a district of another regency
    with pytest.raises(FormInvalid) as caught:
        to_profile_update(form.with_value("birth_date", "31-02-1990"), nik_locked=False)
    assert caught.value.fields == {"birth_date": "field.birth_date_format"}
    with pytest.raises(FormInvalid) as caught:
        to_profile_update(form, nik_locked=False)
    assert caught.value.fields == {"district_code": "profile.error.region_mismatch"}
    with pytest.raises(FormInvalid) as caught:
        to_profile_update(FORM.with_value("kk_number", "9999010101090001"), nik_locked=False)
    assert caught.value.fields == {"kk_number": "profile.error.kk_district"}


def test_family_form_rules() -> None:
    with pytest.raises(FormInvalid) as caught:
        to_family_member(FamilyForm())
    assert set(caught.value.fields) == {"full_name", "birth_date", "relationship"}
    member = to_family_member(
        FamilyForm(full_name="Sumarni", birth_date="17-08-1950", relationship="parent")
    )
    assert member.nik is None and member.note is None


def test_local_phone() -> None:
    assert local_phone("+6281234567890") == "081234567890"
    assert local_phone(None) == ""


def _entry(i: int) -> AccessLogEntry:
    return AccessLogEntry(
        id=f"e{i}",
        at=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=i),
        actor_name="Budi",
        actor_role="field",
        agency_code=None,
        purpose=Purpose.IDENTITY_CHECK,
        resource="profile",
        fields=[],
    )


def test_access_log_pages_append_without_repeats() -> None:
    log = AccessLogList().with_page(AccessLogPage(entries=[_entry(3), _entry(2)], next_before="e2"))
    assert log.loaded and log.next_before == "e2"
    log = log.with_page(AccessLogPage(entries=[_entry(2), _entry(1)], next_before=None))
    assert [e.id for e in log.entries] == ["e3", "e2", "e1"] and log.next_before is None


def test_local_time_in_the_device_zone() -> None:
    wib = timezone(timedelta(hours=7), "WIB")
    at = local_time(datetime(2026, 3, 1, 20, 5, tzinfo=UTC), wib)
    assert (at.day, at.month, at.year, at.clock, at.zone) == (2, 3, 2026, "03.05", "WIB")
    assert local_time(datetime(2026, 3, 1, tzinfo=UTC), timezone(timedelta(hours=7))).zone == ""


def test_keep_edits_over_a_newer_save() -> None:
    saved = FORM
    typed = FORM.with_value("occupation", "Guru")
    fresh = FORM.with_value("village", "Sisir")  # saved on another phone meanwhile
    merged = keep_edits(saved, typed, fresh)
    assert (merged.occupation, merged.village) == ("Guru", "Sisir")
