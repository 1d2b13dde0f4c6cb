"""Benchmark: the officer's queue page and the citizen's own list on PostgreSQL with 1,000,000
applications — p50/p95/p99 through the real functions (server.applications.queue.queue and
service.list_own) on a real AsyncSession, plus EXPLAIN ANALYZE of the queries they send.

A fresh database `satupintu_bench_<random>` is created, migrated (server.migrate.upgrade),
loaded with INSERT ... SELECT generate_series (30 agencies, 150 services with a popularity
skew, 100,000 citizens, statuses mixed, submissions over a year), ANALYZEd, measured and
dropped. Goals: queue page ≤ 20 ms p95, citizen list ≤ 10 ms p95.

    python bench/queue_pg.py [--applications 1000000] [--runs 500] [--keep]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._support import PG_ADMIN_URL, create_pg_database, drop_pg_database, percentile
from contracts.applications import ApplicationStatus
from contracts.catalog import Agency, LocalText, OpeningHours, ServiceCenter
from contracts.enums import Role
from server.accounts.models import Account
from server.applications import queue as queues
from server.applications import service
from server.applications.calendar import LOCAL, local_today
from server.catalog.importer import import_catalog
from server.catalog.loader import CatalogSource
from server.config import normalize_database_url
from server.db import make_engine, make_sessionmaker, session_scope
from server.http import encode_cursor
from server.migrate import upgrade

AGENCIES, SERVICES, CITIZENS = 30, 150, 100_000
BUSIEST = "AG00"  # owns SVC-0, the most popular service (the skew is random()^1.5)
CENTER_AGENCIES = 10  # the coordinator's centre: AG00..AG09
QUEUE_GOAL_MS, LIST_GOAL_MS = 20.0, 10.0
BATCH = 200_000
EXPLAINED = ("queue: default (waiting for an officer)", "citizen list: newest 20")
IN_REVIEW = ApplicationStatus.IN_REVIEW

CITIZENS_SQL = """
INSERT INTO accounts (id, role, nik, full_name, password_hash, district_codes, created_at)
SELECT md5('citizen-' || i)::uuid::text, 'citizen', lpad(i::text, 16, '0'), 'Warga ' || i,
       '!', '[]', now() - interval '2 years'
FROM generate_series(1, CAST(:citizens AS int)) AS i
"""

# One random draw per row in the inner query (volatile: not pulled up, so `st` and
# `with_officer` agree); submissions skewed to recent (random()^2 over 365 days).
APPLICATIONS_SQL = """
INSERT INTO applications (id, tracking_number, citizen_id, subject_name, service_code,
    service_name, agency_code, form_version, answers, prefilled, status, with_officer,
    submitted_at, updated_at, due_date, revision_items, idempotency_key, request_hash, version)
SELECT md5('app-' || i)::uuid::text, 'SP-B-' || lpad(i::text, 8, '0'),
       md5('citizen-' || c)::uuid::text, 'Warga ' || c, 'SVC-' || s,
       json_build_object('id', 'Layanan ' || s, 'en', 'Service ' || s),
       'AG' || lpad((s % CAST(:agencies AS int))::text, 2, '0'), 1, '{}', '[]', st,
       st IN ('submitted', 'in_review', 'processing'), at, at,
       (at + (3 + s % 12) * interval '1 day')::date, '[]', md5('key-' || i),
       md5('req-' || i) || md5('hash-' || i), 1
FROM (
    SELECT i, 1 + floor(random() * CAST(:citizens AS int))::int AS c,
           floor(CAST(:services AS int) * power(random(), 1.5))::int AS s,
           now() - power(random(), 2) * interval '365 days' AS at,
           CASE WHEN r < 0.12 THEN 'submitted' WHEN r < 0.20 THEN 'in_review'
                WHEN r < 0.24 THEN 'needs_revision' WHEN r < 0.32 THEN 'processing'
                WHEN r < 0.85 THEN 'completed' WHEN r < 0.95 THEN 'rejected'
                ELSE 'withdrawn' END AS st
    FROM (SELECT i, random() AS r
          FROM generate_series(CAST(:lo AS int), CAST(:hi AS int)) AS i) AS g
) AS x
"""


def _t(text_: str) -> LocalText:
    return LocalText(id=text_, en=text_)


def catalog_source() -> CatalogSource:
    """30 agencies and one centre with 10 of them (what a coordinator's scope reads)."""
    agencies = tuple(
        Agency(code=f"AG{n:02d}", short_name=f"Dinas {n:02d}", name=_t(f"Dinas {n:02d}"))
        for n in range(AGENCIES)
    )
    hours = (OpeningHours(days=(1, 2, 3, 4, 5), opens="08:00", closes="15:00"),)
    center = ServiceCenter(
        code="MPP-BENCH",
        name="MPP Bench",
        address="Jl. Uji",
        regency_code="3579",
        latitude=-7.87,
        longitude=112.52,
        opening_hours=hours,
        agencies=tuple(a.code for a in agencies[:CENTER_AGENCIES]),
    )
    return CatalogSource(agencies=agencies, service_centers=(center,), services=())


SECONDARY_INDEXES_SQL = """
SELECT indexname, indexdef FROM pg_indexes AS i
WHERE tablename = 'applications'
  AND NOT EXISTS (SELECT 1 FROM pg_constraint AS c WHERE c.conname = i.indexname)
"""


async def drop_secondary_indexes(engine: AsyncEngine) -> list[str]:
    """The migration's plain indexes on applications (their exact DDL), dropped for the load:
    building them once afterwards is several times faster than maintaining them row by row."""
    async with engine.begin() as conn:
        rows = (await conn.execute(text(SECONDARY_INDEXES_SQL))).all()
        for name, _ in rows:
            await conn.execute(text(f'DROP INDEX "{name}"'))
    return [ddl for _, ddl in rows]


async def load(engine: AsyncEngine, factory: async_sessionmaker[AsyncSession], total: int) -> None:
    began = time.perf_counter()
    async with factory() as db:
        await import_catalog(db, catalog_source())
    async with engine.begin() as conn:
        await conn.execute(text("SELECT setseed(0.42)"))
        await conn.execute(text(CITIZENS_SQL), {"citizens": CITIZENS})
    print(f"  {CITIZENS:,} citizens in {time.perf_counter() - began:.1f} s", flush=True)
    indexes = await drop_secondary_indexes(engine)
    for lo in range(1, total + 1, BATCH):
        hi = min(total, lo + BATCH - 1)
        params = {"agencies": AGENCIES, "services": SERVICES, "citizens": CITIZENS}
        async with engine.begin() as conn:
            await conn.execute(text(APPLICATIONS_SQL), params | {"lo": lo, "hi": hi})
        print(f"  {hi:,} applications after {time.perf_counter() - began:.1f} s", flush=True)
    async with engine.begin() as conn:
        for ddl in indexes:
            await conn.execute(text(ddl))
    print(f"  {len(indexes)} indexes rebuilt after {time.perf_counter() - began:.1f} s")
    auto = engine.execution_options(isolation_level="AUTOCOMMIT")
    async with auto.connect() as conn:
        await conn.execute(text("VACUUM ANALYZE"))
    print(f"  loaded and analyzed in {time.perf_counter() - began:.1f} s", flush=True)


async def shape(engine: AsyncEngine) -> dict[str, int]:
    """Sizes that explain the figures (the busiest agency's queue, its overdue part)."""
    queries = {
        "applications": "SELECT count(*) FROM applications",
        "with an officer (all agencies)": "SELECT count(*) FROM applications WHERE with_officer",
        f"{BUSIEST} queue": f"SELECT count(*) FROM applications WHERE agency_code = '{BUSIEST}' "
        "AND with_officer",
        f"{BUSIEST} overdue": f"SELECT count(*) FROM applications WHERE agency_code = '{BUSIEST}'"
        " AND with_officer AND due_date < current_date",
        "coordinator queue (10 agencies)": "SELECT count(*) FROM applications WHERE with_officer"
        f" AND agency_code IN ({', '.join(repr(f'AG{n:02d}') for n in range(CENTER_AGENCIES))})",
        "status/with_officer mismatches": "SELECT count(*) FROM applications WHERE with_officer "
        "<> (status IN ('submitted', 'in_review', 'processing'))",
    }
    async with engine.connect() as conn:
        return {name: int(await conn.scalar(text(sql)) or 0) for name, sql in queries.items()}


def officer(agency: str | None = BUSIEST, center: str | None = None) -> Account:
    role = Role.COORDINATOR if center else Role.BACK_OFFICE
    return Account(
        id="officer", role=role, full_name="Petugas", password_hash="!", agency_code=agency,
        service_center_code=center,
    )  # fmt: skip


Case = Callable[[AsyncSession], Awaitable[Any]]


@dataclass(frozen=True)
class Measured:
    name: str
    goal_ms: float
    samples: list[float]

    def ms(self, pct: float) -> float:
        return percentile(self.samples, pct) * 1000


async def deep_cursor(engine: AsyncEngine, offset: int) -> str:
    sql = (
        "SELECT due_date, id FROM applications WHERE agency_code = :a AND with_officer "
        "ORDER BY due_date, id OFFSET :o LIMIT 1"
    )
    async with engine.connect() as conn:
        row = (await conn.execute(text(sql), {"a": BUSIEST, "o": offset})).one()
    return encode_cursor(row.due_date.isoformat(), row.id)


async def citizen_ids(engine: AsyncEngine, runs: int) -> list[str]:
    rng = random.Random(7)
    picks = [rng.randint(1, CITIZENS) for _ in range(runs)]
    async with engine.connect() as conn:
        sql = text("SELECT md5('citizen-' || i)::uuid::text FROM unnest(CAST(:p AS int[])) AS i")
        return list(await conn.scalars(sql, {"p": picks}))


def cases(deep: str, citizens: list[str]) -> list[tuple[str, float, Case]]:
    clerk, coordinator = officer(), officer(None, "MPP-BENCH")
    month_ago = local_today() - timedelta(days=30)
    it = iter(citizens * 20)

    def queue(who: Account, cursor: str | None = None, **filters: Any) -> Case:
        return lambda db: queues.queue(db, who, queues.QueueFilter(**filters), cursor, 20)

    def own(status: ApplicationStatus | None = None) -> Case:
        return lambda db: service.list_own(db, next(it), status, None, 20)

    return [
        ("queue: default (waiting for an officer)", QUEUE_GOAL_MS, queue(clerk)),
        ("queue: status=in_review", QUEUE_GOAL_MS, queue(clerk, status=IN_REVIEW)),
        ("queue: overdue=true", QUEUE_GOAL_MS, queue(clerk, overdue=True)),
        ("queue: service=SVC-0 (busiest)", QUEUE_GOAL_MS, queue(clerk, service="SVC-0")),
        ("queue: submitted in the last 30 days", QUEUE_GOAL_MS,
         queue(clerk, submitted_from=month_ago)),
        ("queue: page 251 (cursor after 5,000 rows)", QUEUE_GOAL_MS, queue(clerk, deep)),
        ("queue: coordinator, 10 agencies", QUEUE_GOAL_MS, queue(coordinator)),
        ("citizen list: newest 20", LIST_GOAL_MS, own()),
        ("citizen list: status=completed", LIST_GOAL_MS, own(ApplicationStatus.COMPLETED)),
    ]  # fmt: skip


@dataclass
class Timer:
    """Runs a coroutine factory up to `runs` times or until `budget` seconds have passed."""

    runs: int
    budget: float

    async def samples(self, once: Callable[[], Awaitable[Any]]) -> list[float]:
        for _ in range(min(20, self.runs)):  # warm-up
            await once()
        out: list[float] = []
        deadline = time.perf_counter() + self.budget
        while len(out) < self.runs and time.perf_counter() < deadline:
            began = time.perf_counter()
            await once()
            out.append(time.perf_counter() - began)
        return sorted(out)


async def measure(
    factory: async_sessionmaker[AsyncSession], timer: Timer, name: str, goal: float, case: Case
) -> Measured:
    """Each run is what a request does with the database: a session, the call, the rollback."""

    async def once() -> None:
        async with session_scope(factory) as db:
            await case(db)

    return Measured(name, goal, await timer.samples(once))


async def captured(
    engine: AsyncEngine, factory: async_sessionmaker[AsyncSession], case: Case
) -> tuple[str, Any]:
    """The last statement on applications that the case sent, with its parameters."""
    seen: list[tuple[str, Any]] = []

    def capture(_c: Any, _cur: Any, statement: str, params: Any, *_rest: Any) -> None:
        seen.append((statement, params))

    event.listen(engine.sync_engine, "before_cursor_execute", capture)
    try:
        async with session_scope(factory) as db:
            await case(db)
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", capture)
    return [s for s in seen if "FROM applications" in s[0]][-1]


async def sql_only(engine: AsyncEngine, timer: Timer, statement: str, params: Any) -> Measured:
    """The statement alone on the driver (no ORM, no pydantic): what the database costs."""
    async with engine.connect() as conn:
        driver: Any = (await conn.get_raw_connection()).driver_connection
        samples = await timer.samples(lambda: driver.fetch(statement, *params))
    return Measured("sql", 0.0, samples)


async def explain(engine: AsyncEngine, statement: str, params: Any) -> str:
    async with engine.connect() as conn:
        driver: Any = (await conn.get_raw_connection()).driver_connection
        rows = await driver.fetch("EXPLAIN (ANALYZE, BUFFERS) " + statement, *params)
    return statement + "\n" + "\n".join(r[0] for r in rows)


# The changes proposed for the two slow queue variants, as the SQL they would send.
COORDINATOR_LATERAL_SQL = """
SELECT q.*, acc.full_name FROM unnest(CAST($1 AS text[])) AS ag(code)
CROSS JOIN LATERAL (
    SELECT * FROM applications AS a WHERE a.agency_code = ag.code AND a.with_officer
    ORDER BY a.due_date, a.id LIMIT 21) AS q
JOIN accounts AS acc ON acc.id = q.citizen_id
ORDER BY q.due_date, q.id LIMIT 21
"""
SUBMITTED_BOUND_SQL = """
SELECT a.*, acc.full_name FROM applications AS a JOIN accounts AS acc ON acc.id = a.citizen_id
WHERE a.agency_code = $1 AND a.with_officer AND a.submitted_at >= $2 AND a.due_date >= $3
ORDER BY a.due_date, a.id LIMIT 21
"""


def proposals() -> list[tuple[str, str, list[Any]]]:
    month_ago = local_today() - timedelta(days=30)
    since = datetime.combine(month_ago, datetime.min.time(), LOCAL)
    center = [f"AG{n:02d}" for n in range(CENTER_AGENCIES)]
    return [
        ("coordinator, 10 agencies: LATERAL per agency", COORDINATOR_LATERAL_SQL, [center]),
        ("submitted in the last 30 days: + due_date >= from", SUBMITTED_BOUND_SQL,
         [BUSIEST, since, month_ago]),
    ]  # fmt: skip


@dataclass(frozen=True)
class Row:
    result: Measured
    sql: Measured


def report(rows: list[Row], fixes: list[Row], sizes: dict[str, int], args: Any) -> str:
    day = datetime.now(UTC).date().isoformat()
    lines = [
        f"### Queue and citizen list on PostgreSQL, {args.applications:,} applications — {day} "
        f"— `python bench/queue_pg.py --runs {args.runs}`",
        "",
        f"{AGENCIES} agencies, {SERVICES} services (popularity skewed), {CITIZENS:,} citizens; "
        f"officer of the busiest agency ({BUSIEST}); page size 20. A run = session + the real "
        f'function + rollback; "SQL only" = the same statement alone on the driver. Up to '
        f"{args.runs} runs or {args.budget:g} s per query. Python {platform.python_version()}.",
        "",
        "Data: " + "; ".join(f"{k}: {v:,}" for k, v in sizes.items()) + ".",
        "",
        "Load average at the end (1/5/15 min, 2 cores shared with other work): "
        + " / ".join(f"{x:.1f}" for x in os.getloadavg())
        + ".",
        "",
        "| query | runs | p50 ms | p95 ms | p99 ms | SQL only p50 / p95 ms | goal (p95) |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        r, q = row.result, row.sql
        verdict = "met" if r.ms(95) <= r.goal_ms else "MISSED"
        lines.append(
            f"| {r.name} | {len(r.samples)} | {r.ms(50):.1f} | {r.ms(95):.1f} | {r.ms(99):.1f} "
            f"| {q.ms(50):.1f} / {q.ms(95):.1f} | ≤ {r.goal_ms:g} ms: {verdict} |"
        )
    lines += ["", "Proposed changes, SQL only on the same data:", ""]
    lines += ["| query | runs | p50 ms | p95 ms | p99 ms |", "|---|---|---|---|---|"]
    for fix in fixes:
        q = fix.sql
        lines.append(
            f"| {q.name} | {len(q.samples)} | {q.ms(50):.1f} | {q.ms(95):.1f} | {q.ms(99):.1f} |"
        )
    return "\n".join(lines) + "\n"


async def bench(url: str, args: argparse.Namespace) -> None:
    engine = make_engine(url)
    factory = make_sessionmaker(engine)
    timer = Timer(args.runs, args.budget)
    try:
        if not args.reuse:
            await upgrade(url)
            print(f"loading {args.applications:,} applications ...", flush=True)
            await load(engine, factory, args.applications)
        sizes = await shape(engine)
        deep = await deep_cursor(engine, min(5000, sizes[f"{BUSIEST} queue"] // 2))
        rows, plans = [], []
        for name, goal, case in cases(deep, await citizen_ids(engine, args.runs)):
            result = await measure(factory, timer, name, goal, case)
            statement, params = await captured(engine, factory, case)
            rows.append(Row(result, await sql_only(engine, timer, statement, params)))
            print(f"  {name:<45} p95 {result.ms(95):7.2f} ms", flush=True)
            if name in EXPLAINED or result.ms(95) > goal:
                plans.append(
                    f"EXPLAIN ANALYZE — {name}:\n{await explain(engine, statement, params)}"
                )
        fixes = []
        for name, statement, params in proposals():
            sql = await sql_only(engine, timer, statement, params)
            named = replace(sql, name=name)
            fixes.append(Row(named, named))
            plans.append(f"EXPLAIN ANALYZE — proposed, {name}:\n"
                         f"{await explain(engine, statement, params)}")  # fmt: skip
        print()
        print(report(rows, fixes, sizes, args))
        print("\n\n".join(plans))
    finally:
        await engine.dispose()


async def main_async(args: argparse.Namespace) -> None:
    if args.reuse:  # a database kept by an earlier --keep run
        base = normalize_database_url(args.admin_url).rsplit("/", 1)[0]
        await bench(f"{base}/{args.reuse}", args)
        return
    name, url = await create_pg_database(args.admin_url)
    print(f"database {name}", flush=True)
    try:
        await bench(url, args)
    finally:
        if not args.keep:
            await drop_pg_database(name, args.admin_url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=500, help="measured runs per query")
    parser.add_argument("--admin-url", default=PG_ADMIN_URL, help="server to create the db on")
    parser.add_argument("--budget", type=float, default=60, help="max seconds per query")
    parser.add_argument("--keep", action="store_true", help="keep the database (prints its name)")
    parser.add_argument("--reuse", metavar="DBNAME", help="measure a kept database, no load")
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
