"""Benchmark: catalog API throughput and p99 beside a one-row baseline on the same server stack.

Starts a real uvicorn (1 worker) on 127.0.0.1 over a SQLite database migrated and loaded with the
catalog data files, adds a bench-only route (GET /bench/baseline: one SQLite row read through the
same session dependency, returned as JSON) to the app create_app builds, then drives it from this
process with N concurrent httpx clients per phase and prints requests/s, p50/p99 latency and the
ratio to the baseline measured in the same run. Also the full catalog's JSON size raw and gzipped.

    python bench/catalog_list.py [--seconds 6] [--clients 64 256] [--rounds 3]
                                 [--client httpx|raw] [--append docs/benchmarks.md]
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
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

BASELINE = "/bench/baseline"
CATALOG = "/api/v1/catalog"
GZIP = {"Accept-Encoding": "gzip"}
LOADERS = {"httpx": "httpx.AsyncClient", "raw": "bare keep-alive sockets (asyncio streams)"}


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


Caller = Callable[[], Awaitable[int]]
Run = tuple[list[float], int, float, float, float]


class RawConnection:
    """A minimal keep-alive HTTP/1.1 client on one socket: far cheaper per request than httpx,
    so on a small machine the server, not the load generator, is what runs out of CPU."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes):
        self.reader, self.writer, self.request = reader, writer, request

    @classmethod
    async def open(cls, host: str, port: int, target: Target) -> "RawConnection":
        reader, writer = await asyncio.open_connection(host, port)
        lines = [f"GET {target.path} HTTP/1.1", f"Host: {host}:{port}"]
        lines += [f"{name}: {value}" for name, value in target.headers.items()]
        return cls(reader, writer, ("\r\n".join(lines) + "\r\n\r\n").encode())

    async def call(self) -> int:
        self.writer.write(self.request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n"):
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        if length:
            await self.reader.readexactly(length)
        return int(head[9:12])

    def close(self) -> None:
        self.writer.close()


async def _drive(callers: list[Caller], target: Target, seconds: float) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds

    async def worker(call: Caller) -> None:
        nonlocal errors
        while time.perf_counter() < stop:
            start = time.perf_counter()
            try:
                status = await call()
            except (httpx.HTTPError, OSError, asyncio.IncompleteReadError, ValueError):
                errors += 1
                continue
            if status != target.status:
                errors += 1
                continue
            latencies.append(time.perf_counter() - start)

    await asyncio.gather(*(worker(call) for call in callers))
    return latencies, errors


async def _timed(callers: list[Caller], target: Target, pid: int, seconds: float) -> Run:
    await _drive(callers, target, min(1.0, seconds))  # connect and warm up
    cpu, own, start = _cpu_seconds(pid), time.process_time(), time.perf_counter()
    latencies, errors = await _drive(callers, target, seconds)
    elapsed = time.perf_counter() - start
    return latencies, errors, elapsed, _cpu_seconds(pid) - cpu, time.process_time() - own


async def _measure(
    base: str, pid: int, target: Target, clients: int, seconds: float, raw: bool
) -> Run:
    """One timed run: latencies, errors, elapsed s, server and load-generator CPU seconds."""
    if raw:
        host, port = base.removeprefix("http://").split(":")
        conns = await asyncio.gather(
            *(RawConnection.open(host, int(port), target) for _ in range(clients))
        )
        try:
            return await _timed([c.call for c in conns], target, pid, seconds)
        finally:
            for conn in conns:
                conn.close()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:

        async def call() -> int:
            resp = await client.get(target.path, headers=target.headers)
            return resp.status_code

        return await _timed([call] * clients, target, pid, seconds)


def _phase(
    target: Target, clients: int, runs: list[tuple[list[float], int, float, float, float]]
) -> Phase:
    latencies = sorted(x for run in runs for x in run[0])
    elapsed = sum(run[2] for run in runs)
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] if latencies else 0.0
    return Phase(
        target=target,
        clients=clients,
        requests=len(latencies),
        errors=sum(run[1] for run in runs),
        seconds=elapsed,
        p50_ms=statistics.median(latencies) * 1000 if latencies else 0.0,
        p99_ms=p99 * 1000,
        server_cpu=sum(run[3] for run in runs) / elapsed,
        client_cpu=sum(run[4] for run in runs) / elapsed,
    )


async def phases_for(
    base: str, pid: int, revision: str, clients: int, seconds: float, rounds: int, raw: bool
) -> list[Phase]:
    """Every target, `rounds` times in turn (so a drift in machine load hits them alike)."""
    runs: dict[str, list[Run]] = {}
    for _ in range(rounds):
        for target in targets(revision):
            run = await _measure(base, pid, target, clients, seconds / rounds, raw)
            runs.setdefault(target.name, []).append(run)
    return [_phase(t, clients, runs[t.name]) for t in targets(revision)]


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


async def run(seconds: float, client_counts: list[int], rounds: int, raw: bool) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="satupintu-bench-"))
    url = f"sqlite+aiosqlite:///{workdir / 'bench.db'}"
    revision = await prepare(url)
    port = _free_port()
    proc = await asyncio.create_subprocess_exec(sys.executable, __file__, "--serve", url, str(port))
    base = f"http://127.0.0.1:{port}"
    try:
        await _wait_ready(base)
        payload = await sizes(base)
        phases: list[Phase] = []
        for clients in client_counts:
            phases += await phases_for(base, proc.pid, revision, clients, seconds, rounds, raw)
            print("\n".join(_row(p, phases) for p in phases[-5:]), file=sys.stderr)
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


def report(result: dict[str, Any], seconds: float, rounds: int, client: str) -> str:
    phases: list[Phase] = result["phases"]
    raw, gzipped, count = result["payload"]
    day = datetime.now(UTC).date().isoformat()
    counts = " ".join(str(c) for c in sorted({p.clients for p in phases}))
    lines = [
        f"### Catalog API — {day} — `python bench/catalog_list.py --seconds {seconds:g}"
        f" --clients {counts} --rounds {rounds} --client {client}`",
        "",
        f"uvicorn, 1 worker, SQLite (WAL) on 127.0.0.1; load from {LOADERS[client]} in one "
        "process, "
        f"{seconds:g} s per row in {rounds} interleaved rounds, each after a 1 s warm-up. "
        f"Python {platform.python_version()}, "
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
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--clients", type=int, nargs="+", default=[64, 256])
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds per target")
    parser.add_argument(
        "--client",
        choices=["httpx", "raw"],
        default="httpx",
        help="load generator: httpx.AsyncClient, or a bare keep-alive socket client",
    )
    parser.add_argument("--append", type=Path, help="append the figures to this Markdown file")
    args = parser.parse_args()
    result = asyncio.run(run(args.seconds, args.clients, args.rounds, args.client == "raw"))
    text = report(result, args.seconds, args.rounds, args.client)
    print(text)
    if args.append:
        with args.append.open("a", encoding="utf-8") as out:
            out.write("\n" + text)


if __name__ == "__main__":
    main()
