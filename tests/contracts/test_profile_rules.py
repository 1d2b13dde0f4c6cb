"""Tests: region pickers agree with the profile's region rule; field rules give our codes."""

import pytest
from pydantic import ValidationError

from contracts.profile import (
    PURPOSE_FIELDS,
    ROLE_PURPOSES,
    ProfileUpdate,
    check_region,
    districts,
    provinces,
    regencies,
)

BASE = {"full_name": "Siti Aminah", "birth_date": "1990-01-01", "phone": "081234567890"}


def test_every_picked_region_passes_the_rule() -> None:
    assert len(provinces()) == 38
    for province in provinces()[:5]:
        for regency in regencies(province.code)[:3]:
            for district in districts(regency.code)[:3]:
                check_region(province.code, regency.code, district.code)
    assert regencies("99") == [] and districts("3599") == []


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"district_code": "357901"}, "region_mismatch"),  # no regency
        ({"province_code": "35", "regency_code": "3379"}, "region_mismatch"),
        ({"province_code": "99"}, "region_unknown"),
        ({"rw": "1a"}, "rt_rw_format"),
        ({"kk_number": "35790101010900"}, "kk_format"),
        ({"email": "siti@localhost"}, "email_format"),
        ({"village": "\x00"}, "text_format"),
        ({"nik": "3579014101900001", "birth_date": "1990-01-02"}, "nik_birth_date_mismatch"),
    ],
)
def test_field_rules_report_their_codes(fields: dict[str, str], code: str) -> None:
    with pytest.raises(ValidationError) as err:
        ProfileUpdate.model_validate(BASE | fields)
    assert code in {e["type"] for e in err.value.errors()}


def test_every_purpose_has_fields_and_admins_read_nothing() -> None:
    assert all(PURPOSE_FIELDS.values())
    assert not ROLE_PURPOSES[next(iter(r for r in ROLE_PURPOSES if r.value == "admin"))]
