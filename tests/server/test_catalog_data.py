"""Tests: the catalog data files (server/catalog/data) parse with tomllib, validate against the
contracts models, refer to each other consistently, and stay small enough to ship gzipped."""

import gzip
import json
import tomllib
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from contracts.catalog import (
    Agency,
    Channel,
    FieldType,
    FormField,
    PrefillSource,
    ServiceCenter,
    ServiceSource,
)
from contracts.forms import AnswersInvalid, clean_answers

DATA = Path(__file__).resolve().parents[2] / "server" / "catalog" / "data"
GZIP_BUDGET = 100 * 1024
# the field type a profile value belongs in (others are free text)
PREFILL_TYPES = {
    PrefillSource.NIK: {FieldType.NIK},
    PrefillSource.PHONE: {FieldType.PHONE},
    PrefillSource.EMAIL: {FieldType.EMAIL},
    PrefillSource.BIRTH_DATE: {FieldType.DATE},
    PrefillSource.SEX: {FieldType.SELECT, FieldType.TEXT},
}
TEXT_TYPES = {FieldType.TEXT, FieldType.TEXTAREA}
# what a citizen really types into each patterned field (a new pattern needs its example here)
PATTERN_EXAMPLES = {
    r"\d{16}": "3579010101900001",  # KK number
    r"\d{13}": "0001234567890",  # JKN card number / NIB
    r"\d{11}": "21012345678",  # BPJS Ketenagakerjaan KPJ
    r"\d{5}": "56103",  # KBLI
    r"\d{6,20}": "0012345678",  # bank account
    r"\d{11,12}": "512345678901",  # PLN customer ID
    r"(\d[.\- ]?){17}\d": "35.79.010.001.001-0001.0",  # NOP PBB as printed on the SPPT
    r"[A-Za-z]{1,2} ?\d{1,4} ?[A-Za-z]{0,3}": "N 1234 AB",  # plate number
    r"[A-Za-z0-9]{5}": "K1234",  # chassis number tail
    r"[0-9A-Za-z./-]{4,20}": "01/2345/AB",  # PDAM customer number
}
VALID_NIK = "3579014101900001"


def _example(field: FormField) -> object:
    """A plausible valid answer to one field."""
    match field.type:
        case FieldType.TEXT | FieldType.TEXTAREA:
            return PATTERN_EXAMPLES[field.pattern] if field.pattern else "Contoh isian"
        case FieldType.NUMBER:
            return field.min_value if field.min_value is not None else 1
        case FieldType.DATE:
            return "2026-11-20"
        case FieldType.SELECT:
            return field.options[0].key
        case FieldType.CHECKBOX:
            return True
        case FieldType.PHONE:
            return "0812-3456-7890"
        case FieldType.EMAIL:
            return "warga@example.id"
        case FieldType.NIK:
            return VALID_NIK


def _load(path: Path, key: str) -> list[dict[str, Any]]:
    with path.open("rb") as fh:
        doc = tomllib.load(fh)
    assert set(doc) == {key}, f"{path.name}: top-level keys {sorted(doc)} (expected only {key})"
    rows = doc[key]
    assert isinstance(rows, list)
    return rows


def _service_files() -> list[Path]:
    return sorted((DATA / "services").glob("*.toml"))


def _service(path: Path, row: dict[str, Any]) -> ServiceSource:
    try:
        return ServiceSource.model_validate(row)
    except ValidationError as exc:  # name the file and service: the files are edited by hand
        raise AssertionError(f"{path.name} {row.get('code')}: {exc}") from exc


def _services() -> list[ServiceSource]:
    return [_service(f, r) for f in _service_files() for r in _load(f, "service")]


def _agencies() -> list[Agency]:
    return [Agency.model_validate(r) for r in _load(DATA / "agencies.toml", "agency")]


def _centers() -> list[ServiceCenter]:
    rows = _load(DATA / "service_centers.toml", "service_center")
    return [ServiceCenter.model_validate(r) for r in rows]


def _duplicates(codes: list[str]) -> list[str]:
    return [code for code, n in Counter(codes).items() if n > 1]


def test_services_validate_and_are_enough() -> None:
    services = _services()
    online = [s for s in services if Channel.ONLINE in s.channels]
    print(f"services={len(services)} online={len(online)} files={len(_service_files())}")
    assert len(services) >= 40
    assert len(online) >= 25
    assert not _duplicates([s.code for s in services])


def test_agencies_and_centers_refer_to_each_other() -> None:
    agencies = {a.code for a in _agencies()}
    services = _services()
    centers = _centers()
    assert len(agencies) >= 10
    assert not _duplicates([a.code for a in _agencies()])
    assert not _duplicates([c.code for c in centers])
    assert len(centers) >= 3
    for s in services:
        assert s.agency in agencies, s.code
    for c in centers:
        assert set(c.agencies) <= agencies, c.code
        assert not _duplicates(list(c.agencies)), c.code
    assert {s.agency for s in services} == agencies, "every agency offers at least one service"
    batu = next(c for c in centers if c.code == "MPP-BATU")
    assert batu.regency_code == "3579"
    assert "DUKCAPIL" in batu.agencies


def test_each_service_file_holds_one_agency() -> None:
    for path in _service_files():
        agencies = {r["agency"] for r in _load(path, "service")}
        assert agencies == {path.stem.upper()}, path.name


def test_opening_hours_are_sane() -> None:
    for c in _centers():
        seen: list[int] = []
        for h in c.opening_hours:
            assert set(h.days) <= set(range(1, 8)), c.code
            assert h.opens < h.closes, c.code
            seen += h.days
        assert not _duplicates([str(d) for d in seen]), c.code


def test_online_services_have_forms_with_valid_prefill() -> None:
    for s in _services():
        if Channel.ONLINE in s.channels:
            assert s.form.fields, s.code
        assert s.keywords, s.code
        assert not _duplicates([k.lower() for k in s.keywords]), s.code
        for f in s.form.fields:
            if f.prefill is None:
                continue
            assert f.prefill in set(PrefillSource), (s.code, f.code)
            allowed = PREFILL_TYPES.get(f.prefill, TEXT_TYPES)
            assert f.type in allowed, (s.code, f.code, f.prefill, f.type)
            for o in f.options:
                assert o.label.id and o.label.en


def test_forms_accept_real_answers_and_refuse_bad_ones() -> None:
    patterns_used: set[str] = set()
    for s in _services():
        fields = s.form.fields
        if not fields:
            continue
        answers = {f.code: _example(f) for f in fields}
        assert set(clean_answers(s.form, answers)) == set(answers), s.code
        required = {f.code for f in fields if f.required}
        with pytest.raises(AnswersInvalid) as empty:
            clean_answers(s.form, {})
        assert set(empty.value.errors) == required, s.code
        for f in fields:
            if f.pattern is not None:
                patterns_used.add(f.pattern)
                with pytest.raises(AnswersInvalid) as bad:
                    clean_answers(s.form, answers | {f.code: "abc?"})
                assert bad.value.errors == {f.code: "form_pattern"}, (s.code, f.code)
    assert patterns_used == set(PATTERN_EXAMPLES), "keep the examples in step with the data"


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_holidays_cover_the_year(year: int) -> None:
    rows = _load(DATA / "holidays.toml", "holiday")
    for r in rows:
        assert set(r) == {"date", "name"}, r
        assert type(r["date"]) is date and r["name"].strip(), r
    dates = [r["date"] for r in rows]
    assert not _duplicates([d.isoformat() for d in dates])
    in_year = [d for d in dates if d.year == year]
    assert len(in_year) >= 15
    assert date(year, 1, 1) in in_year and date(year, 8, 17) in in_year
    assert date(year, 12, 25) in in_year


def test_catalog_payload_gzipped_fits_the_budget() -> None:
    services = _services()
    # the wire serialises every key (None and defaults too): measure that, the larger form
    full = json.dumps(
        {
            "agencies": [a.model_dump(mode="json") for a in _agencies()],
            "service_centers": [c.model_dump(mode="json") for c in _centers()],
            "services": [s.model_dump(mode="json") | {"form_version": 1} for s in services],
        },
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode()
    lean = json.dumps(
        [s.model_dump(mode="json", exclude_none=True, exclude_defaults=True) for s in services],
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode()
    packed = gzip.compress(full, compresslevel=6)
    print(
        f"catalog JSON {len(full)} B, gzip-6 {len(packed)} B "
        f"({len(packed) / 1024:.1f} KB; services without defaults {len(lean)} B, "
        f"gzip-6 {len(gzip.compress(lean, compresslevel=6))} B; "
        f"{len(full) / len(services):.0f} B JSON per service)"
    )
    assert len(packed) <= GZIP_BUDGET
