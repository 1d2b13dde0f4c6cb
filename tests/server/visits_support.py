"""Tests: a small jemput bola catalog, a world (citizens, coordinators, teams) and helpers to
request, schedule and move visits through the real API."""

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.catalog import (
    Agency,
    Channel,
    LocalText,
    OpeningHours,
    PrefillSource,
    Requirement,
    RequirementKind,
    ServiceCenter,
    ServiceSource,
)
from contracts.documents import DocumentType
from contracts.enums import Role, Sex
from contracts.visits import DayWindow, VisitStatus
from contracts.zones import zone_for
from server.applications.calendar import is_working_day
from server.catalog import service as catalog
from server.catalog.loader import HolidaySource
from server.visits.models import TeamDay, Visit
from server.visits.teams import TeamSpec, create_team
from server.visits.workflow import HOLDING
from tests.builders import PASSWORD, login, make_citizen, make_nik, make_staff
from tests.server import applications_support as apps

VISITS = "/api/v1/me/visits"
BOARD = "/api/v1/officer/visits"
TEAMS = "/api/v1/officer/visit-teams"
KTP = "dukcapil-ktp-el-perekaman"
IKD = "dukcapil-ikd-aktivasi"
ONLINE_ONLY = apps.SERVICE  # the birth certificate of the applications tests: not jemput bola
BATU_DISTRICT = "357901"
MALANG_DISTRICT = "357301"
HOLIDAY_OFFSET = 4  # the 4th working day from tomorrow is made a holiday in the catalog


def _t(text: str) -> LocalText:
    return LocalText(id=text, en=text)


def home_service(code: str, minutes: int, *reqs: Requirement) -> ServiceSource:
    return ServiceSource(
        code=code,
        agency="DUKCAPIL",
        category="population",
        name=LocalText(id=f"Layanan {code}", en=f"Service {code}"),
        summary=_t("Di rumah"),
        channels=(Channel.COUNTER, Channel.JEMPUT_BOLA),
        requirements=reqs,
        steps=(_t("Rekam"),),
        days=0,
        product=_t("KTP-el"),
        complaint=_t("Dukcapil"),
        visit_minutes=minutes,
    )


KK_REQ = Requirement(
    code="kk",
    kind=RequirementKind.DOCUMENT,
    label=_t("Kartu Keluarga"),
    document_type=DocumentType.KK,
)
NIK_REQ = Requirement(
    code="nik", kind=RequirementKind.PROFILE, label=_t("NIK"), profile_field=PrefillSource.NIK
)


def _center(code: str, regency: str) -> ServiceCenter:
    hours = (OpeningHours(days=(1, 2, 3, 4, 5), opens="08:00", closes="15:00"),)
    return ServiceCenter(
        code=code,
        name=code,
        address="Jl. Balai Kota",
        regency_code=regency,
        latitude=-7.87,
        longitude=112.52,
        opening_hours=hours,
        agencies=("DUKCAPIL",),
    )


def working_days(count: int, region: str = BATU_DISTRICT) -> list[date]:
    """Working days from tomorrow in the place's zone (weekends skipped, no holidays)."""
    day = datetime.now(UTC).astimezone(zone_for(region)).date()
    out: list[date] = []
    while len(out) < count:
        day += timedelta(days=1)
        if is_working_day(day, ()):
            out.append(day)
    return out


def holiday() -> date:
    return working_days(HOLIDAY_OFFSET)[-1]


def free_days(count: int) -> list[date]:
    """Working days from tomorrow that are not the catalog's test holiday."""
    return [d for d in working_days(count + 1) if d != holiday()][:count]


async def import_visit_catalog(db: AsyncSession) -> None:
    services = (
        home_service(KTP, 30, NIK_REQ, KK_REQ),
        home_service(IKD, 20, NIK_REQ),
        apps.birth_service(),
    )
    source = catalog.CatalogSource(
        agencies=(Agency(code="DUKCAPIL", short_name="Dukcapil", name=_t("Dukcapil")),),
        service_centers=(_center("MPP-BATU", "3579"), _center("MPP-MALANG", "3573")),
        services=services,
        holidays=(HolidaySource(date=holiday(), name="Libur uji"),),
    )
    await catalog.import_catalog(db, source)
    await db.commit()


@dataclass
class Citizen:
    auth: dict[str, str]
    nik: str
    birth: date
    kk: str = ""


async def new_citizen(
    api: httpx.AsyncClient, birth: date = date(1950, 3, 1), kk: bool = False
) -> Citizen:
    who = await make_citizen(api, nik=make_nik(birth=birth), birth_date=birth.isoformat())
    auth = await login(api, who["nik"])
    doc = await apps.upload(api, auth, "kk", _jpeg()) if kk else ""
    return Citizen(auth, who["nik"], birth, doc)


def _jpeg() -> bytes:
    from tests.server.test_documents import jpeg

    return jpeg((200, 150))


async def add_family(
    api: httpx.AsyncClient, citizen: Citizen, birth: date = date(1948, 5, 17)
) -> str:
    member = {
        "full_name": "Slamet",
        "nik": make_nik(birth=birth, sex=Sex.MALE),
        "birth_date": birth.isoformat(),
        "relationship": "parent",
    }
    resp = await api.post("/api/v1/me/family", json=member, headers=citizen.auth)
    assert resp.status_code == 201, resp.text
    return str(resp.json()["id"])


def body(**overrides: Any) -> dict[str, Any]:
    days = free_days(3)
    base: dict[str, Any] = {
        "service_codes": [KTP],
        "reason": "elderly",
        "location": {
            "district_code": BATU_DISTRICT,
            "village": "Sisir",
            "street": "Jl. Mawar 5",
            "landmark": "Depan masjid",
            "latitude": -7.87,
            "longitude": 112.53,
        },
        "preferred": [
            {"date": days[0].isoformat(), "window": "morning"},
            {"date": days[1].isoformat(), "window": "afternoon"},
        ],
        "contact_phone": "081234567890",
        "notes": "Rumah cat hijau",
    }
    return base | overrides


def key() -> dict[str, str]:
    return {"Idempotency-Key": str(uuid.uuid4())}


async def request(api: httpx.AsyncClient, citizen: Citizen, **overrides: Any) -> dict[str, Any]:
    resp = await api.post(VISITS, json=body(**overrides), headers=citizen.auth | key())
    assert resp.status_code == 201, resp.text
    return dict(resp.json())


def if_match(visit: dict[str, Any]) -> dict[str, str]:
    return {"If-Match": f'"{visit["version"]}"'}


async def schedule(
    api: httpx.AsyncClient,
    auth: dict[str, str],
    visit: dict[str, Any],
    team_id: str,
    day: date,
    window: str = "morning",
) -> httpx.Response:
    payload = {"team_id": team_id, "date": day.isoformat(), "window": window}
    url = f"{BOARD}/{visit['id']}/schedule"
    return await api.post(url, json=payload, headers=auth | if_match(visit))


async def ok(resp: httpx.Response, status: int = 200) -> dict[str, Any]:
    assert resp.status_code == status, resp.text
    return dict(resp.json())


def error(resp: httpx.Response) -> str:
    return str(resp.json()["error"]["code"])


@dataclass
class World:
    citizen: Citizen
    coordinator: dict[str, str]
    field: dict[str, str]  # a member of `team`
    team_id: str


async def staff(db: AsyncSession, api: httpx.AsyncClient, **overrides: Any) -> dict[str, str]:
    account = await make_staff(db, **overrides)
    return await login(api, account.username or "", PASSWORD)


async def team(
    db: AsyncSession, center: str = "MPP-BATU", capacity: int = 8, members: int = 1
) -> tuple[str, list[str]]:
    """A team with `members` new field officers; (team id, their usernames)."""
    names = []
    for _ in range(members):
        officer = await make_staff(db, role=Role.FIELD, service_center_code=center)
        names.append(officer.username or "")
    made = await create_team(
        db, TeamSpec(center, f"Tim {uuid.uuid4().hex[:6]}", tuple(names), capacity)
    )
    await db.commit()
    return made.id, names


async def make_world(api: httpx.AsyncClient, db: AsyncSession) -> World:
    await import_visit_catalog(db)
    citizen = await new_citizen(api, kk=True)
    coordinator = await staff(
        db, api, role=Role.COORDINATOR, agency_code=None, service_center_code="MPP-BATU"
    )
    team_id, names = await team(db)
    return World(citizen, coordinator, await login(api, names[0], PASSWORD), team_id)


async def booked(db: AsyncSession, team_id: str, day: date) -> int:
    row = await db.get(TeamDay, (team_id, day), populate_existing=True)
    return 0 if row is None else row.booked


async def holding(db: AsyncSession, team_id: str, day: date) -> int:
    """Visits that hold a place on the team's day: what team_days.booked must equal."""
    query = select(func.count(Visit.id)).where(
        Visit.team_id == team_id, Visit.scheduled_date == day, Visit.status.in_(HOLDING)
    )
    return int(await db.scalar(query) or 0)


async def force(
    db: AsyncSession, visit_id: str, status: VisitStatus, team_id: str, day: date
) -> None:
    """Put a visit straight into `status` (the field's steps are another feature's routes);
    a status that holds a place gets one on the team's day, as the workflow would."""
    visit = await db.get(Visit, visit_id, populate_existing=True)
    assert visit is not None
    visit.status = status
    if status in HOLDING:
        visit.team_id, visit.scheduled_date, visit.window = team_id, day, DayWindow.MORNING
        row = await db.get(TeamDay, (team_id, day))
        if row is None:
            db.add(TeamDay(team_id=team_id, date=day, booked=1, capacity=8))
        else:
            row.booked += 1
    await db.commit()
