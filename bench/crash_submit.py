"""Benchmark: crash safety of application submit — 1,000 submissions from retrying clients
while the API server (real uvicorn, 1 worker) is SIGKILLed at random moments and restarted.

Every submission has its own Idempotency-Key and is retried with the SAME key on any
connection error, 5xx or 409 idempotency_in_progress until it gets 201. A killer task
SIGKILLs the server at random points of the run (≥ 15 times) and restarts it at once on the
same database. At the end the database is counted: lost (a 201 the client got whose key or
application id is not stored — goal 0), duplicated (more than one application for a key, or
applications for keys nobody sent — goal 0), torn (an application without exactly its one
update record, one notification and two attachments), and SQLite's integrity check.

    python bench/crash_submit.py [--submissions 1000] [--kills 20] [--clients 32] [--postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._server import ApiServer
from bench._support import (
    APPS,
    Citizen,
    create_pg_database,
    drop_pg_database,
    new_citizens,
    prepare_database,
    sqlite_url,
)
from server.applications.models import (
    Application,
    ApplicationAttachment,
    ApplicationUpdate,
    Notification,
)
from server.db import make_engine


@dataclass
class Run:
    """What the clients saw: key → application id of each 201, retries, odd answers."""

    submissions: int
    done: dict[str, str] = field(default_factory=dict)
    sent: set[str] = field(default_factory=set)
    retries: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)
    replayed: int = 0
    kills: int = 0
    restart_seconds: list[float] = field(default_factory=list)
    progress: asyncio.Event = field(default_factory=asyncio.Event)
    finished: bool = False

    def complete(self, key: str, app_id: str) -> None:
        self.done[key] = app_id
        self.progress.set()

    async def reached(self, mark: int) -> bool:
        """Wait until `mark` submissions got their 201; False if the run ended first."""
        while len(self.done) < mark and not self.finished:
            self.progress.clear()
            await self.progress.wait()
        return not self.finished


def _retry_reason(resp: httpx.Response) -> str | None:
    if resp.status_code >= 500:
        return f"HTTP {resp.status_code}"
    if resp.status_code == 409 and resp.json().get("code") == "idempotency_in_progress":
        return "409 idempotency_in_progress"
    return None


async def submit_once(api: httpx.AsyncClient, who: Citizen, run: Run) -> None:
    """One logical submission: the same key until a 201 (or an answer retrying cannot fix)."""
    key = str(uuid.uuid4())
    run.sent.add(key)
    headers, body = who.auth | {"Idempotency-Key": key}, who.payload()
    while True:
        try:
            resp = await api.post(APPS, json=body, headers=headers)
        except httpx.TransportError as exc:
            run.retries[type(exc).__name__] += 1
            await asyncio.sleep(random.uniform(0.05, 0.2))
            continue
        if resp.status_code == 201:
            run.complete(key, str(resp.json()["id"]))
            run.replayed += resp.headers.get("Idempotent-Replayed") == "true"
            return
        reason = _retry_reason(resp)
        if reason is None:
            run.failed[f"HTTP {resp.status_code} {resp.text[:80]}"] += 1
            return
        run.retries[reason] += 1
        await asyncio.sleep(random.uniform(0.05, 0.2))


async def client(api: httpx.AsyncClient, who: Citizen, count: int, run: Run) -> None:
    for _ in range(count):
        await submit_once(api, who, run)


async def killer(server: ApiServer, run: Run, kills: int) -> None:
    """SIGKILL when the count of 201s passes each of `kills` random marks (plus 0-50 ms, so the
    kill lands anywhere in a request), and restart at once on the same database."""
    marks = sorted(random.sample(range(10, run.submissions - 10), kills))
    for mark in marks:
        if not await run.reached(mark):
            return
        await asyncio.sleep(random.uniform(0, 0.05))
        server.kill()
        run.kills += 1
        began = time.perf_counter()
        await asyncio.to_thread(server.start)
        run.restart_seconds.append(time.perf_counter() - began)


async def drive(server: ApiServer, citizens: list[Citizen], run: Run, kills: int) -> float:
    per_client = _split(run.submissions, len(citizens))
    limits = httpx.Limits(max_connections=len(citizens))
    began = time.perf_counter()
    async with httpx.AsyncClient(base_url=server.url, timeout=30, limits=limits) as api:
        kill_task = asyncio.create_task(killer(server, run, kills))
        await asyncio.gather(
            *(client(api, c, n, run) for c, n in zip(citizens, per_client, strict=True))
        )
        run.finished = True
        run.progress.set()
        await kill_task
    return time.perf_counter() - began


def _split(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


@dataclass
class Census:
    applications: int
    lost: int
    duplicated: int
    torn: int
    integrity: str


async def count(engine: AsyncEngine, run: Run) -> Census:
    async with engine.connect() as conn:
        rows = (await conn.execute(select(Application.idempotency_key, Application.id))).all()
        torn = await _torn(conn)
        integrity = "n/a (PostgreSQL)"
        if engine.dialect.name == "sqlite":
            integrity = str(await conn.scalar(text("PRAGMA integrity_check")))
    by_key = Counter(key for key, _ in rows)
    ids = {key: app_id for key, app_id in rows}
    lost = sum(1 for key, app_id in run.done.items() if by_key[key] != 1 or ids[key] != app_id)
    duplicated = sum(n - 1 for n in by_key.values() if n > 1)
    duplicated += sum(n for key, n in by_key.items() if key not in run.sent)
    return Census(len(rows), lost, duplicated, torn, integrity)


async def _torn(conn: AsyncConnection) -> int:
    """Applications missing any part written in the same transaction."""
    parts = [
        (ApplicationUpdate.application_id, 1),
        (Notification.application_id, 1),
        (ApplicationAttachment.application_id, 2),
    ]
    torn = 0
    for column, expected in parts:
        counted = select(column.label("app_id"), func.count().label("n")).group_by(column)
        sub = counted.subquery()
        query = (
            select(func.count())
            .select_from(Application)
            .outerjoin(sub, sub.c.app_id == Application.id)
            .where(func.coalesce(sub.c.n, 0) != expected)
        )
        torn += int(await conn.scalar(query) or 0)
    return torn


def report(run: Run, census: Census, elapsed: float, backend: str, clients: int) -> str:
    day = datetime.now(UTC).date().isoformat()
    retries = ", ".join(f"{k}: {v}" for k, v in run.retries.most_common()) or "none"
    failed = ", ".join(f"{k}: {v}" for k, v in run.failed.items()) or "none"
    restart = sorted(run.restart_seconds)
    median_restart = restart[len(restart) // 2] if restart else 0.0
    return "\n".join([
        f"### Submit under SIGKILL — {day} — `python bench/crash_submit.py"
        f"{' --postgres' if 'PostgreSQL' in backend else ''}`",
        "",
        f"{backend}; real uvicorn (1 worker); {clients} retrying clients, one citizen each.",
        "",
        "| submissions | got 201 | kills | retries | replayed 201 | stored | lost | duplicated "
        "| torn | integrity | elapsed s |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
        f"| {run.submissions} | {len(run.done)} | {run.kills} | {sum(run.retries.values())} "
        f"| {run.replayed} | {census.applications} | {census.lost} | {census.duplicated} "
        f"| {census.torn} | {census.integrity} | {elapsed:.1f} |",
        "",
        f"Retries by cause: {retries}. Unexpected answers: {failed}. "
        f"Median restart to healthy: {median_restart:.2f} s.",
        "",
    ])  # fmt: skip


async def crash_test(url: str, args: argparse.Namespace, backend: str) -> bool:
    await prepare_database(url)
    run = Run(args.submissions)
    with tempfile.TemporaryDirectory() as data_dir, ApiServer(url, Path(data_dir)) as server:
        citizens = await new_citizens(server.url, args.clients)
        elapsed = await drive(server, citizens, run, args.kills)
    engine = make_engine(url)
    try:
        census = await count(engine, run)
    finally:
        await engine.dispose()
    print(report(run, census, elapsed, backend, args.clients))
    ok = census.lost == 0 and census.duplicated == 0 and census.torn == 0
    ok = ok and len(run.done) == run.submissions and run.kills >= 15
    print("goal met: 0 lost, 0 duplicated, ≥ 15 kills" if ok else "GOAL MISSED")
    return ok


async def main_async(args: argparse.Namespace) -> bool:
    if args.postgres:
        name, url = await create_pg_database()
        try:
            return await crash_test(url, args, "PostgreSQL 127.0.0.1 (fresh database)")
        finally:
            await drop_pg_database(name)
    with tempfile.TemporaryDirectory() as tmp:
        url = sqlite_url(Path(tmp) / "crash.db")
        return await crash_test(url, args, "SQLite file (WAL, synchronous=FULL)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=1000)
    parser.add_argument("--kills", type=int, default=20, help="SIGKILLs (at least 15 counts)")
    parser.add_argument("--clients", type=int, default=32, help="retrying clients (citizens)")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL instead of SQLite")
    sys.exit(0 if asyncio.run(main_async(parser.parse_args())) else 1)


if __name__ == "__main__":
    main()
