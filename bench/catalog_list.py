"""Benchmark: catalog API throughput and p99 beside a one-row baseline on the same server stack.

Starts a real uvicorn (1 worker) on 127.0.0.1 over a SQLite database migrated and loaded with the
catalog data files, adds a bench-only route (GET /bench/baseline: one SQLite row read through the
same session dependency, returned as JSON) to the app create_app builds, then drives it from this
process with N concurrent httpx clients per phase and prints requests/s, p50/p99 latency and the
ratio to the baseline measured in the same run. Also the full catalog's JSON size raw and gzipped.

    python bench/catalog_list.py [--seconds 5] [--clients 64 256] [--append docs/benchmarks.md]
"""

import argparse
import asyncio
import os
import platform
import socket
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

BASELINE = "/bench/baseline"
CATALOG = "/api/v1/catalog"
GZIP = {"Accept-Encoding": "gzip"}


@dataclass(frozen=True)
class Target:
    name: str
    path: str
    headers: dict[str, str]
    status: int = 200


@dataclass(frozen=True)
class Phase:
    target: Target
    clients: int
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float
    server_cpu: float  # share of one core the server process used
    client_cpu: float  # and the load generator (this process)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


# ---------------------------------------------------------------- server side (a subprocess)


def serve(url: str, port: int) -> None:
    """The production app plus one bench-only route, in one uvicorn worker."""
    import uvicorn
    from fastapi import FastAPI
    from sqlalchemy import select

    from server.app import create_app
    from server.catalog.models import CatalogState
    from server.config import Environment, Settings
    from server.deps import Db

    settings = Settings(env=Environment.TEST, database_url=url, secret_key="bench-" + "x" * 40)
    app: FastAPI = create_app(settings)

    @app.get(BASELINE)
    async def baseline(db: Db) -> dict[str, Any]:
        row = (await db.execute(select(CatalogState.revision).where(CatalogState.id == 1))).one()
        return {"revision": row[0]}

    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


async def prepare(url: str) -> str:
    from server.catalog.service import DEFAULT_DATA_DIR, import_catalog, load_catalog_dir
    from server.db import make_engine, make_sessionmaker
    from server.migrate import upgrade

    await upgrade(url)
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as db:
            report = await import_catalog(db, load_catalog_dir(DEFAULT_DATA_DIR))
    finally:
        await engine.dispose()
    return report.revision


# ---------------------------------------------------------------- load generator


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _wait_ready(base: str) -> None:
    async with httpx.AsyncClient(base_url=base) as client:
        for _ in range(200):
            try:
                if (await client.get(BASELINE)).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError("server did not start")


async def _drive(
    client: httpx.AsyncClient, target: Target, clients: int, seconds: float
) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal errors
        while time.perf_counter() < stop:
            start = time.perf_counter()
            try:
                resp = await client.get(target.path, headers=target.headers)
                await resp.aread()
            except httpx.HTTPError:
                errors += 1
                continue
            if resp.status_code != target.status:
                errors += 1
                continue
            latencies.append(time.perf_counter() - start)

    await asyncio.gather(*(worker() for _ in range(clients)))
    return latencies, errors


async def phase(base: str, pid: int, target: Target, clients: int, seconds: float) -> Phase:
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        await _drive(client, target, clients, min(1.0, seconds))  # connect and warm up
        cpu, own, start = _cpu_seconds(pid), time.process_time(), time.perf_counter()
        latencies, errors = await _drive(client, target, clients, seconds)
        elapsed = time.perf_counter() - start
        cpu, own = (_cpu_seconds(pid) - cpu) / elapsed, (time.process_time() - own) / elapsed
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] if latencies else 0.0
    return Phase(
        target=target,
        clients=clients,
        requests=len(latencies),
        errors=errors,
        seconds=elapsed,
        p50_ms=statistics.median(latencies) * 1000 if latencies else 0.0,
        p99_ms=p99 * 1000,
        server_cpu=cpu,
        client_cpu=own,
    )


async def sizes(base: str) -> tuple[int, int, int]:
    """Full catalog bytes on the wire: plain, gzipped; and the number of services."""
    async with httpx.AsyncClient(base_url=base) as client:
        plain = await client.get(CATALOG, headers={"Accept-Encoding": "identity"})
        request = client.build_request("GET", CATALOG, headers=GZIP)
        resp = await client.send(request, stream=True)
        raw = b"".join([chunk async for chunk in resp.aiter_raw()])
        await resp.aclose()
    assert resp.headers["content-encoding"] == "gzip"
    return len(plain.content), len(raw), len(plain.json()["services"])


def targets(revision: str) -> list[Target]:
    search = f"{CATALOG}/services?q=akta+kelahiran"
    not_modified = {"If-None-Match": f'"{revision}"'}
    return [
        Target("baseline: one SQLite row", BASELINE, {}),
        Target("GET /catalog/services (all, gzip)", f"{CATALOG}/services", GZIP),
        Target("GET /catalog/services?q=akta kelahiran", search, GZIP),
        Target("GET /catalog (full, gzip)", CATALOG, GZIP),
        Target("GET /catalog If-None-Match → 304", CATALOG, not_modified, 304),
    ]


async def run(seconds: float, client_counts: list[int]) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="satupintu-bench-"))
    url = f"sqlite+aiosqlite:///{workdir / 'bench.db'}"
    revision = await prepare(url)
    port = _free_port()
    proc = await asyncio.create_subprocess_exec(sys.executable, __file__, "--serve", url, str(port))
    base = f"http://127.0.0.1:{port}"
    try:
        await _wait_ready(base)
        payload = await sizes(base)
        phases = []
        for clients in client_counts:
            for target in targets(revision):
                phases.append(await phase(base, proc.pid, target, clients, seconds))
                print(_row(phases[-1], phases), file=sys.stderr)
    finally:
        proc.terminate()
        await proc.wait()
    return {"phases": phases, "payload": payload}


# ---------------------------------------------------------------- report


def _row(p: Phase, phases: list[Phase]) -> str:
    base = next(b for b in phases if b.clients == p.clients and b.target.path == BASELINE)
    ratio = "" if p is base else f"{p.rps / base.rps:.0%}"
    return (
        f"| {p.clients} | {p.target.name} | {p.rps:,.0f} | {ratio} | {p.p50_ms:.1f} |"
        f" {p.p99_ms:.1f} | {p.errors} | {p.server_cpu:.0%} | {p.client_cpu:.0%} |"
    )


def report(result: dict[str, Any], seconds: float) -> str:
    phases: list[Phase] = result["phases"]
    raw, gzipped, count = result["payload"]
    day = datetime.now(UTC).date().isoformat()
    counts = " ".join(str(c) for c in sorted({p.clients for p in phases}))
    lines = [
        f"### Catalog API — {day} — `python bench/catalog_list.py --seconds {seconds:g}"
        f" --clients {counts}`",
        "",
        f"uvicorn, 1 worker, SQLite (WAL) on 127.0.0.1; load from httpx in one process, "
        f"{seconds:g} s per row after a warm-up. Python {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} cores shared with the load generator.",
        "",
        "| clients | endpoint | req/s | of baseline | p50 ms | p99 ms | errors | server CPU"
        " | load CPU |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    lines += [_row(p, phases) for p in phases]
    lines += [
        "",
        f"Full catalog ({count} services): {raw:,} bytes of JSON, {gzipped:,} bytes gzipped.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--serve":
        serve(sys.argv[2], int(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--clients", type=int, nargs="+", default=[64, 256])
    parser.add_argument("--append", type=Path, help="append the figures to this Markdown file")
    args = parser.parse_args()
    text = report(asyncio.run(run(args.seconds, args.clients)), args.seconds)
    print(text)
    if args.append:
        with args.append.open("a", encoding="utf-8") as out:
            out.write("\n" + text)


if __name__ == "__main__":
    main()
