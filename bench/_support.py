"""Benchmark support: fresh databases (SQLite file or a throw-away PostgreSQL database), the
small test catalog, citizens with wallet documents created through the API, and percentiles."""

from __future__ import annotations

import asyncio
import io
import math
import sys
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
from PIL import Image
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._server import create_bench_table
from server.config import normalize_database_url
from server.db import make_engine, make_sessionmaker
from server.migrate import upgrade
from tests.builders import make_nik
from tests.server import applications_support as catalog_support

PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/test"
APPS = catalog_support.APPS
PASSWORD = "rahasia123"


async def prepare_database(url: str) -> None:
    """Migrate, import the small test catalog (one online Dukcapil form), add the bench table."""
    await upgrade(url)
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as db:
            await catalog_support.import_test_catalog(db)
        await create_bench_table(engine)
    finally:
        await engine.dispose()


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


async def _admin_sql(admin_url: str, sql: str) -> None:
    engine = make_engine(normalize_database_url(admin_url)).execution_options(
        isolation_level="AUTOCOMMIT"
    )
    try:
        async with engine.connect() as conn:
            await conn.execute(text(sql))
    finally:
        await engine.dispose()


async def create_pg_database(admin_url: str = PG_ADMIN_URL) -> tuple[str, str]:
    """A new empty database `satupintu_bench_<random>`; returns (name, async URL)."""
    name = f"satupintu_bench_{uuid.uuid4().hex[:10]}"
    await _admin_sql(admin_url, f'CREATE DATABASE "{name}"')
    base = normalize_database_url(admin_url).rsplit("/", 1)[0]
    return name, f"{base}/{name}"


async def drop_pg_database(name: str, admin_url: str = PG_ADMIN_URL) -> None:
    await _admin_sql(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def jpeg(seed: int) -> bytes:
    """A small, distinct JPEG (the wallet checks real image content)."""
    image = Image.effect_noise((160, 120), 60 + seed % 40).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


@dataclass(frozen=True)
class Citizen:
    """A registered, logged-in citizen with the two documents the test form needs."""

    auth: dict[str, str]
    kk: str
    letter: str

    def payload(self) -> dict[str, Any]:
        return catalog_support.payload(self.kk, self.letter)


async def _post(api: httpx.AsyncClient, url: str, **kwargs: Any) -> httpx.Response:
    """Setup calls only: a 503 (SQLite busy while argon2 hashing blocks the server's event
    loop, see docs/benchmarks.md) is retried after its Retry-After; anything else must pass."""
    for _ in range(5):
        resp = await api.post(url, **kwargs)
        if resp.status_code != 503:
            break
        await asyncio.sleep(float(resp.headers.get("Retry-After", "1")))
    resp.raise_for_status()
    return resp


async def _upload(api: httpx.AsyncClient, auth: dict[str, str], kind: str, seed: int) -> str:
    files = {"file": (f"{kind}.jpg", jpeg(seed), "image/jpeg")}
    headers = auth | {"Idempotency-Key": str(uuid.uuid4())}
    resp = await _post(
        api, "/api/v1/me/documents", data={"type": kind}, files=files, headers=headers
    )
    return str(resp.json()["id"])


def _letters(serial: int) -> str:
    """Names take letters only: 0 → "Aa", 1 → "Ab", …"""
    out = ""
    serial += 26
    while serial:
        serial, rest = divmod(serial, 26)
        out = "abcdefghijklmnopqrstuvwxyz"[rest] + out
    return out.capitalize()


async def new_citizen(api: httpx.AsyncClient, serial: int) -> Citizen:
    """Register (NIK from Kota Batu, a distinct birth date per 9,999 serials), log in, upload."""
    birth = date(1960, 1, 1) + timedelta(days=serial // 9999)
    nik = make_nik(birth=birth, serial=serial % 9999 + 1)
    body = {
        "nik": nik,
        "full_name": f"Warga {_letters(serial)}",
        "birth_date": birth.isoformat(),
        "sex": "female",
        "phone": "081234567890",
        "password": PASSWORD,
    }
    await _post(api, "/api/v1/auth/register", json=body)
    resp = await _post(api, "/api/v1/auth/login", json={"login": nik, "password": PASSWORD})
    auth = {"Authorization": f"Bearer {resp.json()['token']}"}
    kk = await _upload(api, auth, "kk", serial)
    letter = await _upload(api, auth, "surat_keterangan", serial + 1)
    return Citizen(auth, kk, letter)


async def new_citizens(base_url: str, count: int, parallel: int = 4) -> list[Citizen]:
    gate = asyncio.Semaphore(parallel)

    async def one(api: httpx.AsyncClient, serial: int) -> Citizen:
        async with gate:
            return await new_citizen(api, serial)

    async with httpx.AsyncClient(base_url=base_url, timeout=60) as api:
        return list(await asyncio.gather(*(one(api, i) for i in range(count))))


def percentile(sorted_values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile of already sorted values (0 for none)."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(pct / 100 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


class RawHttp:
    """A minimal HTTP/1.1 keep-alive client on one connection (asyncio streams): a load
    generator far lighter than httpx, so on 2 shared cores the server, not the client, is
    measured. Enough for uvicorn's JSON answers (always with Content-Length)."""

    def __init__(self, url: str) -> None:
        host, port = url.removeprefix("http://").split(":")
        self.host, self.port = host, int(port)
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(
        self, method: str, path: str, headers: dict[str, str], body: bytes = b""
    ) -> tuple[int, bytes]:
        """(status, body); on any error the connection is dropped and the error raised."""
        try:
            return await self._exchange(method, path, headers, body)
        except BaseException:
            self.close()
            raise

    async def _exchange(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        lines.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionResetError("server closed the connection")
        length, close = 0, False
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "connection" and value.strip().lower() == "close":
                close = True
        data = await self.reader.readexactly(length)
        if close:
            self.close()
        return int(status_line.split()[1]), data

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None
