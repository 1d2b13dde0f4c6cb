"""Tests: builders with defaults for NIKs, citizens and staff (override what a test cares about)."""

from datetime import date
from itertools import count
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import Role, Sex
from server.accounts.models import Account
from server.seed import StaffSpec, create_staff

_serials = count(1)
PASSWORD = "rahasia123"


def make_nik(
    district: str = "357901",
    birth: date = date(1990, 1, 1),
    sex: Sex = Sex.FEMALE,
    serial: int | None = None,
) -> str:
    day = birth.day + (40 if sex is Sex.FEMALE else 0)
    serial = serial if serial is not None else next(_serials)
    return f"{district}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


def citizen_payload(**overrides: Any) -> dict[str, Any]:
    birth = overrides.pop("birth", date(1990, 1, 1))
    sex = overrides.pop("sex", Sex.FEMALE)
    payload = {
        "nik": make_nik(birth=birth, sex=sex),
        "full_name": "Siti Aminah",
        "birth_date": birth.isoformat(),
        "sex": sex.value,
        "phone": "081234567890",
        "password": PASSWORD,
    }
    return payload | overrides


async def make_citizen(api: httpx.AsyncClient, **overrides: Any) -> dict[str, Any]:
    payload = citizen_payload(**overrides)
    resp = await api.post("/api/v1/auth/register", json=payload)
    assert resp.status_code == 201, resp.text
    return payload | {"id": resp.json()["id"]}


async def login(api: httpx.AsyncClient, login: str, password: str = PASSWORD) -> dict[str, str]:
    """Log in and return the Authorization header."""
    resp = await api.post("/api/v1/auth/login", json={"login": login, "password": password})
    assert resp.status_code == 200, resp.text
    return {"Authorization": f"Bearer {resp.json()['token']}"}


async def make_staff(db: AsyncSession, **overrides: Any) -> Account:
    fields: dict[str, Any] = {
        "username": f"petugas{next(_serials)}",
        "full_name": "Budi Santoso",
        "role": Role.FIELD,
        "password": PASSWORD,
        "agency_code": "DUKCAPIL",
    } | overrides
    account = await create_staff(db, StaffSpec(**fields))
    await db.commit()
    return account
