"""Tests: the citizen's inbox on SQLite and PostgreSQL — a notification per change, ETag/304."""

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import Role
from tests.builders import login, make_staff
from tests.server import applications_support as s
from tests.server.test_applications import new_citizen

INBOX = "/api/v1/me/notifications"


async def test_every_change_notifies_and_unchanged_inbox_is_304(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    await s.import_test_catalog(db)
    citizen = await new_citizen(api)
    officer = await login(api, (await make_staff(db, role=Role.BACK_OFFICE)).username or "")
    app = await s.submit(api, citizen.auth, s.payload(citizen.kk, citizen.letter))
    first = await api.get(INBOX, headers=citizen.auth)
    tag = first.headers["ETag"]
    assert first.json()["unread"] == 1
    assert first.json()["items"][0]["params"]["tracking_number"] == app["tracking_number"]
    same = await api.get(INBOX, headers=citizen.auth | {"If-None-Match": tag})
    assert same.status_code == 304 and same.content == b""
    await s.act(api, officer, app, action="start_review")
    changed = await api.get(INBOX, headers=citizen.auth | {"If-None-Match": tag})
    assert changed.status_code == 200 and changed.json()["unread"] == 2
    newest = changed.json()["items"][0]
    assert newest["params"]["status"] == "in_review" and newest["read"] is False
    one = await api.post(f"{INBOX}/{newest['id']}/read", headers=citizen.auth)
    assert one.status_code == 204
    assert (await api.get(INBOX, headers=citizen.auth)).json()["unread"] == 1
    assert (await api.post(f"{INBOX}/read-all", headers=citizen.auth)).status_code == 204
    after = await api.get(INBOX, headers=citizen.auth | {"If-None-Match": changed.headers["ETag"]})
    assert after.status_code == 200 and after.json()["unread"] == 0


async def test_another_citizens_notification_is_404(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    await s.import_test_catalog(db)
    citizen = await new_citizen(api)
    await s.submit(api, citizen.auth, s.payload(citizen.kk, citizen.letter))
    own = (await api.get(INBOX, headers=citizen.auth)).json()["items"][0]["id"]
    stranger = await new_citizen(api)
    assert (await api.post(f"{INBOX}/{own}/read", headers=stranger.auth)).status_code == 404
    assert (await api.get(INBOX, headers=stranger.auth)).json()["items"] == []
