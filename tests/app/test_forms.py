"""Form state: typed text → contract requests, with errors as catalog keys."""

from datetime import date

import pytest

from app.state.forms import (
    BIRTH_DATE_FORMAT_KEY,
    REQUIRED_KEY,
    FormInvalid,
    RegisterForm,
    check_login,
    format_birth_date,
    parse_birth_date,
    to_register_request,
)
from contracts.enums import Sex

VALID = RegisterForm(
    nik="3507014101900001",  # women: day + 40 → 01-01-1990
    full_name="Siti Aminah",
    birth_date="01-01-1990",
    sex="female",
    phone="0812 3456 7890",
    password="rahasia123",
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("17-08-1980", date(1980, 8, 17)),
        ("17/08/1980", date(1980, 8, 17)),
        ("7.8.1980", date(1980, 8, 7)),
        (" 17 - 08 - 1980 ", date(1980, 8, 17)),
        ("1980-08-17", date(1980, 8, 17)),
        ("31-02-1980", None),
        ("17-08-80", None),
        ("kemarin", None),
        ("", None),
    ],
)
def test_parse_birth_date(text, expected):
    assert parse_birth_date(text) == expected


def test_format_birth_date_round_trips():
    assert format_birth_date(date(1980, 8, 7)) == "07-08-1980"
    assert parse_birth_date(format_birth_date(date(1980, 8, 7))) == date(1980, 8, 7)


def test_a_valid_form_becomes_a_register_request():
    request = to_register_request(VALID)
    assert request.birth_date == date(1990, 1, 1)
    assert request.sex is Sex.FEMALE
    assert request.phone == "+6281234567890"


def test_every_empty_field_is_required():
    with pytest.raises(FormInvalid) as caught:
        to_register_request(RegisterForm())
    assert caught.value.fields == dict.fromkeys(
        ["nik", "full_name", "birth_date", "sex", "phone", "password"], REQUIRED_KEY
    )


def test_an_unreadable_birth_date_is_reported_with_the_expected_format():
    with pytest.raises(FormInvalid) as caught:
        to_register_request(RegisterForm(**{**VALID.__dict__, "birth_date": "1 Jan 1990"}))
    assert caught.value.fields == {"birth_date": BIRTH_DATE_FORMAT_KEY}


@pytest.mark.parametrize(
    ("change", "field", "key"),
    [
        ({"nik": "12345"}, "nik", "field.nik_format"),
        ({"phone": "12345"}, "phone", "field.phone_format"),
        ({"password": "12345678"}, "password", "field.password_weak"),
        ({"password": "abc1"}, "password", "field.password_short"),
        ({"full_name": "R2D2"}, "full_name", "field.name_format"),
        ({"birth_date": "02-01-1990"}, "birth_date", "field.nik_birth_date_mismatch"),
        ({"sex": "male"}, "sex", "field.nik_sex_mismatch"),
    ],
)
def test_contract_rules_come_back_as_field_keys(change, field, key):
    with pytest.raises(FormInvalid) as caught:
        to_register_request(RegisterForm(**{**VALID.__dict__, **change}))
    assert caught.value.fields == {field: key}


def test_login_needs_both_fields():
    check_login("3507014101900001", "x")
    with pytest.raises(FormInvalid) as caught:
        check_login("  ", "")
    assert caught.value.fields == {"login": REQUIRED_KEY, "password": REQUIRED_KEY}
