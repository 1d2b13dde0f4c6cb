"""Composition layer: the app's frozen settings object; plain data, no flet and no httpx."""

from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_API_URL = "http://127.0.0.1:8000"
DEFAULT_APP_PORT = 8550


@dataclass(frozen=True)
class AppSettings:
    """Where the API lives and how the app talks to it."""

    api_url: str = DEFAULT_API_URL
    timeout_seconds: float = 15.0
    language: str = "id"
    device_name: str | None = None
    # the day plan's map: an XYZ tile URL ({z}/{x}/{y}); none → a list instead of a map
    map_tiles_url: str | None = None
    map_attribution: str | None = None  # the tile source's credit, shown on the map

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> "AppSettings":
        """Build settings from SATUPINTU_* environment variables."""
        return cls(
            api_url=env.get("SATUPINTU_API_URL", DEFAULT_API_URL).rstrip("/"),
            timeout_seconds=float(env.get("SATUPINTU_API_TIMEOUT", "15")),
            language=env.get("SATUPINTU_LANGUAGE", "id"),
            device_name=env.get("SATUPINTU_DEVICE_NAME") or None,
            map_tiles_url=env.get("SATUPINTU_MAP_TILES") or None,
            map_attribution=env.get("SATUPINTU_MAP_ATTRIBUTION") or None,
        )
