"""Tests: what the jemput bola (citizen) tests share — the real API in-process with the shipped
catalog, a wire that can lose its signal for the visit endpoints, a citizen of Kota Batu with
profile and an elderly mother, a field team at MPP-BATU and its coordinator."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.main import build_main
from app.services.api import ApiClient
from app.services.tokens import TOKEN_KEY
from app.settings import AppSettings
from contracts.enums import Role
from server.app import create_app
from server.applications.calendar import is_working_day
from server.catalog.service import import_catalog, load_catalog_dir
from server.config import Settings
from server.visits.models import Visit
from server.visits.teams import TeamSpec, create_team
from tests.app.harness import FletHarness
from tests.app.screen_support import BASE_URL
from tests.builders import PASSWORD, login, make_citizen, make_staff

SOURCE = load_catalog_dir()
HOLIDAYS = frozenset(h.date for h in SOURCE.holidays)
VISITS = "/api/v1/me/visits"
KTP = "dukcapil-ktp-el-perekaman"  # requirements: nik (profile), kk (document)
IKD = "dukcapil-ikd-aktivasi"  # ktp (document)
CENTER = "MPP-BATU"
MOTHER_BIRTH = date(1950, 3, 15)


class VisitWire(httpx.AsyncBaseTransport):
    """The in-process API. `offline` drops every request to the citizen's visits and inbox;
    `no_signal` drops every request (at the door, nothing gets through)."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.offline = False
        self.no_signal = False
        self.requests: list[str] = []  # Idempotency-Key of every visit request attempt

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if request.method == "POST" and path == VISITS:
            self.requests.append(request.headers.get("Idempotency-Key", ""))
        cut = self.offline and ("/me/visits" in path or "/me/notifications" in path)
        if cut or self.no_signal:
            raise httpx.ConnectError("network is unreachable", request=request)
        return await self.inner.handle_async_request(request)


@dataclass
class VisitWorld:
    client: httpx.AsyncClient
    wire: VisitWire
    db: AsyncSession
    citizen: dict[str, Any] = field(default_factory=dict)
    auth: dict[str, str] = field(default_factory=dict)
    mother: dict[str, Any] = field(default_factory=dict)

    @property
    def bearer(self) -> str:
        return self.auth["Authorization"].removeprefix("Bearer ")

    def api(self) -> ApiClient:
        return ApiClient(self.client, token=self.bearer)

    async def visit_count(self) -> int:
        self.db.expire_all()
        return int(await self.db.scalar(select(func.count()).select_from(Visit)) or 0)

    def harness(self, route: str, **kw: Any) -> FletHarness:
        settings = AppSettings(api_url=BASE_URL, language="id", device_name="pytest")
        h = FletHarness(build_main(settings, http=self.client), route=route, **kw)
        h.secure_storage[TOKEN_KEY] = self.bearer
        return h


@pytest.fixture(name="vw")
async def visit_world(settings: Settings, db: AsyncSession) -> AsyncIterator[VisitWorld]:
    await import_catalog(db, SOURCE)
    await db.commit()
    app = create_app(settings)
    wire = VisitWire(httpx.ASGITransport(app=app, raise_app_exceptions=False))
    async with httpx.AsyncClient(transport=wire, base_url=BASE_URL) as client:
        w = VisitWorld(client, wire, db)
        w.citizen = await make_citizen(client, full_name="Siti Aminah")
        w.auth = await login(client, w.citizen["nik"])
        await fill_profile(w)
        w.mother = await add_member(w, "Sumarni", MOTHER_BIRTH)
        yield w
    await app.state.engine.dispose()


async def fill_profile(w: VisitWorld) -> None:
    profile = (await w.client.get("/api/v1/me/profile", headers=w.auth)).json()
    body = {
        "full_name": profile["full_name"],
        "birth_date": profile["birth_date"],
        "phone": "081234567890",
        "province_code": "35",
        "regency_code": "3579",
        "district_code": "357901",
        "village": "Sisir",
    }
    headers = w.auth | {"If-Match": f'"{profile["version"]}"'}
    resp = await w.client.put("/api/v1/me/profile", json=body, headers=headers)
    assert resp.status_code == 200, resp.text


async def add_member(w: VisitWorld, name: str, birth: date) -> dict[str, Any]:
    body = {"full_name": name, "birth_date": birth.isoformat(), "relationship": "parent"}
    resp = await w.client.post("/api/v1/me/family", json=body, headers=w.auth)
    assert resp.status_code == 201, resp.text
    return dict(resp.json())


def working_days(count: int, after: int = 2) -> list[date]:
    """Working days (no weekend, no listed holiday) from `after` days ahead: never "today"
    in any zone, always within the booking window."""
    days: list[date] = []
    day = date.today() + timedelta(days=after)
    while len(days) < count:
        if is_working_day(day, HOLIDAYS):
            days.append(day)
        day += timedelta(days=1)
    return days


def request_body(w: VisitWorld, **changes: Any) -> dict[str, Any]:
    first, second = working_days(2)
    body = {
        "family_member_id": w.mother["id"],
        "service_codes": [KTP],
        "reason": "elderly",
        "location": {"district_code": "357901", "village": "Sisir", "landmark": "Dekat masjid"},
        "preferred": [
            {"date": first.isoformat(), "window": "morning"},
            {"date": second.isoformat(), "window": "afternoon"},
        ],
        "contact_phone": "081234567890",
    }
    return body | changes


async def file_visit(w: VisitWorld, **changes: Any) -> dict[str, Any]:
    headers = w.auth | {"Idempotency-Key": str(uuid.uuid4())}
    resp = await w.client.post(VISITS, json=request_body(w, **changes), headers=headers)
    assert resp.status_code == 201, resp.text
    return dict(resp.json())


@dataclass
class Team:
    id: str
    name: str
    officers: list[dict[str, str]]  # each officer's login header
    coordinator: dict[str, str]


async def field_team(w: VisitWorld, name: str = "Tim Jemput Bola 1", size: int = 1) -> Team:
    """Field officers of MPP-BATU in a team, and a coordinator of the center."""
    officers, usernames = [], []
    for i in range(size):
        staff = await make_staff(
            w.db, role=Role.FIELD, service_center_code=CENTER, full_name=f"Petugas {name} {i + 1}"
        )
        assert staff.username
        usernames.append(staff.username)
        officers.append(await login(w.client, staff.username, PASSWORD))
    team = await create_team(w.db, TeamSpec(center=CENTER, name=name, members=tuple(usernames)))
    await w.db.commit()
    boss = await make_staff(w.db, role=Role.COORDINATOR, service_center_code=CENTER)
    assert boss.username
    return Team(team.id, name, officers, await login(w.client, boss.username, PASSWORD))


async def schedule(w: VisitWorld, team: Team, visit_id: str, day: date) -> dict[str, Any]:
    path = f"/api/v1/officer/visits/{visit_id}"
    current = await w.client.get(path, headers=team.coordinator)
    assert current.status_code == 200, current.text
    headers = team.coordinator | {"If-Match": f'"{current.json()["version"]}"'}
    body = {"team_id": team.id, "date": day.isoformat(), "window": "morning"}
    resp = await w.client.post(f"{path}/schedule", json=body, headers=headers)
    assert resp.status_code == 200, resp.text
    return dict(resp.json())


async def officer_card(w: VisitWorld, officer: dict[str, str]) -> str:
    """The officer's signed card token (what their card QR shows)."""
    resp = await w.client.get("/api/v1/identity/officer-credential", headers=officer)
    assert resp.status_code == 200, resp.text
    return str(resp.json()["token"])
