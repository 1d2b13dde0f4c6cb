"""State layer: the access log — the list (pages merged newest first), `AccessLogStore` that
pages through it, and readable times; no controls."""

from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from app.services import access_api
from app.services.api import ApiClient
from app.state.store import Store
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


class AccessLogStore(Store):
    """ "Siapa yang mengakses data saya": one per app session, personal (`forget` runs at
    sign-out). A failed page is asked again by `retry` (the first, or the next one)."""

    def __init__(self, api: ApiClient) -> None:
        super().__init__()
        self._api = api
        self.log = AccessLogList()

    async def load(self) -> None:
        """The newest page, each time the screen opens."""
        self.log = AccessLogList()
        await self._page(None)

    async def more(self) -> None:
        await self._page(self.log.next_before)

    async def retry(self) -> None:
        await (self.more() if self.log.loaded else self.load())

    async def forget(self) -> None:
        await super().forget()
        self.log = AccessLogList()

    async def _page(self, before: str | None) -> None:
        async def fetch() -> None:
            self.log = self.log.with_page(await access_api.access_log(self._api, before))

        await self.run(fetch)


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
