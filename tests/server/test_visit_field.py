"""Tests: the field officer's day on SQLite and PostgreSQL — what the download carries (the
route, each visit with what it needs, the keys that verify citizens' QR codes offline), one
access-log entry per citizen, and nothing for anyone outside the team."""

from datetime import UTC, datetime, time, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.access import Purpose
from contracts.enums import Role
from contracts.identity import TokenKind, verify_token
from contracts.nik import mask_nik
from contracts.visits import DayWindow, FieldDay
from server.access.models import AccessLog
from tests.server import visit_field_support as v


@pytest.fixture
async def world(api: httpx.AsyncClient, db: AsyncSession) -> v.World:
    return await v.make_world(api, db)


async def log_entries(db: AsyncSession, citizen_id: str) -> list[AccessLog]:
    rows = await db.scalars(
        select(AccessLog).where(AccessLog.citizen_id == citizen_id).order_by(AccessLog.at)
    )
    found = list(rows)
    await db.commit()  # a fresh snapshot next time
    return found


async def total_log(db: AsyncSession) -> int:
    count = int(await db.scalar(select(func.count(AccessLog.id))) or 0)
    await db.commit()
    return count


async def download(api: httpx.AsyncClient, auth: dict[str, str], **params: Any) -> FieldDay:
    resp = await api.get(v.FIELD_DAY, params=params, headers=auth)
    assert resp.status_code == 200, resp.text
    return FieldDay.model_validate(resp.json())


async def test_the_day_carries_route_visits_checklists_and_keys(
    api: httpx.AsyncClient, db: AsyncSession, world: v.World
) -> None:
    afternoon = await v.scheduled_visit(db, world, window=DayWindow.AFTERNOON, services=(v.KTP,))
    morning = await v.scheduled_visit(db, world, for_parent=True, position=(-7.86, 112.51))
    unplaced = await v.scheduled_visit(
        db, world, position=None, services=(v.BIRTH,), window=DayWindow.AFTERNOON
    )
    await v.scheduled_visit(db, world, team=world.team_b)  # another team's
    await v.scheduled_visit(db, world, day=v.today() + timedelta(days=1))  # another day's

    day = await download(api, world.field_a.auth)

    assert day.date == v.today() and day.zone == "Asia/Jakarta"
    assert day.team.id == world.team_a and [m.id for m in day.team.members] == [world.field_a.id]
    assert day.visits[0].id == morning  # mornings first, then by number
    assert {x.id for x in day.visits[1:]} == {afternoon, unplaced}
    assert [s.visit_id for s in day.plan.stops] == [morning, afternoon]
    assert [u.visit_id for u in day.plan.unplanned] == [unplaced]
    first, second = day.plan.stops
    assert first.arrival <= first.start < first.end < second.arrival <= second.start
    assert second.start.astimezone(v.ZONE).time() >= time(13)  # waits for its window
    assert (second.end - second.start) == timedelta(minutes=45)  # the service's visit_minutes
    assert day.plan.total_km > 0 and day.plan.depot_name == "MPP Batu"
    parent = day.visits[0]
    own_visit = next(x for x in day.visits if x.id == afternoon)
    assert parent.subject.name == "Sumarni" and parent.subject.birth_date == v.PARENT_BIRTH
    assert parent.subject.nik_masked is not None and "*" in parent.subject.nik_masked
    assert parent.location.landmark == "Depan masjid" and parent.contact_phone == "081234567890"
    own = own_visit.subject
    assert own.nik_masked == mask_nik(world.citizen.nik) and own.identity_subject
    assert own.identity_subject != parent.subject.identity_subject
    seen = (await api.get(f"{v.VISITS}/{morning}", headers=world.coordinator.auth)).json()
    assert seen["subject_identity"] == parent.subject.identity_subject  # one rule for both
    assert seen["subject_nik_masked"] == parent.subject.nik_masked
    services = {s.code: s for s in parent.services}
    assert services[v.BIRTH].form_version == 1 and services[v.KTP].form_version is None
    assert [t.id for t in services[v.BIRTH].checklist][:2] == ["NIK", "KK"]
    assert "Isi formulir" in [t.id for t in services[v.BIRTH].checklist]
    assert [t.id for t in services[v.BIRTH].bring] == ["KK", "Surat keterangan lahir"]
    local_midnight = datetime.combine(v.today() + timedelta(days=1), time(), v.ZONE)
    assert day.valid_until == local_midnight.astimezone(UTC)
    assert day.keys and day.downloaded_at <= datetime.now(UTC)


async def test_citizens_qr_verifies_offline_with_the_days_keys(
    api: httpx.AsyncClient, db: AsyncSession, world: v.World
) -> None:
    """The door check: the QR the citizen shows verifies with the downloaded keys alone, and
    its subject is the one the day names for the visit."""
    await v.scheduled_visit(db, world)
    tokens = await api.post(
        "/api/v1/identity/tokens", json={"count": 1}, headers=world.citizen.auth
    )
    assert tokens.status_code == 200, tokens.text
    day = await download(api, world.field_a.auth)
    keys = [k.model_dump() for k in day.keys]
    claims = verify_token(
        tokens.json()["tokens"][0]["token"],
        keys,
        datetime.now(UTC),
        expected_kind=TokenKind.CITIZEN,
    )
    assert claims.subject == day.visits[0].subject.identity_subject


async def test_every_download_logs_each_citizen_once(
    api: httpx.AsyncClient, db: AsyncSession, world: v.World
) -> None:
    await v.scheduled_visit(db, world)
    await v.scheduled_visit(db, world, for_parent=True)
    await v.scheduled_visit(db, world, team=world.team_b)

    await download(api, world.field_a.auth)
    entries = await log_entries(db, world.citizen_id)
    assert len(entries) == 1  # two visits of one account holder: one entry
    entry = entries[0]
    assert entry.purpose is Purpose.HOME_VISIT and entry.actor_id == world.field_a.id
    assert entry.resource == f"field-day/{v.today().isoformat()}"
    assert {"nik_masked", "birth_date", "address"} <= set(entry.fields)
    assert await log_entries(db, world.parent_account_id) == []  # the parent was not read

    await download(api, world.field_a.auth)
    assert len(await log_entries(db, world.citizen_id)) == 2


async def test_default_day_and_another_day(
    api: httpx.AsyncClient, db: AsyncSession, world: v.World
) -> None:
    tomorrow = v.today() + timedelta(days=1)
    visit = await v.scheduled_visit(db, world, day=tomorrow)
    assert (await download(api, world.field_a.auth)).visits == []
    later = await download(api, world.field_a.auth, date=tomorrow.isoformat())
    assert [x.id for x in later.visits] == [visit] and later.date == tomorrow
    assert await total_log(db) == 1  # only the download that carried the citizen


async def test_upcoming_is_the_first_day_with_visits_to_make(
    api: httpx.AsyncClient, db: AsyncSession, world: v.World
) -> None:
    """The evening before: with nothing left today, `upcoming` gives the next day with visits
    (a later one is not mixed in); with nothing ahead at all, today."""
    assert (await download(api, world.field_a.auth, upcoming="true")).date == v.today()
    later, next_one = v.today() + timedelta(days=5), v.today() + timedelta(days=2)
    far = await v.scheduled_visit(db, world, day=later)
    near = await v.scheduled_visit(db, world, day=next_one)
    day = await download(api, world.field_a.auth, upcoming="true")
    assert day.date == next_one and [x.id for x in day.visits] == [near]
    today_visit = await v.scheduled_visit(db, world)
    day = await download(api, world.field_a.auth, upcoming="true")
    assert day.date == v.today() and [x.id for x in day.visits] == [today_visit]
    named = await download(api, world.field_a.auth, upcoming="true", date=later.isoformat())
    assert [x.id for x in named.visits] == [far]  # a date asked for wins


async def test_outsiders_get_nothing(
    api: httpx.AsyncClient, db: AsyncSession, world: v.World
) -> None:
    await v.scheduled_visit(db, world)
    before = await total_log(db)

    other_team = await download(api, world.field_b.auth)
    assert other_team.visits == [] and other_team.team.id == world.team_b
    named = await api.get(v.FIELD_DAY, params={"team": world.team_a}, headers=world.field_b.auth)
    assert named.status_code == 404 and named.json()["error"]["code"] == "not_found"
    for auth in (world.coordinator.auth, world.other_coordinator.auth, world.back_office.auth):
        resp = await api.get(v.FIELD_DAY, headers=auth)
        assert resp.status_code == 403 and resp.json()["error"]["code"] == "forbidden"
    resp = await api.get(v.FIELD_DAY, headers=world.citizen.auth)
    assert resp.status_code == 403
    assert await total_log(db) == before


async def test_an_officer_in_no_team(
    api: httpx.AsyncClient, db: AsyncSession, world: v.World
) -> None:
    loner = await v.staff(api, db, role=Role.FIELD, service_center_code=v.CENTER)
    resp = await api.get(v.FIELD_DAY, headers=loner.auth)
    assert resp.status_code == 404 and resp.json()["error"]["code"] == "visit_team_none"
