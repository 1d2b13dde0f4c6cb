"""Tests: every allowed and forbidden step of a visit, table-driven from VISIT_TRANSITIONS —
through the API for the citizen's and the coordinator's steps (by the right and the wrong
role), through the workflow for every action; each step an update record and a notification."""

from datetime import date
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy import update as sql_update
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import Role
from contracts.visits import (
    CITIZEN_ACTIONS,
    COORDINATOR_ACTIONS,
    FIELD_ACTIONS,
    VISIT_TRANSITIONS,
    NotCompletedReason,
    VisitAction,
    VisitStatus,
    next_status,
)
from server.accounts.models import Account
from server.applications.models import Notification
from server.errors import AppError
from server.visits import workflow
from server.visits.models import FieldTeam, Visit, VisitUpdate
from tests.server import visits_support as v


@pytest.fixture
async def world(api: httpx.AsyncClient, db: AsyncSession) -> v.World:
    return await v.make_world(api, db)


async def updates(db: AsyncSession, visit_id: str) -> int:
    query = select(func.count()).where(VisitUpdate.visit_id == visit_id)
    return int(await db.scalar(query) or 0)


def test_the_roles_split_the_actions() -> None:
    assert set(VISIT_TRANSITIONS) == CITIZEN_ACTIONS | COORDINATOR_ACTIONS | FIELD_ACTIONS
    assert not FIELD_ACTIONS & (CITIZEN_ACTIONS | COORDINATOR_ACTIONS)


async def _send(
    api: httpx.AsyncClient, world: v.World, who: str, action: str, visit: dict[str, Any], day: date
) -> httpx.Response:
    auth = {"citizen": world.citizen.auth, "coordinator": world.coordinator, "field": world.field}[
        who
    ]
    if action == "schedule":
        return await v.schedule(api, auth, visit, world.team_id, day)
    base = v.VISITS if who == "citizen" else v.BOARD
    url = f"{base}/{visit['id']}/{'reschedule' if action == 'ask_new_date' else 'cancel'}"
    body = {"preferred": v.body()["preferred"]} if action == "ask_new_date" else {"note": "Batal"}
    return await api.post(url, json=body, headers=auth | v.if_match(visit))


# (who, what they send, the action it is from each status)
SENDS = [
    ("citizen", "cancel"),
    ("citizen", "ask_new_date"),
    ("coordinator", "schedule"),
    ("coordinator", "cancel"),
]


def _action(what: str, status: VisitStatus) -> VisitAction:
    if what == "schedule":
        return VisitAction.RESCHEDULE if status is VisitStatus.SCHEDULED else VisitAction.SCHEDULE
    return VisitAction(what)


@pytest.mark.parametrize("status", list(VisitStatus))
async def test_citizen_and_coordinator_steps_from_every_status(
    api: httpx.AsyncClient, world: v.World, db: AsyncSession, status: VisitStatus
) -> None:
    first, second = v.free_days(2)
    for who, what in SENDS:
        visit = await v.request(api, world.citizen)
        await v.force(db, visit["id"], status, world.team_id, first)
        visit = await v.ok(await api.get(f"{v.VISITS}/{visit['id']}", headers=world.citizen.auth))
        before = await updates(db, visit["id"])
        resp = await _send(api, world, who, what, visit, second)
        action = _action(what, status)
        to = next_status(action, status)
        where = (who, what, status)
        if to is None:
            assert resp.status_code == 409 and v.error(resp) == "visit_state", where
            assert await updates(db, visit["id"]) == before, where
            continue
        assert resp.status_code == 200, (where, resp.text)
        out = resp.json()
        assert out["status"] == to and out["updates"][-1]["action"] == action, where
        assert out["updates"][-1]["actor"] == ("citizen" if who == "citizen" else "officer")
        assert await updates(db, visit["id"]) == before + 1
        for day in (first, second):
            assert await v.booked(db, world.team_id, day) == await v.holding(db, world.team_id, day)


async def test_the_wrong_role_is_refused(
    api: httpx.AsyncClient, world: v.World, db: AsyncSession
) -> None:
    visit = await v.request(api, world.citizen)
    day = v.free_days(1)[0]
    back_office = await v.staff(db, api, role=Role.BACK_OFFICE, service_center_code="MPP-BATU")
    for auth in (world.citizen.auth, world.field, back_office):
        resp = await v.schedule(api, auth, visit, world.team_id, day)
        assert resp.status_code == 403, resp.text
        cancel = await api.post(
            f"{v.BOARD}/{visit['id']}/cancel", json={"note": "x"}, headers=auth | v.if_match(visit)
        )
        assert cancel.status_code == 403
        pin = await api.put(
            f"{v.BOARD}/{visit['id']}/position",
            json={"latitude": -7.8, "longitude": 112.5},
            headers=auth,
        )
        assert pin.status_code == 403
    for auth in (world.coordinator, world.field):
        mine = await api.post(f"{v.VISITS}/{visit['id']}/cancel", json={}, headers=auth)
        assert mine.status_code == 403
    unchanged = await v.ok(await api.get(f"{v.VISITS}/{visit['id']}", headers=world.citizen.auth))
    assert unchanged["version"] == visit["version"] and unchanged["status"] == "requested"


@pytest.mark.parametrize("action", [a for a in VisitAction if a is not VisitAction.REQUEST])
async def test_workflow_allows_exactly_the_table(
    api: httpx.AsyncClient, world: v.World, db: AsyncSession, action: VisitAction
) -> None:
    """Every action from every status, straight through the workflow the field's routes use
    too: the table's transitions succeed with a record and a notification, the rest are 409."""
    day = v.free_days(1)[0]
    made = await v.request(api, world.citizen)
    officer = await db.scalar(select(Account).where(Account.role == Role.COORDINATOR))
    assert officer is not None
    officer_id = officer.id
    for status in VisitStatus:
        team = await db.get(FieldTeam, world.team_id, populate_existing=True)
        officer = await db.get(Account, officer_id, populate_existing=True)
        assert team is not None and officer is not None
        await v.force(db, made["id"], status, world.team_id, day)
        visit = await db.get(Visit, made["id"], populate_existing=True)
        assert visit is not None
        notes = int(await db.scalar(select(func.count(Notification.id))) or 0)
        step = workflow.Step(
            action,
            officer,
            "catatan",
            reason=NotCompletedReason.NOT_HOME if action is VisitAction.NOT_COMPLETE else None,
            team=team,
            day=v.free_days(2)[1],
            window=None
            if action not in (VisitAction.SCHEDULE, VisitAction.RESCHEDULE)
            else "morning",  # type: ignore[arg-type]
        )
        to = next_status(action, status)
        if to is None:
            with pytest.raises(AppError) as refused:
                await workflow.apply(db, visit, step)
            assert refused.value.status == 409 and refused.value.code == "visit_state"
            await db.rollback()
            continue
        update = await workflow.apply(db, visit, step)
        await db.commit()
        assert visit.status == to and update.from_status == status and update.to_status == to
        assert int(await db.scalar(select(func.count(Notification.id))) or 0) == notes + 1
        # back to a clean slate for the next status
        await db.execute(
            sql_update(Visit)
            .where(Visit.id == made["id"])
            .values(team_id=None, scheduled_date=None)
        )
        await db.commit()


async def test_each_step_notifies_the_citizen_with_date_and_window(
    api: httpx.AsyncClient, world: v.World
) -> None:
    day = v.free_days(1)[0]
    visit = await v.request(api, world.citizen)
    await v.ok(await v.schedule(api, world.coordinator, visit, world.team_id, day, "afternoon"))
    inbox = (await api.get("/api/v1/me/notifications", headers=world.citizen.auth)).json()
    newest = inbox["items"][0]
    assert newest["kind"] == "visit_status" and newest["visit_id"] == visit["id"]
    assert newest["params"] == {
        "number": visit["number"],
        "status": "scheduled",
        "action": "schedule",
        "date": day.isoformat(),
        "window": "afternoon",
    }
    assert inbox["unread"] == 2
