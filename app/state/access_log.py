"""State layer: the access-log list (pages merged newest first) and readable times; no I/O."""

from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from contracts.access import AccessLogEntry, AccessLogPage


@dataclass(frozen=True)
class AccessLogList:
    """Entries shown so far and where the next page starts (None: no more pages)."""

    entries: tuple[AccessLogEntry, ...] = ()
    next_before: str | None = None
    loaded: bool = False  # at least one page arrived (distinguishes "empty" from "loading")

    def with_page(self, page: AccessLogPage) -> "AccessLogList":
        """Append a page; an entry already shown (a retried request) is not repeated."""
        seen = {e.id for e in self.entries}
        fresh = tuple(e for e in page.entries if e.id not in seen)
        return AccessLogList(self.entries + fresh, page.next_before, loaded=True)


@dataclass(frozen=True)
class LocalTime:
    """A moment in the device's time zone, in parts a screen can phrase in any language."""

    day: int
    month: int
    year: int
    clock: str  # "08.15" (Indonesian style, 24 h)
    zone: str = field(default="")  # "WIB" where the platform names it; "" otherwise


def local_time(at: datetime, tz: tzinfo | None = None) -> LocalTime:
    """Server times are UTC; people read their own clock (WIB/WITA/WIT)."""
    local = at.astimezone(tz)
    zone = local.tzname() or ""
    # "+07" style names say nothing to a reader; keep only real abbreviations
    zone = zone if zone.isalpha() else ""
    return LocalTime(local.day, local.month, local.year, local.strftime("%H.%M"), zone)
