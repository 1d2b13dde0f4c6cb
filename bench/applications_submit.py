"""Benchmark: application submit (POST /me/applications) and the citizen's list (GET
/me/applications) under load on a real uvicorn (1 worker, 127.0.0.1), each beside a bare
baseline on the same stack in the same run: one SQLite insert, one SQLite row read.

N concurrent clients (16, 64, 256), each a citizen of its own (own token, own rows) filing with
a fresh Idempotency-Key per submit, run for a fixed time per cell; prints req/s, p50/p99 and
the ratio to the baseline (goal: submit ≥ 50 %), and counts errors and timeouts (goal: none,
no collapse at 256 clients). The database is a fresh SQLite file (WAL, synchronous=FULL),
migrated, with the small test catalog; citizens and their wallet documents come through the API.

    python bench/applications_submit.py [--seconds 10] [--clients 16,64,256] [--postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._server import ApiServer
from bench._support import (
    APPS,
    Citizen,
    RawHttp,
    create_pg_database,
    drop_pg_database,
    new_citizens,
    percentile,
    prepare_database,
    sqlite_url,
)

Call = Callable[[RawHttp, Citizen], Awaitable[int]]
REQUEST_TIMEOUT = 30.0


JSON = {"Content-Type": "application/json"}


async def bench_insert(http: RawHttp, _who: Citizen) -> int:
    return (await http.request("POST", "/bench/insert", {}))[0]


async def submit(http: RawHttp, who: Citizen) -> int:
    headers = who.auth | JSON | {"Idempotency-Key": str(uuid.uuid4())}
    return (await http.request("POST", APPS, headers, json.dumps(who.payload()).encode()))[0]


async def bench_read(http: RawHttp, _who: Citizen) -> int:
    return (await http.request("GET", "/bench/read", {}))[0]


async def own_list(http: RawHttp, who: Citizen) -> int:
    return (await http.request("GET", APPS, who.auth))[0]


class Operation(NamedTuple):
    name: str
    call: Call
    expected: int  # the status of a success
    baseline: str | None  # the operation it is compared with


INSERT, READ = "baseline: one-row insert", "baseline: one-row read"
SUBMIT = "POST /me/applications"
OPERATIONS = [
    Operation(INSERT, bench_insert, 201, None),
    Operation(SUBMIT, submit, 201, INSERT),
    Operation(READ, bench_read, 200, None),
    Operation("GET /me/applications", own_list, 200, READ),
]


@dataclass
class Cell:
    """One operation at one concurrency: latencies (s) of the measured window, failures."""

    name: str
    clients: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds

    def ms(self, pct: float) -> float:
        return percentile(sorted(self.latencies), pct) * 1000

    def line(self) -> str:
        errors = sum(self.errors.values())
        return (
            f"  {self.clients:>3} clients  {self.name:<26} {self.rate:8.1f} req/s  "
            f"p99 {self.ms(99):7.1f} ms  errors {errors}"
        )

    def fail(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1


async def _worker(
    http: RawHttp, who: Citizen, op: Operation, cell: Cell, window: tuple[float, float]
) -> None:
    start, end = window
    while (now := time.perf_counter()) < end:
        try:
            status = await asyncio.wait_for(op.call(http, who), REQUEST_TIMEOUT)
            outcome = None if status == op.expected else f"HTTP {status}"
        except TimeoutError:
            outcome = "timeout"
        except OSError as exc:
            outcome = type(exc).__name__
        if now < start:
            continue  # warm-up
        if outcome:
            cell.fail(outcome)
        else:
            cell.latencies.append(time.perf_counter() - now)


async def measure(
    base_url: str,
    citizens: list[Citizen],
    op: Operation,
    clients: int,
    seconds: float,
    warmup: float,
) -> Cell:
    """`clients` workers, each its own keep-alive connection and citizen, for warm-up +
    `seconds`; only requests started inside the measured window count."""
    cell = Cell(op.name, clients, seconds)
    conns = [RawHttp(base_url) for _ in range(clients)]
    start = time.perf_counter() + warmup
    window = (start, start + seconds)
    try:
        await asyncio.gather(
            *(_worker(conns[i], citizens[i], op, cell, window) for i in range(clients))
        )
    finally:
        for conn in conns:
            conn.close()
    return cell


async def run(base_url: str, levels: list[int], seconds: float, warmup: float) -> list[Cell]:
    print(f"creating {max(levels)} citizens through the API ...", flush=True)
    citizens = await new_citizens(base_url, max(levels))
    cells = []
    for clients in levels:
        for op in OPERATIONS:
            cell = await measure(base_url, citizens, op, clients, seconds, warmup)
            print(cell.line(), flush=True)
            cells.append(cell)
    return cells


def report(cells: list[Cell], seconds: float, backend: str) -> str:
    day = datetime.now(UTC).date().isoformat()
    by_key = {(c.name, c.clients): c for c in cells}
    lines = [
        f"### Application submit and list under load — {day} — "
        f"`python bench/applications_submit.py --seconds {seconds:g}`",
        "",
        f"Real uvicorn, 1 worker, 127.0.0.1; {backend}. Load generator: one process, raw "
        f"keep-alive HTTP/1.1, one connection per client, on the same 2 cores. Python "
        f"{platform.python_version()}, {platform.machine()}. Load average at the end: "
        + " / ".join(f"{x:.1f}" for x in os.getloadavg())
        + ".",
        "",
        "| clients | operation | req/s | p50 ms | p99 ms | errors | vs baseline (req/s) |",
        "|---|---|---|---|---|---|---|",
    ]
    for cell in cells:
        baseline = next(op.baseline for op in OPERATIONS if op.name == cell.name)
        base = by_key.get((baseline, cell.clients)) if baseline else None
        ratio = f"{cell.rate / base.rate:.0%}" if base and base.rate else ""
        errors = ", ".join(f"{k}: {v}" for k, v in cell.errors.items()) or "0"
        lines.append(
            f"| {cell.clients} | {cell.name} | {cell.rate:.0f} | {cell.ms(50):.1f} | "
            f"{cell.ms(99):.1f} | {errors} | {ratio} |"
        )
    return "\n".join(lines) + "\n"


def verdict(cells: list[Cell]) -> list[str]:
    """Goal checks: submit ≥ 50 % of the insert baseline at every level; no errors anywhere."""
    out = []
    by_key = {(c.name, c.clients): c for c in cells}
    for cell in cells:
        if cell.name == SUBMIT:
            base = by_key[(INSERT, cell.clients)]
            ratio = cell.rate / base.rate if base.rate else 0.0
            ok = "met" if ratio >= 0.5 else "MISSED"
            out.append(f"submit at {cell.clients} clients: {ratio:.0%} of baseline — goal {ok}")
    failed = sum(sum(c.errors.values()) for c in cells)
    out.append(f"errors/timeouts over all cells: {failed}" + (" — goal met" if not failed else ""))
    return out


async def _on_database(url: str, args: argparse.Namespace, backend: str) -> None:
    await prepare_database(url)
    with tempfile.TemporaryDirectory() as data_dir, ApiServer(url, Path(data_dir)) as server:
        cells = await run(server.url, args.clients, args.seconds, args.warmup)
    print()
    print(report(cells, args.seconds, backend))
    print("\n".join(verdict(cells)))


async def main_async(args: argparse.Namespace) -> None:
    if args.postgres:
        name, url = await create_pg_database()
        try:
            await _on_database(url, args, "PostgreSQL 127.0.0.1 (fresh database)")
        finally:
            await drop_pg_database(name)
        return
    with tempfile.TemporaryDirectory() as tmp:
        url = sqlite_url(Path(tmp) / "bench.db")
        await _on_database(url, args, "SQLite file (WAL, synchronous=FULL)")


def _levels(value: str) -> list[int]:
    return [int(x) for x in value.split(",")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="measured time per cell")
    parser.add_argument("--warmup", type=float, default=2.0, help="unmeasured time per cell")
    parser.add_argument(
        "--clients", type=_levels, default=[16, 64, 256], help="concurrency levels, e.g. 16,64"
    )
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL instead of SQLite")
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
