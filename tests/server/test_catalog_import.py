"""Tests: catalog import — idempotent, versioned forms, deactivation, concurrency, queries."""

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.catalog import FormDefinition
from server.catalog import service as catalog
from server.catalog.models import CatalogState, PublicServiceRow, ServiceForm
from server.config import Settings
from server.db import make_engine, make_sessionmaker
from server.errors import AppError
from tests.server.catalog_support import SERVICES, form, sample_source, with_service

_LOCK_STATEMENT = "UPDATE catalog_state SET id"


@contextmanager
def count_writes(db: AsyncSession) -> Iterator[list[str]]:
    """Every INSERT/UPDATE/DELETE the session sends (bar the importer's own lock statement)."""
    writes: list[str] = []
    engine = db.get_bind()

    def record(*args: Any) -> None:
        statement = str(args[2]).strip()
        is_write = statement.split()[0].upper() in ("INSERT", "UPDATE", "DELETE")
        if is_write and not statement.startswith(_LOCK_STATEMENT):
            writes.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield writes
    finally:
        event.remove(engine, "before_cursor_execute", record)


async def _state(db: AsyncSession) -> CatalogState:
    state = await db.get(CatalogState, 1, populate_existing=True)
    assert state is not None
    return state


async def test_second_import_writes_nothing(db: AsyncSession) -> None:
    with count_writes(db) as first_writes:
        first = await catalog.import_catalog(db, sample_source())
    assert len(first_writes) >= 5  # the counter sees writes: services, forms, state...
    assert (first.added, first.unchanged, first.revision_changed) == (4, 0, True)
    before = await _state(db)
    imported_at = before.imported_at
    with count_writes(db) as writes:
        second = await catalog.import_catalog(db, sample_source())
    assert writes == []
    assert (second.added, second.changed, second.unchanged) == (0, 0, 4)
    assert (second.new_form_versions, second.deactivated, second.other_changes) == (0, 0, 0)
    assert second.revision == first.revision and not second.revision_changed
    assert (await _state(db)).imported_at == imported_at


async def test_changed_text_keeps_the_form_version(db: AsyncSession) -> None:
    first = await catalog.import_catalog(db, sample_source())
    renamed = SERVICES[0].model_copy(update={"days": 5})
    report = await catalog.import_catalog(db, with_service(sample_source(), renamed))
    assert (report.changed, report.unchanged, report.new_form_versions) == (1, 3, 0)
    assert report.revision != first.revision and report.revision_changed
    served = await catalog.service_for_application(db, renamed.code)
    assert (served.days, served.form_version) == (5, 1)


async def test_changed_form_gets_a_new_version_and_the_old_one_stays(db: AsyncSession) -> None:
    await catalog.import_catalog(db, sample_source())
    new_form = FormDefinition.model_validate(form("reason", "child_name"))
    changed = SERVICES[0].model_copy(update={"form": new_form})
    report = await catalog.import_catalog(db, with_service(sample_source(), changed))
    assert (report.changed, report.new_form_versions) == (1, 1)
    assert (await catalog.service_for_application(db, changed.code)).form_version == 2
    old = await catalog.form_definition(db, changed.code, 1)
    assert old == SERVICES[0].form
    assert await catalog.form_definition(db, changed.code, 2) == new_form
    assert await catalog.form_definition(db, changed.code, 3) is None
    again = await catalog.import_catalog(db, sample_source())  # back to the first form
    assert again.new_form_versions == 1
    assert (await catalog.service_for_application(db, changed.code)).form_version == 3
    versions = await db.scalar(select(func.count()).select_from(ServiceForm))
    assert versions == len(SERVICES) + 2


async def test_a_service_gone_from_the_files_is_deactivated(db: AsyncSession) -> None:
    first = await catalog.import_catalog(db, sample_source())
    fewer = replace(sample_source(), services=SERVICES[1:])
    report = await catalog.import_catalog(db, fewer)
    assert (report.deactivated, report.unchanged, report.revision_changed) == (1, 3, True)
    row = await db.get(PublicServiceRow, SERVICES[0].code, populate_existing=True)
    assert row is not None and not row.active  # kept: applications name it
    with pytest.raises(AppError) as err:
        await catalog.service_for_application(db, SERVICES[0].code)
    assert (err.value.status, err.value.code) == (404, "service_not_found")
    assert await catalog.form_definition(db, SERVICES[0].code, 1) == SERVICES[0].form
    back = await catalog.import_catalog(db, sample_source())
    assert (back.changed, back.new_form_versions) == (1, 0)
    assert back.revision == first.revision  # the same content is the same revision


async def test_service_for_application_rules(db: AsyncSession) -> None:
    await catalog.import_catalog(db, sample_source())
    with pytest.raises(AppError) as err:
        await catalog.service_for_application(db, "pkb-tahunan")  # counter and kiosk only
    assert (err.value.status, err.value.code) == (409, "service_not_online")
    with pytest.raises(AppError) as err:
        await catalog.service_for_application(db, "no-such-service")
    assert err.value.code == "service_not_found"
    service = await catalog.service_for_application(db, "skck")
    assert service.agency == "POLRI" and service.form_version == 1


async def test_holidays_and_centre_agencies(db: AsyncSession) -> None:
    await catalog.import_catalog(db, sample_source())
    assert await catalog.holidays_between(db, date(2026, 12, 1), date(2026, 12, 31)) == {
        date(2026, 12, 25)
    }
    both = await catalog.holidays_between(db, date(2026, 12, 25), date(2027, 1, 1))
    assert both == {date(2026, 12, 25), date(2027, 1, 1)}  # both ends included
    assert await catalog.agency_codes_at_center(db, "MPP-BATU") == {"DUKCAPIL", "POLRI"}
    assert await catalog.agency_codes_at_center(db, "MPP-NOWHERE") == set()
    fewer = replace(sample_source(), holidays=sample_source().holidays[:1], service_centers=())
    report = await catalog.import_catalog(db, fewer)
    assert report.other_changes == 2  # a holiday removed, a centre retired
    assert await catalog.holidays_between(db, date(2027, 1, 1), date(2027, 1, 1)) == set()
    assert await catalog.agency_codes_at_center(db, "MPP-BATU") == set()


async def test_concurrent_importers_do_not_corrupt(settings: Settings) -> None:
    engine = make_engine(settings.database_url)
    sessions = make_sessionmaker(engine)

    async def run() -> catalog.ImportReport:
        async with sessions() as db:
            return await catalog.import_catalog(db, sample_source())

    try:
        reports = await asyncio.gather(*(run() for _ in range(4)))
        async with sessions() as db:
            count = await db.scalar(select(func.count()).select_from(PublicServiceRow))
            forms = await db.scalar(select(func.count()).select_from(ServiceForm))
    finally:
        await engine.dispose()
    assert sorted(r.added for r in reports) == [0, 0, 0, 4]  # one did the work, the rest saw it
    assert len({r.revision for r in reports}) == 1
    assert (count, forms) == (4, 4)
