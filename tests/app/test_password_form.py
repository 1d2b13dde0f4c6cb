"""Tests: the change-password form and the family edit patch (state layer, no network)."""

from datetime import date

import pytest

from app.state.forms import REQUIRED_KEY, FormInvalid
from app.state.password import MISMATCH_KEY, UNCHANGED_KEY, PasswordForm, to_password_change
from app.state.profile import FamilyForm, family_form, to_family_patch
from contracts.profile import FamilyMember, Relationship


def _errors(form: PasswordForm) -> dict[str, str]:
    with pytest.raises(FormInvalid) as caught:
        to_password_change(form)
    return caught.value.fields


def test_password_form_rules() -> None:
    assert _errors(PasswordForm()) == {
        "current_password": REQUIRED_KEY,
        "new_password": REQUIRED_KEY,
        "repeat_password": REQUIRED_KEY,
    }
    assert _errors(PasswordForm("lama12345", "baru12345", "beda12345")) == {
        "repeat_password": MISMATCH_KEY
    }
    assert _errors(PasswordForm("lama12345", "lama12345", "lama12345")) == {
        "new_password": UNCHANGED_KEY
    }
    assert _errors(PasswordForm("lama12345", "12345678", "12345678")) == {
        "new_password": "field.password_weak"
    }
    request = to_password_change(PasswordForm("lama12345", "baru12345", "baru12345"))
    assert request.current_password == "lama12345" and request.new_password == "baru12345"


def test_family_edit_sends_the_nik_only_when_typed() -> None:
    member = FamilyMember(
        id="m1",
        full_name="Sumarni",
        nik="3579********0002",
        birth_date=date(1950, 8, 17),
        relationship=Relationship.PARENT,
        note="Kursi roda",
    )
    form = family_form(member)
    assert form.nik == "" and form.birth_date == "17-08-1950"
    kept = to_family_patch(form).model_dump(exclude_unset=True)
    assert "nik" not in kept and kept["note"] == "Kursi roda"
    typed = FamilyForm(**(vars(form) | {"nik": "3579015708500002", "note": ""}))
    sent = to_family_patch(typed).model_dump(exclude_unset=True)
    assert sent["nik"] == "3579015708500002" and sent["note"] is None  # a blank note clears
