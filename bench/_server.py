"""Benchmark support: the real API app plus bench-only baseline routes, run as a uvicorn
subprocess (1 worker) that the benchmarks can start, SIGKILL and restart.

The baseline routes exist only in this factory (`bench._server:create_bench_app`), never in
production: POST /bench/insert writes one row into a tiny table and GET /bench/read reads one,
both through the same session dependency (server.deps.Db) as every real endpoint.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
from fastapi import FastAPI
from sqlalchemy import Column, MetaData, String, Table, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from server.app import create_app
from server.deps import Db

ROOT = Path(__file__).resolve().parents[1]
BENCH_META = MetaData()
bench_rows = Table(
    "bench_rows",
    BENCH_META,
    Column("id", String(36), primary_key=True),
    Column("payload", String(100), nullable=False),
)
READ_ID = "00000000-0000-0000-0000-000000000001"


def create_bench_app() -> FastAPI:
    """server.app.create_app (settings from SATUPINTU_*) plus the two baseline routes."""
    app = create_app()

    @app.post("/bench/insert", status_code=201)
    async def bench_insert(db: Db) -> dict[str, str]:
        row_id = str(uuid.uuid4())
        await db.execute(insert(bench_rows).values(id=row_id, payload="baseline"))
        await db.commit()
        return {"id": row_id}

    @app.get("/bench/read")
    async def bench_read(db: Db) -> dict[str, str]:
        payload = await db.scalar(select(bench_rows.c.payload).where(bench_rows.c.id == READ_ID))
        return {"id": READ_ID, "payload": str(payload)}

    return app


async def create_bench_table(engine: AsyncEngine) -> None:
    """The baseline's tiny table (outside the migrations), with the one row /bench/read reads."""
    async with engine.begin() as conn:
        await conn.run_sync(BENCH_META.create_all)
        if await conn.scalar(select(bench_rows.c.id).where(bench_rows.c.id == READ_ID)) is None:
            await conn.execute(insert(bench_rows).values(id=READ_ID, payload="baseline"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ApiServer:
    """One uvicorn process (1 worker, no access log) on 127.0.0.1; kill() is a SIGKILL."""

    def __init__(self, database_url: str, data_dir: Path, port: int | None = None) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = os.environ | {
            "SATUPINTU_DATABASE_URL": database_url,
            "SATUPINTU_DATA_DIR": str(data_dir),
            "SATUPINTU_ENV": "development",
        }
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60) -> None:
        args = [sys.executable, "-m", "uvicorn", "bench._server:create_bench_app", "--factory"]
        args += ["--host", "127.0.0.1", "--port", str(self.port), "--workers", "1"]
        args += ["--no-access-log", "--log-level", "warning"]
        self.proc = subprocess.Popen(args, cwd=ROOT, env=self.env)
        self.wait_healthy(timeout)

    def wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"uvicorn exited with code {self.proc.returncode}")
            try:
                if httpx.get(f"{self.url}/health", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"the API did not answer on {self.url} within {timeout:.0f} s")

    def kill(self) -> None:
        """SIGKILL: no shutdown hooks, no rollback, open transactions die with the process."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    def __enter__(self) -> ApiServer:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()
