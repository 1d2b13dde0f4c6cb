"""State layer: what the browse and detail screens derive from a catalog — filters, search
results, the agency and service centres of a service; no controls."""

from dataclasses import dataclass

from contracts.catalog import (
    Agency,
    Catalog,
    Category,
    Channel,
    PublicService,
    ServiceCenter,
)
from contracts.search import search_services


@dataclass(frozen=True)
class Filters:
    """The citizen's choices on the browse screen; None = any."""

    query: str = ""
    channel: Channel | None = None
    category: Category | None = None
    agency: str | None = None

    @property
    def active(self) -> bool:
        return bool(self.query.strip()) or any((self.channel, self.category, self.agency))


def _passes(service: PublicService, filters: Filters) -> bool:
    return (
        (filters.channel is None or filters.channel in service.channels)
        and (filters.category is None or service.category is filters.category)
        and (filters.agency is None or service.agency == filters.agency)
    )


def browse(catalog: Catalog, filters: Filters, language: str) -> list[PublicService]:
    """Services passing the filters: best search matches first, else by name. The search
    runs over the whole catalog (its index is built once) and the filters apply after."""
    if filters.query.strip():
        agencies = {a.code: a for a in catalog.agencies}
        found = search_services(catalog.services, filters.query, agencies)
    else:
        found = sorted(catalog.services, key=lambda s: s.name.get(language).casefold())
    return [s for s in found if _passes(s, filters)]


def categories_in(catalog: Catalog) -> list[Category]:
    present = {s.category for s in catalog.services}
    return [c for c in Category if c in present]


def agencies_in(catalog: Catalog) -> list[Agency]:
    present = {s.agency for s in catalog.services}
    return sorted((a for a in catalog.agencies if a.code in present), key=lambda a: a.short_name)


def agency_of(catalog: Catalog, code: str) -> Agency | None:
    return next((a for a in catalog.agencies if a.code == code), None)


def service_by_code(catalog: Catalog, code: str) -> PublicService | None:
    return next((s for s in catalog.services if s.code == code), None)


def centers_for(catalog: Catalog, service: PublicService) -> list[ServiceCenter]:
    """Service centres with a counter of the service's agency."""
    return [c for c in catalog.service_centers if service.agency in c.agencies]
