"""Tests: the field officer's steps on SQLite and PostgreSQL — every transition allowed and
refused, what each step must carry, exactly once per Idempotency-Key (a device retrying after
lost answers, two sends at once), in order with the times they happened in the field."""

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.visits import FIELD_ACTIONS, VisitAction, VisitStatus, next_status
from server.access.models import AccessLog
from server.applications.models import Notification
from server.visits.models import TeamDay, Visit, VisitUpdate
from tests.server import visit_field_support as v

ROUNDS = 4  # each round a fresh visit: the interleaving varies between rounds
# the steps that lead a scheduled visit to each status the field can meet
PATHS: dict[VisitStatus, tuple[VisitAction, ...]] = {
    VisitStatus.SCHEDULED: (),
    VisitStatus.ON_THE_WAY: (VisitAction.DEPART,),
    VisitStatus.ARRIVED: (VisitAction.DEPART, VisitAction.ARRIVE),
    VisitStatus.COMPLETED: (VisitAction.ARRIVE, VisitAction.COMPLETE),
    VisitStatus.NOT_COMPLETED: (VisitAction.DEPART, VisitAction.NOT_COMPLETE),
}


@pytest.fixture
async def world(api: httpx.AsyncClient, db: AsyncSession) -> v.World:
    return await v.make_world(api, db)


def body(action: VisitAction, **extra: Any) -> dict[str, Any]:
    if action is VisitAction.NOT_COMPLETE:
        extra.setdefault("reason", "not_home")
    return v.action(action.value, **extra)


async def updates(db: AsyncSession, visit_id: str) -> list[VisitUpdate]:
    rows = await db.scalars(
        select(VisitUpdate).where(VisitUpdate.visit_id == visit_id).order_by(VisitUpdate.at)
    )
    found = list(rows)
    await db.commit()  # a fresh snapshot next time
    return found


async def visit_row(db: AsyncSession, visit_id: str) -> Visit:
    found = await db.get(Visit, visit_id, populate_existing=True)
    assert found is not None
    await db.commit()
    return found


async def at_status(
    api: httpx.AsyncClient, db: AsyncSession, world: v.World, status: VisitStatus
) -> str:
    visit_id = await v.scheduled_visit(db, world)
    for step in PATHS[status]:
        resp = await v.act(api, world.field_a.auth, visit_id, body(step))
        assert resp.status_code == 200, resp.text
    return visit_id


async def test_every_field_transition_allowed_or_refused(
    api: httpx.AsyncClient, db: AsyncSession, world: v.World
) -> None:
    for start in PATHS:
        for step in sorted(FIELD_ACTIONS):
            visit_id = await at_status(api, db, world, start)
            before = len(await updates(db, visit_id))
            resp = await v.act(api, world.field_a.auth, visit_id, body(step))
            to = next_status(step, start)
            if to is None:
                assert resp.status_code == 409, (start, step, resp.text)
                assert resp.json()["error"]["code"] == "visit_state"
                assert len(await updates(db, visit_id)) == before
            else:
                assert resp.status_code == 200, (start, step, resp.text)
                assert resp.json()["status"] == to.value
                last = (await updates(db, visit_id))[-1]
                assert (last.action, last.from_status, last.to_status) == (step, start, to)
                assert last.actor_id == world.field_a.id


async def test_coordinators_steps_are_not_the_fields(
    api: httpx.AsyncClient, db: AsyncSession, world: v.World
) -> None:
    visit_id = await v.scheduled_visit(db, world)
    for name in ("cancel", "schedule", "request", "reschedule", "ask_new_date"):
        resp = await v.act(api, world.field_a.auth, visit_id, v.action(name))
        assert resp.status_code == 422, resp.text
        assert resp.json()["error"]["fields"][0]["field"] == "action"


async def test_outsiders_cannot_act_and_learn_nothing(
    api: httpx.AsyncClient, db: AsyncSession, world: v.World
) -> None:
    visit_id = await v.scheduled_visit(db, world)
    other_team = await v.act(api, world.field_b.auth, visit_id, body(VisitAction.DEPART))
    missing = await v.act(api, world.field_b.auth, "no-such-visit", body(VisitAction.DEPART))
    assert other_team.status_code == missing.status_code == 404
    assert other_team.json() == missing.json()
    for auth in (world.coordinator.auth, world.other_coordinator.auth, world.back_office.auth):
        resp = await v.act(api, auth, visit_id, body(VisitAction.DEPART))
        assert resp.status_code == 403, resp.text
    resp = await v.act(api, world.citizen.auth, visit_id, body(VisitAction.DEPART))
    assert resp.status_code == 403
    assert len(await updates(db, visit_id)) == 2  # request, schedule
    assert await db.scalar(select(func.count(AccessLog.id))) == 0


async def test_not_completed_needs_a_reason_and_frees_the_place(
    api: httpx.AsyncClient, db: AsyncSession, world: v.World
) -> None:
    visit_id = await v.scheduled_visit(db, world)
    day = await db.get(TeamDay, (world.team_a, v.today()))
    assert day is not None and day.booked == 1
    await db.commit()
    no_reason = await v.act(api, world.field_a.auth, visit_id, v.action("not_complete"))
    assert no_reason.status_code == 422
    assert no_reason.json()["error"]["fields"][0] == {
        "field": "reason", "code": "missing", "message": "Wajib diisi."
    }  # fmt: skip
    other = v.action("not_complete", reason="other")
    assert (await v.act(api, world.field_a.auth, visit_id, other)).status_code == 422
    other["note"] = "Rumah kosong, tetangga bilang pindah"
    done = await v.act(api, world.field_a.auth, visit_id, other)
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "not_completed"
    row = await visit_row(db, visit_id)
    assert row.not_completed_reason == "other"
    assert [s["done"] for s in row.services] == [False, False]
    freed = await db.get(TeamDay, (world.team_a, v.today()), populate_existing=True)
    assert freed is not None and freed.booked == 0


async def test_completion_records_outcomes_photos_and_the_qr_check(
    api: httpx.AsyncClient, db: AsyncSession, world: v.World
) -> None:
    visit_id = await at_status(api, db, world, VisitStatus.ARRIVED)
    outcomes = [{"code": v.KTP, "done": False, "note": "Alat perekaman rusak"}]
    resp = await v.act(
        api,
        world.field_a.auth,
        visit_id,
        v.action("complete", services=outcomes, citizen_verified=True, note="Selesai"),
    )
    assert resp.status_code == 200, resp.text
    row = await visit_row(db, visit_id)
    done = {s["code"]: (s["done"], s.get("note")) for s in row.services}
    assert done == {v.BIRTH: (True, None), v.KTP: (False, "Alat perekaman rusak")}
    last = (await updates(db, visit_id))[-1]
    assert last.note is not None and last.note.startswith("Selesai\n") and "QR" in last.note
    notes = await db.scalars(
        select(Notification).where(Notification.visit_id == visit_id).order_by(Notification.at)
    )
    assert [n.params["status"] for n in notes][-1] == "completed"

    arrived = await at_status(api, db, world, VisitStatus.ARRIVED)
    for extra in ({"services": [{"code": v.OTHER, "done": True}]}, {"photo_ids": [visit_id]}):
        resp = await v.act(api, world.field_a.auth, arrived, v.action("complete", **extra))
        assert resp.status_code == 422, resp.text


async def test_occurred_at_is_kept_and_a_clock_ahead_refused(
    api: httpx.AsyncClient, db: AsyncSession, world: v.World
) -> None:
    visit_id = await v.scheduled_visit(db, world)
    ahead = (datetime.now(UTC) + timedelta(hours=25)).isoformat()
    resp = await v.act(api, world.field_a.auth, visit_id, {"action": "depart", "occurred_at": ahead})
    assert resp.status_code == 422
    assert resp.json()["error"]["fields"][0]["code"] == "occurred_in_future"
    naive = {"action": "depart", "occurred_at": "2026-12-01T08:00:00"}
    assert (await v.act(api, world.field_a.auth, visit_id, naive)).status_code == 422
    earlier = datetime.now(UTC) - timedelta(hours=3)
    sent = {"action": "depart", "occurred_at": earlier.isoformat()}
    assert (await v.act(api, world.field_a.auth, visit_id, sent)).status_code == 200
    last = (await updates(db, visit_id))[-1]
    assert last.occurred_at == earlier and last.at > earlier


async def test_the_key_is_required_and_bound_to_its_body(
    api: httpx.AsyncClient, db: AsyncSession, world: v.World
) -> None:
    visit_id = await v.scheduled_visit(db, world)
    resp = await v.act(api, world.field_a.auth, visit_id, body(VisitAction.DEPART), headers={})
    assert resp.status_code == 400
    assert resp.json()["error"]["code"] == "idempotency_key_required"
    headers = v.key()
    first = await v.act(api, world.field_a.auth, visit_id, body(VisitAction.DEPART), headers)
    assert first.status_code == 200 and "Idempotent-Replayed" not in first.headers
    other = await v.act(api, world.field_a.auth, visit_id, body(VisitAction.ARRIVE), headers)
    assert other.status_code == 422
    assert other.json()["error"]["code"] == "idempotency_key_reused"
    assert len(await updates(db, visit_id)) == 3


async def test_an_offline_day_sent_twice_applies_once_in_order(
    api: httpx.AsyncClient, db: AsyncSession, world: v.World
) -> None:
    """A device queued the day's steps offline and sends them in order; the answers were
    lost, so it sends the whole queue again: every step lands once, in order, with the
    times it happened, and each resend answers what the first send answered."""
    first_visit = await v.scheduled_visit(db, world)
    second_visit = await v.scheduled_visit(db, world, for_parent=True)
    start = datetime.now(UTC) - timedelta(hours=6)
    queue: list[tuple[str, dict[str, Any], dict[str, str]]] = []
    steps = [
        (first_visit, {"action": "depart"}),
        (first_visit, {"action": "arrive"}),
        (first_visit, {"action": "complete", "citizen_verified": True}),
        (second_visit, {"action": "depart"}),
        (second_visit, {"action": "not_complete", "reason": "not_home"}),
    ]
    for n, (visit_id, step) in enumerate(steps):
        at = (start + timedelta(minutes=20 * n)).isoformat()
        queue.append((visit_id, step | {"occurred_at": at}, v.key()))

    answers = [await v.act(api, world.field_a.auth, *item) for item in queue]
    again = [await v.act(api, world.field_a.auth, *item) for item in queue]

    assert [a.status_code for a in answers + again] == [200] * 10
    assert [a.json() for a in again] == [a.json() for a in answers]
    assert all(a.headers["Idempotent-Replayed"] == "true" for a in again)
    first_rows = (await updates(db, first_visit))[2:]
    assert [u.action for u in first_rows] == ["depart", "arrive", "complete"]
    assert [u.occurred_at.isoformat() for u in first_rows if u.occurred_at] == [
        item[1]["occurred_at"] for item in queue[:3]
    ]
    second_rows = (await updates(db, second_visit))[2:]
    assert [u.action for u in second_rows] == ["depart", "not_complete"]
    assert (await visit_row(db, first_visit)).status == "completed"
    assert (await visit_row(db, second_visit)).status == "not_completed"


async def test_two_sends_of_one_key_at_once_write_one_step(
    api: httpx.AsyncClient, db: AsyncSession, world: v.World
) -> None:
    for step in (VisitAction.DEPART, VisitAction.NOT_COMPLETE):
        for _ in range(ROUNDS):
            visit_id = await v.scheduled_visit(db, world)
            sent, headers = body(step), v.key()
            pair = await asyncio.gather(
                v.act(api, world.field_a.auth, visit_id, sent, headers),
                v.act(api, world.field_a.auth, visit_id, sent, headers),
            )
            codes = sorted(r.status_code for r in pair)
            assert codes == [200, 200], [r.text for r in pair]
            assert pair[0].json() == pair[1].json()
            assert sorted(r.headers.get("Idempotent-Replayed", "") for r in pair) == ["", "true"]
            rows = await updates(db, visit_id)
            assert [u.action for u in rows] == ["request", "schedule", step.value]
