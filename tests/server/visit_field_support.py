"""Tests: a jemput bola world for the field officer's tests — a catalog with home-visit
services, two teams at MPP-BATU, a citizen and their parent, visits requested and scheduled
through the real workflow."""

import secrets
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.catalog import Channel, ServiceSource
from contracts.enums import Role
from contracts.visits import DayWindow, VisitAction, VisitReason
from server.accounts.models import Account
from server.catalog import service as catalog
from server.db import utcnow
from server.visits import teams, workflow
from server.visits.models import FieldTeam, Visit
from tests.builders import login, make_citizen, make_nik, make_staff
from tests.server import applications_support as s
from tests.server.test_applications import Citizen, new_citizen

FIELD_DAY = "/api/v1/officer/field-day"
VISITS = "/api/v1/officer/visits"
CENTER = "MPP-BATU"
ZONE = ZoneInfo("Asia/Jakarta")  # Batu (regency 3579) is in WIB
BIRTH = s.SERVICE  # online form: can be filed at the door
KTP = "dukcapil-ktp-rekam"  # counter and home visit only: nothing to file in the app
OTHER = s.OTHER_AGENCY_SERVICE  # not a service of any visit here
PARENT_BIRTH = date(1950, 3, 3)


def home_services() -> tuple[ServiceSource, ...]:
    birth = s.birth_service().model_copy(
        update={"channels": (Channel.ONLINE, Channel.COUNTER, Channel.JEMPUT_BOLA)}
    )
    ktp = s.counter_only_service().model_copy(update={"visit_minutes": 45})
    return birth, ktp, s.tax_service()


@dataclass
class Staff:
    id: str
    auth: dict[str, str]


@dataclass
class World:
    citizen: Citizen
    citizen_id: str
    parent_id: str  # a family member with an account of their own
    parent_account_id: str
    team_a: str
    team_b: str
    field_a: Staff
    field_b: Staff
    coordinator: Staff
    other_coordinator: Staff
    back_office: Staff


async def staff(api: httpx.AsyncClient, db: AsyncSession, **fields: Any) -> Staff:
    account = await make_staff(db, **fields)
    return Staff(account.id, await login(api, account.username or ""))


async def _team(db: AsyncSession, name: str, member: str) -> str:
    team = await teams.create_team(db, teams.TeamSpec(CENTER, name, (member,), capacity=100))
    await db.commit()
    return team.id


async def make_world(api: httpx.AsyncClient, db: AsyncSession) -> World:
    await s.import_test_catalog(db, *home_services())
    citizen = await new_citizen(api)
    parent = await make_citizen(api, nik=make_nik(birth=PARENT_BIRTH), birth=PARENT_BIRTH,
                                full_name="Sumarni")  # fmt: skip
    member = {"full_name": "Sumarni", "nik": parent["nik"], "birth_date": PARENT_BIRTH.isoformat(),
              "relationship": "parent"}  # fmt: skip
    resp = await api.post("/api/v1/me/family", json=member, headers=citizen.auth)
    assert resp.status_code == 201, resp.text
    field = {"role": Role.FIELD, "service_center_code": CENTER}
    a = await make_staff(db, **field)
    b = await make_staff(db, **field)
    citizen_id = await db.scalar(select(Account.id).where(Account.nik == citizen.nik))
    assert citizen_id is not None
    return World(
        citizen=citizen,
        citizen_id=citizen_id,
        parent_id=resp.json()["id"],
        parent_account_id=parent["id"],
        team_a=await _team(db, "Tim Jemput Bola 1", a.username or ""),
        team_b=await _team(db, "Tim Jemput Bola 2", b.username or ""),
        field_a=Staff(a.id, await login(api, a.username or "")),
        field_b=Staff(b.id, await login(api, b.username or "")),
        coordinator=await staff(
            api, db, role=Role.COORDINATOR, agency_code=None, service_center_code=CENTER
        ),
        other_coordinator=await staff(
            api, db, role=Role.COORDINATOR, agency_code=None, service_center_code="MPP-MALANG"
        ),
        back_office=await staff(api, db, role=Role.BACK_OFFICE, service_center_code=CENTER),
    )


def today() -> date:
    return datetime.now(ZONE).date()


def _number() -> str:
    return f"JB-{today():%y%m%d}-{secrets.token_hex(3).upper()}"


async def _services(db: AsyncSession, codes: tuple[str, ...]) -> list[dict[str, Any]]:
    out = []
    for code in codes:
        service = await catalog.active_service(db, code)
        out.append({"code": code, "name": service.name.model_dump()})
    return out


async def scheduled_visit(
    db: AsyncSession,
    world: World,
    *,
    team: str | None = None,
    for_parent: bool = False,
    day: date | None = None,
    window: DayWindow = DayWindow.MORNING,
    services: tuple[str, ...] = (BIRTH, KTP),
    position: tuple[float, float] | None = (-7.88, 112.53),
) -> str:
    """A visit requested by the citizen and scheduled by the coordinator (the real workflow:
    update records, notifications, the team day's place)."""
    citizen = await db.get(Account, world.citizen_id)
    coordinator = await db.get(Account, world.coordinator.id)
    team_row = await db.get(FieldTeam, team or world.team_a)
    assert citizen is not None and coordinator is not None and team_row is not None
    now = utcnow()
    visit = Visit(
        id=str(uuid.uuid4()),
        number=_number(),
        citizen_id=citizen.id,
        family_member_id=world.parent_id if for_parent else None,
        subject_name="Sumarni" if for_parent else citizen.full_name,
        subject_birth_date=PARENT_BIRTH if for_parent else citizen.birth_date,
        reason=VisitReason.ELDERLY if for_parent else VisitReason.SICK,
        services=await _services(db, services),
        district_code="357901",
        village="Sisir",
        street="Jl. Diponegoro 5",
        landmark="Depan masjid",
        latitude=position[0] if position else None,
        longitude=position[1] if position else None,
        preferred=[],
        contact_phone="081234567890",
        notes="Rumah pagar hijau",
        service_center_code=CENTER,
        requested_at=now,
        updated_at=now,
        idempotency_key=str(uuid.uuid4()),
        request_hash="0" * 64,
    )
    await workflow.apply(db, visit, workflow.Step(VisitAction.REQUEST, citizen))
    db.add(visit)
    with db.no_autoflush:  # the visit's row before its notification's (no relationship orders them)
        await _flush_visit_first(db, visit)
    step = workflow.Step(
        VisitAction.SCHEDULE, coordinator, team=team_row, day=day or today(), window=window
    )
    await workflow.apply(db, visit, step)
    await db.commit()
    return visit.id


async def _flush_visit_first(db: AsyncSession, visit: Visit) -> None:
    later = [o for o in db.new if o is not visit]
    for pending in later:
        db.expunge(pending)
    await db.flush()
    db.add_all(later)
    await db.flush()


def key() -> dict[str, str]:
    return {"Idempotency-Key": str(uuid.uuid4())}


def action(name: str, **extra: Any) -> dict[str, Any]:
    return {"action": name, "occurred_at": utcnow().isoformat()} | extra


async def act(
    api: httpx.AsyncClient,
    auth: dict[str, str],
    visit_id: str,
    body: dict[str, Any],
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    sent = auth | (headers if headers is not None else key())
    return await api.post(f"{VISITS}/{visit_id}/actions", json=body, headers=sent)
