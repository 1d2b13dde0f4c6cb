"""Server layer: catalog queries — the served catalog, one service, forms, holidays, centres."""

from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.catalog import (
    Agency,
    Catalog,
    Channel,
    FormDefinition,
    PublicService,
    ServiceCenter,
)
from server.catalog.importer import STATE_ID, ImportReport, import_catalog, public_service
from server.catalog.loader import (
    DEFAULT_DATA_DIR,
    CatalogDataError,
    CatalogSource,
    load_catalog_dir,
)
from server.catalog.models import (
    AgencyRow,
    CatalogState,
    Holiday,
    PublicServiceRow,
    ServiceCenterRow,
    ServiceForm,
)
from server.errors import AppError

__all__ = [
    "DEFAULT_DATA_DIR",
    "CatalogDataError",
    "CatalogSource",
    "ImportReport",
    "agency_codes_at_center",
    "form_definition",
    "holidays_between",
    "import_catalog",
    "load_catalog_dir",
    "service_for_application",
]

EMPTY_REVISION = "empty"  # nothing imported yet: an empty catalog is served
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


_STATE = select(CatalogState.revision, CatalogState.imported_at).where(CatalogState.id == STATE_ID)


async def current_revision(db: AsyncSession) -> tuple[str, datetime]:
    """The one small read per catalog request: revision and import time of the state row."""
    row = (await db.execute(_STATE)).first()
    return (row[0], row[1]) if row else (EMPTY_REVISION, EPOCH)


async def load_catalog(db: AsyncSession, revision: str, imported_at: datetime) -> Catalog:
    """The whole served catalog (active rows, ordered by code)."""
    agencies = await db.scalars(select(AgencyRow).where(AgencyRow.active).order_by(AgencyRow.code))
    centers = await db.scalars(
        select(ServiceCenterRow).where(ServiceCenterRow.active).order_by(ServiceCenterRow.code)
    )
    services = await db.scalars(
        select(PublicServiceRow).where(PublicServiceRow.active).order_by(PublicServiceRow.code)
    )
    return Catalog(
        revision=revision,
        imported_at=imported_at,
        agencies=[Agency.model_validate(r.data) for r in agencies],
        service_centers=[ServiceCenter.model_validate(r.data) for r in centers],
        services=[public_service(r) for r in services],
    )


# Parsed services by (code, content hash, form version): a filing reads only those three
# columns; the JSON is loaded and validated again only after an import changed the service.
_PARSED: dict[tuple[str, str, int], PublicService] = {}
_PARSED_MAX = 2048


async def active_service(db: AsyncSession, code: str) -> PublicService:
    head = (
        await db.execute(
            select(
                PublicServiceRow.content_hash,
                PublicServiceRow.form_version,
                PublicServiceRow.active,
            ).where(PublicServiceRow.code == code)
        )
    ).first()
    if head is None or not head.active:
        raise AppError(404, "service_not_found")
    key = (code, head.content_hash, head.form_version)
    service = _PARSED.get(key)
    if service is None:
        row = await db.get(PublicServiceRow, code)
        if row is None:  # retired between the two reads
            raise AppError(404, "service_not_found")
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.clear()
        service = _PARSED[key] = public_service(row)
    return service


async def service_for_application(db: AsyncSession, code: str) -> PublicService:
    """The service in force for a new application: 404 unknown/retired, 409 not online."""
    service = await active_service(db, code)
    if Channel.ONLINE not in service.channels:
        raise AppError(409, "service_not_online")
    return service


async def form_definition(db: AsyncSession, code: str, version: int) -> FormDefinition | None:
    """Any version ever imported (old applications keep theirs), even of a retired service."""
    row = await db.get(ServiceForm, (code, version))
    return None if row is None else FormDefinition.model_validate(row.definition)


async def holidays_between(db: AsyncSession, start: date, end: date) -> set[date]:
    """Listed holidays from `start` to `end`, both included."""
    days = await db.scalars(select(Holiday.day).where(Holiday.day.between(start, end)))
    return set(days.all())


async def agency_codes_at_center(db: AsyncSession, center_code: str) -> set[str]:
    """Agencies with a counter at the centre (empty if the centre is unknown or retired)."""
    row = await db.get(ServiceCenterRow, center_code)
    if row is None or not row.active:
        return set()
    return set(ServiceCenter.model_validate(row.data).agencies)


async def service_center(db: AsyncSession, code: str) -> ServiceCenter | None:
    """An active centre by code (None if unknown or retired)."""
    row = await db.get(ServiceCenterRow, code)
    return ServiceCenter.model_validate(row.data) if row is not None and row.active else None


async def center_for_regency(db: AsyncSession, regency_code: str) -> ServiceCenter | None:
    """The active centre serving a regency (kabupaten/kota); the first by code if several."""
    rows = await db.scalars(
        select(ServiceCenterRow).where(ServiceCenterRow.active).order_by(ServiceCenterRow.code)
    )
    centers = (ServiceCenter.model_validate(r.data) for r in rows)
    return next((c for c in centers if c.regency_code == regency_code), None)
