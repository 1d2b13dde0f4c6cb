"""Server layer: idempotent catalog import — writes only what changed, versions forms, revision."""

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.catalog import Agency, PublicService, ServiceCenter, ServiceSource
from server.catalog.loader import CatalogSource, HolidaySource
from server.catalog.models import (
    AgencyRow,
    CatalogState,
    CodedRow,
    Holiday,
    PublicServiceRow,
    ServiceCenterRow,
    ServiceForm,
)
from server.db import utcnow

STATE_ID = 1
_LOCK_KEY = 7_406_001  # pg advisory lock: one catalog import at a time
REVISION_LENGTH = 32


@dataclass(frozen=True)
class ImportReport:
    """Counts of services (agencies and centres are counted in `other_changes`)."""

    added: int = 0
    changed: int = 0
    unchanged: int = 0
    new_form_versions: int = 0
    deactivated: int = 0
    other_changes: int = 0  # agencies, centres and holidays added, changed or removed
    revision: str = ""
    revision_changed: bool = False


def canonical(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def digest(data: Any) -> str:
    return hashlib.sha256(canonical(data)).hexdigest()


def dump(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json")


def catalog_revision(
    agencies: Sequence[Agency],
    centers: Sequence[ServiceCenter],
    services: Sequence[PublicService],
) -> str:
    """Hash of everything GET /catalog serves (bar the import time): its ETag."""
    content = {
        "agencies": [dump(a) for a in sorted(agencies, key=lambda a: a.code)],
        "service_centers": [dump(c) for c in sorted(centers, key=lambda c: c.code)],
        "services": [dump(s) for s in sorted(services, key=lambda s: s.code)],
    }
    return digest(content)[:REVISION_LENGTH]


async def _lock(db: AsyncSession) -> None:
    """Serialize importers: an advisory lock on PostgreSQL; on SQLite, take the write lock now
    (a deferred transaction that reads first could not upgrade to a writer later)."""
    if db.get_bind().dialect.name == "postgresql":
        await db.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
    else:
        await db.execute(
            update(CatalogState).where(CatalogState.id == STATE_ID).values(id=STATE_ID)
        )


async def _sync_coded(
    db: AsyncSession, row_type: type[CodedRow], items: Sequence[BaseModel]
) -> int:
    """Agencies or centres: add, update, deactivate; returns how many rows were written."""
    rows = {r.code: r for r in (await db.scalars(select(row_type))).all()}
    writes, now = 0, utcnow()
    for item in items:
        data = dump(item)
        code, content_hash = data["code"], digest(data)
        row = rows.pop(code, None)
        if row is None:
            db.add(row_type(code=code, data=data, content_hash=content_hash, updated_at=now))
        elif row.content_hash != content_hash or not row.active:
            row.data, row.content_hash, row.active, row.updated_at = data, content_hash, True, now
        else:
            continue
        writes += 1
    for row in rows.values():
        if row.active:
            row.active, row.updated_at, writes = False, now, writes + 1
    return writes


async def _sync_holidays(db: AsyncSession, holidays: Sequence[HolidaySource]) -> int:
    rows = {h.day: h for h in (await db.scalars(select(Holiday))).all()}
    wanted: dict[date, str] = {h.date: h.name for h in holidays}
    writes = 0
    for day, name in wanted.items():
        row = rows.pop(day, None)
        if row is None:
            db.add(Holiday(day=day, name=name))
        elif row.name != name:
            row.name = name
        else:
            continue
        writes += 1
    for row in rows.values():
        await db.delete(row)
        writes += 1
    return writes


@dataclass
class _ServiceCounts:
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    new_form_versions: int = 0
    deactivated: int = 0


async def _form_hashes(db: AsyncSession) -> dict[tuple[str, int], str]:
    rows = await db.execute(
        select(ServiceForm.service_code, ServiceForm.version, ServiceForm.definition_hash)
    )
    return {(code, version): h for code, version, h in rows.all()}


def _new_service(db: AsyncSession, service: ServiceSource, source: dict[str, Any]) -> None:
    form = dump(service.form)
    db.add(
        PublicServiceRow(
            code=service.code,
            agency_code=service.agency,
            category=service.category.value,
            source=source,
            content_hash=digest(source),
            form_version=1,
            updated_at=utcnow(),
        )
    )
    db.add(
        ServiceForm(
            service_code=service.code, version=1, definition=form, definition_hash=digest(form)
        )
    )


def _update_service(
    db: AsyncSession,
    row: PublicServiceRow,
    service: ServiceSource,
    source: dict[str, Any],
    forms: dict[tuple[str, int], str],
) -> bool:
    """Rewrite a changed service; a changed form gets the next version. True if it did."""
    form = dump(service.form)
    form_hash = digest(form)
    new_form = forms.get((row.code, row.form_version)) != form_hash
    if new_form:
        version = 1 + max(v for code, v in forms if code == row.code)
        db.add(
            ServiceForm(
                service_code=row.code, version=version, definition=form, definition_hash=form_hash
            )
        )
        row.form_version = version
    row.agency_code, row.category = service.agency, service.category.value
    row.source, row.content_hash, row.active, row.updated_at = (
        source,
        digest(source),
        True,
        utcnow(),
    )
    return new_form


async def _sync_services(db: AsyncSession, services: Sequence[ServiceSource]) -> _ServiceCounts:
    rows = {r.code: r for r in (await db.scalars(select(PublicServiceRow))).all()}
    forms = await _form_hashes(db)
    counts = _ServiceCounts()
    for service in services:
        source = dump(service)
        row = rows.pop(service.code, None)
        if row is None:
            _new_service(db, service, source)
            counts.added += 1
        elif row.content_hash == digest(source) and row.active:
            counts.unchanged += 1
        else:
            counts.new_form_versions += _update_service(db, row, service, source, forms)
            counts.changed += 1
    for row in rows.values():
        if row.active:
            row.active, row.updated_at = False, utcnow()
            counts.deactivated += 1
    return counts


async def _served_services(db: AsyncSession) -> list[PublicService]:
    rows = (await db.scalars(select(PublicServiceRow).where(PublicServiceRow.active))).all()
    return [public_service(r) for r in rows]


def public_service(row: PublicServiceRow) -> PublicService:
    return PublicService.model_validate({**row.source, "form_version": row.form_version})


async def _set_revision(db: AsyncSession, source: CatalogSource) -> tuple[str, bool]:
    await db.flush()
    revision = catalog_revision(source.agencies, source.service_centers, await _served_services(db))
    state = await db.get(CatalogState, STATE_ID)
    if state is None:
        db.add(CatalogState(id=STATE_ID, revision=revision, imported_at=utcnow()))
    elif state.revision != revision:
        state.revision, state.imported_at = revision, utcnow()
    else:
        return revision, False
    return revision, True


async def import_catalog(db: AsyncSession, source: CatalogSource) -> ImportReport:
    """Bring the tables in line with `source` and commit; a second run with the same files
    writes nothing and keeps the revision. Concurrent importers take turns."""
    await _lock(db)
    other = await _sync_coded(db, AgencyRow, source.agencies)
    other += await _sync_coded(db, ServiceCenterRow, source.service_centers)
    other += await _sync_holidays(db, source.holidays)
    counts = await _sync_services(db, source.services)
    revision, revision_changed = await _set_revision(db, source)
    await db.commit()
    return ImportReport(
        added=counts.added,
        changed=counts.changed,
        unchanged=counts.unchanged,
        new_form_versions=counts.new_form_versions,
        deactivated=counts.deactivated,
        other_changes=other,
        revision=revision,
        revision_changed=revision_changed,
    )
