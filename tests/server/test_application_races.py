"""Tests: the same change sent twice at once with the same If-Match, as real concurrent requests
on SQLite and PostgreSQL — one wins (200), the other is 412 application_changed, never a 500,
and only one change is written."""

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import Role
from server.applications.models import ApplicationUpdate
from tests.builders import login, make_staff
from tests.server import applications_support as s
from tests.server.test_applications import Citizen, new_citizen

ROUNDS = 4  # each round is a fresh application: the interleaving varies between rounds

Send = Callable[[dict[str, Any]], Awaitable[httpx.Response]]


@pytest.fixture
async def world(api: httpx.AsyncClient, db: AsyncSession) -> dict[str, Any]:
    await s.import_test_catalog(db)
    officer = await make_staff(db, role=Role.BACK_OFFICE)
    colleague = await make_staff(db, role=Role.BACK_OFFICE)
    return {
        "citizen": await new_citizen(api),
        "officer": await login(api, officer.username or ""),
        "colleague": await login(api, colleague.username or ""),
    }


async def needs_revision(api: httpx.AsyncClient, world: dict[str, Any]) -> dict[str, Any]:
    citizen: Citizen = world["citizen"]
    app = await s.submit(api, citizen.auth, s.payload(citizen.kk, citizen.letter))
    app = (await s.act(api, world["officer"], app, action="start_review")).json()
    items = [{"target": "nama_anak", "message": "Tulis nama lengkap"}]
    resp = await s.act(api, world["officer"], app, action="request_revision", items=items)
    assert resp.status_code == 200, resp.text
    return dict(resp.json())


def resubmit(api: httpx.AsyncClient, citizen: Citizen) -> Send:
    async def send(app: dict[str, Any]) -> httpx.Response:
        body = {
            "answers": s.answers(nama_anak="Budi Santoso Putra"),
            "attachments": s.payload(citizen.kk, citizen.letter)["attachments"],
            "note": "Sudah diperbaiki",
        }
        headers = citizen.auth | {"If-Match": f'"{app["version"]}"'}
        return await api.post(f"{s.APPS}/{app['id']}/resubmit", json=body, headers=headers)

    return send


def withdraw(api: httpx.AsyncClient, citizen: Citizen) -> Send:
    async def send(app: dict[str, Any]) -> httpx.Response:
        headers = citizen.auth | {"If-Match": f'"{app["version"]}"'}
        return await api.post(f"{s.APPS}/{app['id']}/withdraw", json={}, headers=headers)

    return send


async def one_wins(db: AsyncSession, app: dict[str, Any], first: Send, second: Send) -> None:
    before = await updates(db, app["id"])
    answers = await asyncio.gather(first(app), second(app))
    codes = sorted(r.status_code for r in answers)
    assert codes == [200, 412], [r.text for r in answers]
    loser = next(r for r in answers if r.status_code == 412)
    assert loser.json()["error"]["code"] == "application_changed"
    assert loser.json()["error"]["message"].startswith("Permohonan ini baru saja diubah")
    assert await updates(db, app["id"]) == before + 1


async def updates(db: AsyncSession, app_id: str) -> int:
    query = select(func.count()).where(ApplicationUpdate.application_id == app_id)
    count = int(await db.scalar(query) or 0)
    await db.commit()  # a fresh snapshot next time
    return count


async def test_two_resubmits_at_once(
    api: httpx.AsyncClient, world: dict[str, Any], db: AsyncSession
) -> None:
    send = resubmit(api, world["citizen"])
    for _ in range(ROUNDS):
        await one_wins(db, await needs_revision(api, world), send, send)


async def test_two_withdraws_at_once(
    api: httpx.AsyncClient, world: dict[str, Any], db: AsyncSession
) -> None:
    send = withdraw(api, world["citizen"])
    for _ in range(ROUNDS):
        await one_wins(db, await needs_revision(api, world), send, send)


async def test_a_resubmit_and_a_withdraw_at_once(
    api: httpx.AsyncClient, world: dict[str, Any], db: AsyncSession
) -> None:
    citizen: Citizen = world["citizen"]
    for _ in range(ROUNDS):
        await one_wins(
            db, await needs_revision(api, world), resubmit(api, citizen), withdraw(api, citizen)
        )


async def test_two_officer_actions_at_once(
    api: httpx.AsyncClient, world: dict[str, Any], db: AsyncSession
) -> None:
    citizen: Citizen = world["citizen"]

    def acting(auth: dict[str, str], **body: Any) -> Send:
        async def send(app: dict[str, Any]) -> httpx.Response:
            return await s.act(api, auth, app, **body)

        return send

    for _ in range(ROUNDS):
        app = await s.submit(api, citizen.auth, s.payload(citizen.kk, citizen.letter))
        review = acting(world["officer"], action="start_review")
        reject = acting(world["colleague"], action="reject", note="Duplikat")
        await one_wins(db, app, review, reject)
