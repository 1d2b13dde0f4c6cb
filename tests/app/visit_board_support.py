"""Tests: what the coordinator's jemput bola tests share — a catalog with a jemput bola service
at MPP Batu, a coordinator, field teams, elderly citizens requesting visits through the real
API, working days, and the harness with or without a map tile source."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.main import build_main
from app.services.api import ApiClient
from app.services.tokens import TOKEN_KEY
from app.settings import AppSettings
from contracts.catalog import Channel
from contracts.enums import Role
from contracts.zones import WIB
from server.applications.calendar import is_working_day
from server.catalog.importer import import_catalog
from server.visits.teams import TeamSpec, create_team
from tests.app.harness import FletHarness
from tests.app.screen_support import BASE_URL
from tests.app.test_officer_support import PLAIN_FIELDS, catalog_source, service
from tests.builders import login, make_citizen, make_staff

CENTER = "MPP-BATU"
DISTRICT = "357901"  # Batu, Kota Batu
OTHER_DISTRICT = "357903"  # Junrejo, Kota Batu
VISIT_SERVICE = "dukcapil-ktp-jb-uji"
VISITS = "/api/v1/me/visits"
STAFF = "/api/v1/officer/visits"
TILES = "https://tiles.example.test/{z}/{x}/{y}.png"
LOOPS = ("picture_loop",)


async def import_visit_catalog(db: AsyncSession) -> None:
    """The back office's test catalog plus one service offered by jemput bola (30 minutes)."""
    source = catalog_source()
    visit = service(VISIT_SERVICE, "DUKCAPIL", "Perekaman KTP-el Uji", PLAIN_FIELDS)
    visit = visit.model_copy(
        update={"channels": (Channel.ONLINE, Channel.JEMPUT_BOLA), "visit_minutes": 30}
    )
    await import_catalog(db, replace(source, services=(*source.services, visit)))
    await db.commit()


def working_days(count: int, skip: int = 0) -> list[date]:
    """The next working days from tomorrow in WIB (Batu), after skipping `skip` of them."""
    day = datetime.now(ZoneInfo(WIB)).date()
    found: list[date] = []
    while len(found) < count + skip:
        day += timedelta(days=1)
        if is_working_day(day, ()):
            found.append(day)
    return found[skip:]


async def coordinator(
    api: httpx.AsyncClient, db: AsyncSession, districts: tuple[str, ...] = ()
) -> dict[str, str]:
    staff = await make_staff(
        db,
        full_name="Koordinator Batu",
        role=Role.COORDINATOR,
        agency_code=None,
        service_center_code=CENTER,
        district_codes=districts,
    )
    assert staff.username
    return await login(api, staff.username)


async def make_team(db: AsyncSession, name: str = "Tim Jemput Bola 1", capacity: int = 8) -> str:
    field = await make_staff(db, full_name=f"Petugas {name}", service_center_code=CENTER)
    assert field.username
    team = await create_team(db, TeamSpec(CENTER, name, (field.username,), capacity=capacity))
    await db.commit()
    return team.id


class Requester:
    """An elderly citizen (born 1950) requesting visits through the real API."""

    def __init__(self, api: httpx.AsyncClient, auth: dict[str, str], name: str) -> None:
        self.api, self.auth, self.name = api, auth, name

    @classmethod
    async def create(cls, api: httpx.AsyncClient, name: str = "Mbah Sarinah") -> Requester:
        person = await make_citizen(api, full_name=name, birth=date(1950, 3, 1))
        return cls(api, await login(api, person["nik"]), name)

    async def request(
        self,
        days: list[date] | None = None,
        district: str = DISTRICT,
        position: tuple[float, float] | None = (-7.875, 112.53),
        village: str = "Sisir",
    ) -> dict[str, Any]:
        wishes = days or working_days(2)
        where: dict[str, Any] = {"district_code": district, "village": village}
        where["landmark"] = "dekat masjid"
        if position:
            where |= {"latitude": position[0], "longitude": position[1]}
        body = {
            "service_codes": [VISIT_SERVICE],
            "reason": "elderly",
            "location": where,
            "preferred": [
                {"date": d.isoformat(), "window": "morning" if i % 2 == 0 else "afternoon"}
                for i, d in enumerate(wishes)
            ],
            "contact_phone": "081234567890",
        }
        headers = self.auth | {"Idempotency-Key": str(uuid.uuid4())}
        resp = await self.api.post(VISITS, json=body, headers=headers)
        assert resp.status_code == 201, resp.text
        made: dict[str, Any] = resp.json()
        return made


async def officer_read(
    api: httpx.AsyncClient, auth: dict[str, str], visit_id: str
) -> dict[str, Any]:
    resp = await api.get(f"{STAFF}/{visit_id}", headers=auth)
    assert resp.status_code == 200, resp.text
    got: dict[str, Any] = resp.json()
    return got


async def schedule_behind(
    api: httpx.AsyncClient,
    auth: dict[str, str],
    visit_id: str,
    team_id: str,
    day: date,
    window: str = "morning",
) -> dict[str, Any]:
    """Another coordinator schedules a visit through the API (behind the screen's back)."""
    current = await api.get(f"{STAFF}/{visit_id}", headers=auth)
    headers = auth | {"If-Match": current.headers["ETag"]}
    body = {"team_id": team_id, "date": day.isoformat(), "window": window}
    resp = await api.post(f"{STAFF}/{visit_id}/schedule", json=body, headers=headers)
    assert resp.status_code == 200, resp.text
    done: dict[str, Any] = resp.json()
    return done


def client(api: httpx.AsyncClient, auth: dict[str, str]) -> ApiClient:
    return ApiClient(api, token=auth["Authorization"].removeprefix("Bearer "))


def harness(
    api: httpx.AsyncClient,
    route: str,
    auth: dict[str, str],
    *,
    tiles: str | None = None,
    language: str = "id",
) -> FletHarness:
    settings = AppSettings(
        api_url=BASE_URL,
        language=language,
        device_name="pytest",
        map_tiles_url=tiles,
        map_attribution="© Peta Uji" if tiles else None,
    )
    h = FletHarness(build_main(settings, http=api), route=route, background_tasks=LOOPS)
    h.secure_storage[TOKEN_KEY] = auth["Authorization"].removeprefix("Bearer ")
    return h
