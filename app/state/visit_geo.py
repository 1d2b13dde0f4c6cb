"""State layer: plain geometry and clock rules for jemput bola screens — straight-line
distances, compass directions in eight words, typed coordinates, times in a place's zone
(WIB/WITA/WIT); plain functions, no controls."""

import math
import re
from datetime import datetime
from zoneinfo import ZoneInfo

from contracts.zones import zone_label

EARTH_KM = 6371.0088  # mean radius, as the server's straight-line matrix uses
COMPASS = (
    "north",
    "north_east",
    "east",
    "south_east",
    "south",
    "south_west",
    "west",
    "north_west",
)
LATITUDE = (-11.5, 6.5)  # Indonesia, as contracts.visits.PositionIn bounds it
LONGITUDE = (94.5, 141.5)

Point = tuple[float, float]  # (latitude, longitude)


def distance_km(a: Point, b: Point) -> float:
    """Great-circle (haversine) distance."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2
    h += math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(h))


def bearing(a: Point, b: Point) -> float:
    """Initial bearing from a to b, degrees clockwise from north (0–360)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    y = math.sin(lon2 - lon1) * math.cos(lat2)
    x = math.cos(lat1) * math.sin(lat2) - math.sin(lat1) * math.cos(lat2) * math.cos(lon2 - lon1)
    return (math.degrees(math.atan2(y, x)) + 360) % 360


def compass(a: Point, b: Point) -> str | None:
    """One of COMPASS for the way from a to b; None when they are the same place."""
    if distance_km(a, b) < 0.001:
        return None
    return COMPASS[round(bearing(a, b) / 45) % 8]


def km_text(km: float, lang: str) -> str:
    """One decimal, the decimal comma in Indonesian: "3,2"."""
    text = f"{km:.1f}"
    return text.replace(".", ",") if lang == "id" else text


def clock(at: datetime, zone: str) -> str:
    """ "08:30 WIB": the time in the place's zone, never UTC."""
    return f"{at.astimezone(ZoneInfo(zone)):%H:%M} {zone_label(zone)}"


_NUMBER = r"[-+]?\d+(?:[.,]\d+)?"


def parse_position(text: str) -> Point | None:
    """Typed coordinates: "-7.87, 112.52", "-7,87; 112,52" or "-7.87 112.52" (a map app's
    copy). None when it is not two numbers."""
    cleaned = text.strip().replace("°", " ")
    found = re.fullmatch(rf"\s*({_NUMBER})\s*[;,\s]\s*({_NUMBER})\s*", cleaned)
    if found is None:
        return None
    lat, lon = (float(part.replace(",", ".")) for part in found.groups())
    return lat, lon


def in_indonesia(point: Point) -> bool:
    lat, lon = point
    return LATITUDE[0] <= lat <= LATITUDE[1] and LONGITUDE[0] <= lon <= LONGITUDE[1]


def position_text(point: Point) -> str:
    return f"{point[0]:.5f}, {point[1]:.5f}"
