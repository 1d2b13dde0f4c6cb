"""Server layer (pure): travel distances and times between map points for the visit planner.

`DistanceSource` is the seam: today `StraightLine` (haversine at an average speed, no
dependency); a road-distance matrix (an OSRM or Valhalla `table` call) can replace it later
without touching the planner."""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG), as the haversine package uses


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Matrix:
    """metres[i][j] and seconds[i][j] from point i to point j (whole numbers, ≥ 0)."""

    metres: list[list[int]]
    seconds: list[list[int]]


class DistanceSource(Protocol):
    @property
    def name(self) -> str:
        """Shown with the plan: "straight_line", later e.g. "road"."""
        ...

    def matrix(self, points: Sequence[Point]) -> Matrix: ...


def haversine_m(a: Point, b: Point) -> float:
    """Great-circle distance in metres."""
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat, dlon = lat2 - lat1, math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))


@dataclass(frozen=True)
class StraightLine:
    """Straight-line distance, driven at a constant average speed. Batu is hilly and roads
    wind, so real legs are longer; replace with a road matrix when one is available."""

    speed_kmh: float = 25.0
    name: str = "straight_line"

    def matrix(self, points: Sequence[Point]) -> Matrix:
        metres = [[round(haversine_m(a, b)) for b in points] for a in points]
        per_metre = 3.6 / self.speed_kmh
        seconds = [[round(m * per_metre) for m in row] for row in metres]
        return Matrix(metres, seconds)
