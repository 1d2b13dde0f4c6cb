"""Server layer: the officer's queue — filters, due-soonest order, keyset pages that stay fast
at a million applications (one index range per agency, merged)."""

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import ColumnElement, Select, select, true, tuple_, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.applications import (
    ApplicationStatus,
    OfficerApplicationPage,
    OfficerApplicationSummary,
)
from server.accounts.models import Account
from server.applications.calendar import LOCAL, local_today
from server.applications.models import Application
from server.applications.officer import scope
from server.applications.views import LIST_LOAD, summary_fields
from server.http import Page, decode_cursor, encode_cursor, keyset_page


class QueueFilter:
    """The queue's filters; no status = everything waiting for an officer."""

    def __init__(
        self,
        status: ApplicationStatus | None = None,
        service: str | None = None,
        overdue: bool = False,
        submitted_from: date | None = None,
        submitted_to: date | None = None,
    ) -> None:
        self.status, self.service, self.overdue = status, service, overdue
        self.submitted_from, self.submitted_to = submitted_from, submitted_to

    def where(self, agency: str) -> list[ColumnElement[bool]]:
        parts: list[ColumnElement[bool]] = [Application.agency_code == agency]
        if self.status is not None:
            parts.append(Application.status == self.status)
        else:
            parts.append(Application.with_officer == true())
        if self.service:
            parts.append(Application.service_code == self.service)
        if self.overdue:
            parts += [Application.with_officer == true(), Application.due_date < local_today()]
        if self.submitted_from:
            # a due date is never before its filing day: the same bound on the index column
            # lets the (…, due_date, id) range start there instead of scanning from the oldest
            parts.append(Application.submitted_at >= _start_of(self.submitted_from))
            parts.append(Application.due_date >= self.submitted_from)
        if self.submitted_to:
            parts.append(Application.submitted_at < _start_of(self.submitted_to, 1))
        return parts


_EARLIEST, _LATEST = date(2000, 1, 1), date(9000, 1, 1)  # no application outside them


def _start_of(day: date, plus_days: int = 0) -> datetime:
    """Local midnight of `day` (+ days). A filter day far outside any filing (0001-01-01,
    9999-12-31) is brought inside first: its instant would not exist in UTC."""
    inside = min(max(day, _EARLIEST), _LATEST)
    return datetime.combine(date.fromordinal(inside.toordinal() + plus_days), time(), LOCAL)


def _ordered(
    query: Select[*tuple[Any, ...]], anchor: tuple[date, str] | None, size: int
) -> Select[*tuple[Any, ...]]:
    if anchor is not None:
        query = query.where(tuple_(Application.due_date, Application.id) > anchor)
    return query.order_by(Application.due_date, Application.id).limit(size)


def _page_ids(
    filters: QueueFilter, agencies: frozenset[str], anchor: tuple[date, str] | None, size: int
) -> Select[*tuple[Any, ...]]:
    """The page's ids. Several agencies (a coordinator): each agency's first `size` rows from
    its own index range, merged — one `IN (…)` range cannot be read in due-date order."""
    columns = (Application.id, Application.due_date)  # both in the index: index-only scans
    parts = [
        _ordered(select(*columns).where(*filters.where(a)), anchor, size) for a in sorted(agencies)
    ]
    if len(parts) == 1:
        return select(parts[0].subquery().c.id)
    merged = union_all(*(select(p.subquery()) for p in parts)).subquery()
    # the merged page is cut to `size` ids before any row is fetched from the table
    return select(merged.c.id).order_by(merged.c.due_date, merged.c.id).limit(size)


async def queue(
    db: AsyncSession, officer: Account, filters: QueueFilter, cursor: str | None, limit: int
) -> OfficerApplicationPage:
    """Due soonest first, keyset-paginated on (due_date, id)."""
    agencies = await scope(db, officer)
    if not agencies:
        return OfficerApplicationPage(items=[])
    anchor = decode_cursor(cursor, date.fromisoformat, str) if cursor else None
    query = (
        select(Application, Account.full_name)
        .options(*LIST_LOAD)
        .join(Account, Account.id == Application.citizen_id)
        .where(Application.id.in_(_page_ids(filters, agencies, anchor, limit + 1)))
        .order_by(Application.due_date, Application.id)
        .limit(limit + 1)
    )
    rows = [(app, name) for app, name in (await db.execute(query)).all()]
    page: Page[tuple[Application, str]] = keyset_page(rows, limit, _cursor)
    items = [OfficerApplicationSummary(**summary_fields(a), citizen_name=n) for a, n in page.items]
    return OfficerApplicationPage(items=items, next_cursor=page.next_cursor)


def _cursor(row: tuple[Application, str]) -> str:
    return encode_cursor(row[0].due_date.isoformat(), row[0].id)
