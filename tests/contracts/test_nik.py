"""Tests: NIK and phone rules shared by app and server."""

import pytest

from contracts.enums import Sex
from contracts.nik import NikError, mask_nik, parse_nik
from contracts.phone import PhoneError, normalize_phone


def test_woman_day_plus_forty_and_region() -> None:
    info = parse_nik("3507014101900001")
    assert (info.day, info.month, info.year_two_digit, info.sex) == (1, 1, 90, Sex.FEMALE)
    assert info.regency == "Kab. Malang" and info.district == "Donomulyo"


def test_man_and_spaces_or_dots_are_tolerated() -> None:
    info = parse_nik(" 3579.01.170845.0001 ")
    assert info.nik == "3579011708450001" and info.sex is Sex.MALE and info.day == 17


def test_newer_papua_provinces_are_known() -> None:
    assert parse_nik("6501011708450001").province == "Kalimantan Utara"


@pytest.mark.parametrize(
    ("nik", "code"),
    [
        ("123", "nik_format"),
        ("35070141019000011", "nik_format"),
        ("350701410190000a", "nik_format"),
        ("３５０７０１４１０１９０００１", "nik_format"),  # full-width digits
        ("3507013201900001", "nik_date"),  # day 32
        ("3507017201900001", "nik_date"),  # woman, day 32
        ("3507013002900001", "nik_date"),  # 30 February
        ("3507010013900001", "nik_date"),  # month 13
        ("3507012902010001", "nik_date"),  # 29 Feb 1901/2001: no leap year
        ("3507010101900000", "nik_serial"),
        ("9999990101900001", "nik_district"),
    ],
)
def test_rejections(nik: str, code: str) -> None:
    with pytest.raises(NikError) as err:
        parse_nik(nik)
    assert err.value.code == code


def test_leap_day_in_either_century_is_real() -> None:
    assert parse_nik("3507012902000001").day == 29  # 2000 is a leap year


def test_mask_keeps_prefix_and_serial_only() -> None:
    assert mask_nik("3507014101900001") == "3507********0001"


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("081234567890", "+6281234567890"),
        ("+62 812-3456-7890", "+6281234567890"),
        ("628123456789", "+628123456789"),
    ],
)
def test_phone_normalised(raw: str, normal: str) -> None:
    assert normalize_phone(raw) == normal


@pytest.mark.parametrize(
    "raw", ["12345", "0212345678", "+1 555 123 4567", "08123", "08" + "1" * 14]
)
def test_phone_rejected(raw: str) -> None:
    with pytest.raises(PhoneError):
        normalize_phone(raw)
