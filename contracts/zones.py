"""Contracts layer: Indonesia's three time zones (WIB, WITA, WIT) by province code — times are
shown in the zone of the place they happen (a service center, a visit), never in UTC."""

from typing import Final
from zoneinfo import ZoneInfo

WIB: Final = "Asia/Jakarta"  # UTC+7: Sumatra, Java, West and Central Kalimantan
WITA: Final = "Asia/Makassar"  # UTC+8: Bali, Nusa Tenggara, South/East/North Kalimantan, Sulawesi
WIT: Final = "Asia/Jayapura"  # UTC+9: Maluku, Papua

ZONE_LABELS: Final = {WIB: "WIB", WITA: "WITA", WIT: "WIT"}

# Kemendagri province codes (the first two digits of every region code and NIK) outside WIB.
_WITA_PROVINCES: Final = frozenset(
    {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
)
_WIT_PROVINCES: Final = frozenset({"81", "82", "91", "92", "93", "94", "95", "96", "97"})


def zone_name(region_code: str) -> str:
    """The IANA zone of a province, regency or district code (WIB when unknown)."""
    province = region_code[:2]
    if province in _WIT_PROVINCES:
        return WIT
    if province in _WITA_PROVINCES:
        return WITA
    return WIB


def zone_for(region_code: str) -> ZoneInfo:
    return ZoneInfo(zone_name(region_code))


def zone_label(name: str) -> str:
    """WIB / WITA / WIT for an IANA zone name (the name itself for any other zone)."""
    return ZONE_LABELS.get(name, name)
