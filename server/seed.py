"""Server layer: demo accounts for development and staff creation used by `satupintu admin`."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.accounts import RegisterRequest
from contracts.enums import Role, Sex
from server.accounts import service
from server.accounts.models import Account
from server.accounts.security import hash_password
from server.errors import AppError
from server.visits.teams import TeamSpec, create_team, team_named


@dataclass(frozen=True)
class StaffSpec:
    username: str
    full_name: str
    role: Role
    password: str
    agency_code: str | None = None
    service_center_code: str | None = None
    district_codes: tuple[str, ...] = ()


DEMO_CITIZEN = RegisterRequest(
    nik="3579014101900001",
    full_name="Siti Aminah",
    birth_date=date(1990, 1, 1),
    sex=Sex.FEMALE,
    phone="081234567890",
    password="wargademo1",
)
DEMO_STAFF = (
    StaffSpec(
        "petugas.batu",
        "Budi Santoso",
        Role.FIELD,
        "petugasdemo1",
        "DUKCAPIL",
        "MPP-BATU",
        ("357901", "357902", "357903"),
    ),
    StaffSpec(
        "backoffice.batu",
        "Rina Wulandari",
        Role.BACK_OFFICE,
        "petugasdemo1",
        "DUKCAPIL",
        "MPP-BATU",
    ),
    StaffSpec(
        "koordinator.batu", "Agus Prasetyo", Role.COORDINATOR, "koordinatordemo1", None, "MPP-BATU"
    ),
    StaffSpec("admin", "Admin SatuPintu", Role.ADMIN, "admindemo123"),
)
DEMO_TEAM = TeamSpec("MPP-BATU", "Tim Jemput Bola 1", ("petugas.batu",), capacity=8)


async def create_staff(db: AsyncSession, spec: StaffSpec) -> Account:
    if spec.role is Role.CITIZEN:
        raise ValueError("staff accounts need a staff role")
    username = spec.username.strip().lower()
    if not username or username.isdigit() or " " in username:
        raise ValueError("username must be one word and not only digits")
    if await db.scalar(select(Account.id).where(Account.username == username)):
        raise ValueError(f"username {username!r} exists already")
    account = Account(
        role=spec.role,
        username=username,
        full_name=spec.full_name,
        password_hash=hash_password(spec.password),
        agency_code=spec.agency_code,
        service_center_code=spec.service_center_code,
        district_codes=list(spec.district_codes),
    )
    db.add(account)
    await db.flush()
    return account


async def seed_demo(db: AsyncSession) -> list[str]:
    """Create the demo accounts (and the demo jemput bola team) that are missing; return the
    logins (and team) created (idempotent)."""
    created = []
    try:
        await service.register(db, DEMO_CITIZEN)
        created.append(DEMO_CITIZEN.nik)
    except AppError:
        pass  # already there
    for spec in DEMO_STAFF:
        if not await db.scalar(select(Account.id).where(Account.username == spec.username)):
            await create_staff(db, spec)
            created.append(spec.username)
    if await team_named(db, DEMO_TEAM.center, DEMO_TEAM.name) is None:
        await create_team(db, DEMO_TEAM)
        created.append(DEMO_TEAM.name)
    await db.commit()
    return created


def demo_logins() -> list[tuple[str, str, str]]:
    """(role, login, password) of every demo account, for printing."""
    rows = [("citizen", DEMO_CITIZEN.nik, DEMO_CITIZEN.password)]
    return rows + [(s.role.value, s.username, s.password) for s in DEMO_STAFF]
