"""Tests: a citizen requests a home visit (jemput bola) — the rules of a request, exactly once
per Idempotency-Key, the list, the detail and the inbox, on SQLite and PostgreSQL."""

import re
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.visits import BOOK_AHEAD_DAYS
from server.applications.models import Notification
from server.visits.models import Visit, VisitUpdate
from tests.server import visits_support as v


@pytest.fixture
async def world(api: httpx.AsyncClient, db: AsyncSession) -> v.World:
    return await v.make_world(api, db)


async def count(db: AsyncSession, model: Any) -> int:
    return int(await db.scalar(select(func.count()).select_from(model)) or 0)


async def test_request_is_on_record_with_timeline_bring_and_notification(
    api: httpx.AsyncClient, world: v.World, db: AsyncSession
) -> None:
    body = v.body(document_ids=[world.citizen.kk], service_codes=[v.KTP, v.IKD])
    resp = await api.post(v.VISITS, json=body, headers=world.citizen.auth | v.key())
    visit = await v.ok(resp, 201)
    assert re.fullmatch(r"JB-\d{6}-[2-9A-HJ-NP-Z]{6}", visit["number"])
    assert resp.headers["ETag"] == f'"{visit["version"]}"'
    assert visit["status"] == "requested" and visit["service_center_code"] == "MPP-BATU"
    assert visit["zone"] == "Asia/Jakarta" and visit["team"] is None
    assert [s["code"] for s in visit["services"]] == [v.KTP, v.IKD]
    assert visit["services"][0]["name"]["id"] == f"Layanan {v.KTP}"
    assert visit["bring"] == [{"id": "Kartu Keluarga (asli)", "en": "Kartu Keluarga (original)"}]
    assert visit["document_ids"] == [world.citizen.kk]
    assert visit["location"]["landmark"] == "Depan masjid"
    [update] = visit["updates"]
    assert update["action"] == "request" and update["status"] == "requested"
    assert update["actor"] == "citizen" and len(update["preferred"]) == 2
    inbox = (await api.get("/api/v1/me/notifications", headers=world.citizen.auth)).json()
    [note] = inbox["items"]
    assert note["kind"] == "visit_status" and note["visit_id"] == visit["id"]
    assert note["params"] == {"number": visit["number"], "status": "requested", "action": "request"}
    again = await v.ok(await api.get(f"{v.VISITS}/{visit['id']}", headers=world.citizen.auth))
    assert again == visit


async def test_same_key_replays_and_other_body_is_refused(
    api: httpx.AsyncClient, world: v.World, db: AsyncSession
) -> None:
    headers = world.citizen.auth | v.key()
    first = await v.ok(await api.post(v.VISITS, json=v.body(), headers=headers), 201)
    replay = await api.post(v.VISITS, json=v.body(), headers=headers)
    assert (await v.ok(replay, 201))["id"] == first["id"]
    assert replay.headers["Idempotent-Replayed"] == "true"
    other = await api.post(v.VISITS, json=v.body(notes="Lain"), headers=headers)
    assert other.status_code == 422 and v.error(other) == "idempotency_key_reused"
    missing = await api.post(v.VISITS, json=v.body(), headers=world.citizen.auth)
    assert missing.status_code == 400 and v.error(missing) == "idempotency_key_required"
    assert await count(db, Visit) == 1 and await count(db, VisitUpdate) == 1


def _dates(*days: date) -> list[dict[str, str]]:
    return [{"date": d.isoformat(), "window": "morning"} for d in days]


def _refusals() -> list[tuple[str, dict[str, Any], int, str]]:
    days = v.free_days(2)
    today = days[0] - timedelta(days=1)
    weekend = next(d for d in (today + timedelta(days=i) for i in range(2, 9)) if d.weekday() == 5)
    far = today + timedelta(days=BOOK_AHEAD_DAYS + 3)
    where = v.body()["location"]
    return [
        ("not jemput bola", {"service_codes": [v.ONLINE_ONLY]}, 422, "visit_service_invalid"),
        ("unknown service", {"service_codes": ["tidak-ada"]}, 422, "visit_service_invalid"),
        ("other without note", {"reason": "other"}, 422, "visit_reason_note"),
        ("one date twice", {"preferred": _dates(days[0], days[0])}, 422, "visit_dates"),
        ("today", {"preferred": _dates(today, days[0])}, 422, "visit_dates"),
        ("weekend", {"preferred": _dates(weekend, days[0])}, 422, "visit_dates"),
        ("holiday", {"preferred": _dates(v.holiday(), days[0])}, 422, "visit_dates"),
        ("too far", {"preferred": _dates(far, days[0])}, 422, "visit_dates"),
        (
            "not served",
            {"location": where | {"district_code": "310101"}},
            422,
            "visit_area_not_served",
        ),
        ("foreign member", {"family_member_id": "x" * 36}, 404, "family_member_not_found"),
        ("foreign document", {"document_ids": ["d" * 36]}, 422, "document_not_found"),
    ]


@pytest.mark.parametrize(
    ("case", "change", "status", "code"), _refusals(), ids=lambda x: x if isinstance(x, str) else ""
)
async def test_a_request_breaking_a_rule_is_refused_and_nothing_is_written(
    api: httpx.AsyncClient,
    world: v.World,
    db: AsyncSession,
    case: str,
    change: dict[str, Any],
    status: int,
    code: str,
) -> None:
    resp = await api.post(v.VISITS, json=v.body(**change), headers=world.citizen.auth | v.key())
    assert resp.status_code == status, (case, resp.text)
    assert v.error(resp) == code
    assert await count(db, Visit) == 0 and await count(db, Notification) == 0


async def test_elderly_is_checked_against_the_birth_date_of_whom_is_visited(
    api: httpx.AsyncClient, world: v.World
) -> None:
    young = await v.new_citizen(api, birth=date(1990, 1, 1))
    refused = await api.post(v.VISITS, json=v.body(), headers=young.auth | v.key())
    assert refused.status_code == 422 and v.error(refused) == "visit_not_elderly"
    other = await api.post(v.VISITS, json=v.body(reason="disability"), headers=young.auth | v.key())
    assert other.status_code == 201
    parent = await v.add_family(api, young, birth=date(1948, 5, 17))
    visit = await v.request(api, young, family_member_id=parent)
    assert visit["subject_name"] == "Slamet" and visit["family_member_id"] == parent
    stranger = await v.new_citizen(api)
    resp = await api.post(
        v.VISITS, json=v.body(family_member_id=parent), headers=stranger.auth | v.key()
    )
    assert resp.status_code == 404 and v.error(resp) == "family_member_not_found"


async def test_list_is_newest_first_paged_and_answers_304_when_unchanged(
    api: httpx.AsyncClient, world: v.World
) -> None:
    made = [await v.request(api, world.citizen) for _ in range(3)]
    first = await api.get(v.VISITS, params={"limit": 2}, headers=world.citizen.auth)
    page = await v.ok(first)
    assert [i["id"] for i in page["items"]] == [made[2]["id"], made[1]["id"]]
    rest = await v.ok(
        await api.get(
            v.VISITS, params={"limit": 2, "cursor": page["next_cursor"]}, headers=world.citizen.auth
        )
    )
    assert [i["id"] for i in rest["items"]] == [made[0]["id"]] and rest["next_cursor"] is None
    tag = first.headers["ETag"]
    same = await api.get(v.VISITS, headers=world.citizen.auth | {"If-None-Match": tag})
    assert same.status_code == 304
    await api.post(f"{v.VISITS}/{made[0]['id']}/cancel", json={}, headers=world.citizen.auth)
    changed = await api.get(v.VISITS, headers=world.citizen.auth | {"If-None-Match": tag})
    assert changed.status_code == 200


async def test_another_citizen_sees_nothing(api: httpx.AsyncClient, world: v.World) -> None:
    visit = await v.request(api, world.citizen)
    other = await v.new_citizen(api)
    for resp in (
        await api.get(f"{v.VISITS}/{visit['id']}", headers=other.auth),
        await api.post(f"{v.VISITS}/{visit['id']}/cancel", json={}, headers=other.auth),
        await api.post(
            f"{v.VISITS}/{visit['id']}/reschedule",
            json={"preferred": v.body()["preferred"]},
            headers=other.auth,
        ),
    ):
        assert resp.status_code == 404 and v.error(resp) == "not_found"
        assert visit["number"] not in resp.text
    assert (await v.ok(await api.get(v.VISITS, headers=other.auth)))["items"] == []
    staff = await api.get(v.VISITS, headers=world.coordinator)
    assert staff.status_code == 403


async def test_citizen_cancels_and_asks_new_dates_with_if_match(
    api: httpx.AsyncClient, world: v.World
) -> None:
    visit = await v.request(api, world.citizen)
    url = f"{v.VISITS}/{visit['id']}"
    days = v.free_days(3)
    new = {"preferred": _dates(days[1], days[2]), "note": "Ibu sedang di rumah sakit"}
    moved = await v.ok(
        await api.post(
            f"{url}/reschedule", json=new, headers=world.citizen.auth | v.if_match(visit)
        )
    )
    assert moved["status"] == "reschedule_requested" and moved["preferred"] == new["preferred"]
    stale = await api.post(f"{url}/cancel", json={}, headers=world.citizen.auth | v.if_match(visit))
    assert stale.status_code == 412 and v.error(stale) == "visit_changed"
    bad = await api.post(
        f"{url}/reschedule",
        json={"preferred": _dates(days[0], days[0])},
        headers=world.citizen.auth,
    )
    assert bad.status_code == 422 and v.error(bad) == "visit_dates"
    done = await v.ok(
        await api.post(
            f"{url}/cancel",
            json={"note": "Sudah sembuh"},
            headers=world.citizen.auth | v.if_match(moved),
        )
    )
    assert done["status"] == "cancelled"
    assert [u["action"] for u in done["updates"]] == ["request", "ask_new_date", "cancel"]
    again = await api.post(f"{url}/cancel", json={}, headers=world.citizen.auth)
    assert again.status_code == 409 and v.error(again) == "visit_state"
