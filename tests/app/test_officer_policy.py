"""Screen tests: the one error policy on the back office's actions — a 412 (another officer
acted first) shows the one "changed" message and the latest data, also from a dialog; an
expired session during an action signs out to the welcome screen, from the detail and from a
dialog — the real app against the real API in-process."""

from __future__ import annotations

from typing import Any

import flet as ft
import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.tokens import TOKEN_KEY
from tests.app.harness import FletHarness
from tests.app.screen_support import CATALOG, db_url, t  # noqa: F401
from tests.app.test_officer_support import (
    KIA,
    Citizen,
    act,
    harness,
    import_test_catalog,
    officer,
)

QUEUE = "/officer/applications"


def count(h: FletHarness, identifier: str) -> int:
    found = h.find_all(type=ft.Semantics)
    return sum(1 for c in found if isinstance(c, ft.Semantics) and c.identifier == identifier)


async def processing(api: httpx.AsyncClient, db: AsyncSession) -> tuple[Citizen, Any, Any]:
    """An application approved by the officer: `complete` is the next step."""
    await import_test_catalog(db)
    siti = await Citizen.create(api)
    app = await siti.file(KIA)
    desk = await officer(api, db)
    await act(api, desk, app["id"], action="start_review")
    await act(api, desk, app["id"], action="approve")
    return siti, app, desk


async def revoke(api: httpx.AsyncClient, auth: dict[str, str]) -> None:
    """The session ends elsewhere ("keluar dari semua perangkat", an admin): the next call 401s."""
    resp = await api.post("/api/v1/auth/logout", headers=auth)
    assert resp.status_code == 204, resp.text


async def test_a_412_on_completing_shows_the_one_changed_message_and_the_latest_data(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    siti, app, desk = await processing(api, db)
    colleague = await officer(api, db, name="Rina Wati")
    async with harness(api, QUEUE, desk) as h:
        await h.click(identifier=f"review-item-{app['tracking_number']}")
        await h.click(identifier="review-action-complete")
        await h.type("Ambil di loket 3", identifier="review-complete-pickup")
        done = {"pickup_instructions": "Ambil di loket 1"}
        await act(api, colleague, app["id"], action="complete", **done)  # first
        await h.click(identifier="review-complete-confirm")
        assert not h.dialogs
        assert count(h, "review-changed") == 1, h.outline()
        assert h.text_of(identifier="review-changed") == t("review.changed")
        assert not h.exists(identifier="review-error") and not h.exists(identifier="review-notice")
        assert h.text_of(identifier="review-result-pickup") == "Pengambilan: Ambil di loket 1"
        assert h.has_text(t("review.no_actions"))
        await h.back()  # the queue's row shows what is true now, too
        row = h.find(identifier=f"review-item-{app['tracking_number']}")
        assert t("review.status.completed") in str(getattr(row, "label", ""))
    result = (await siti.read(app["id"]))["result"]
    assert result["pickup_instructions"] == "Ambil di loket 1"


async def test_an_expired_session_during_a_step_signs_out_to_the_welcome_screen(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    await import_test_catalog(db)
    siti = await Citizen.create(api)
    app = await siti.file(KIA)
    desk = await officer(api, db)
    async with harness(api, f"{QUEUE}/{app['id']}", desk) as h:
        assert h.exists(identifier="review-action-start_review"), h.outline()
        await revoke(api, desk)
        await h.click(identifier="review-action-start_review")
        assert h.route == "/", h.outline()  # the client's hook signed out; no screen code did
        assert TOKEN_KEY not in h.secure_storage
        assert not h.exists(identifier="review-error")
    assert (await siti.read(app["id"]))["status"] == "submitted"


async def test_an_expired_session_in_the_completion_dialog_signs_out_too(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    siti, app, desk = await processing(api, db)
    async with harness(api, f"{QUEUE}/{app['id']}", desk) as h:
        await h.click(identifier="review-action-complete")
        await h.type("Ambil di loket 3", identifier="review-complete-pickup")
        await revoke(api, desk)
        await h.click(identifier="review-complete-confirm")
        assert h.route == "/", h.outline()
        assert not h.dialogs
        assert TOKEN_KEY not in h.secure_storage
    assert (await siti.read(app["id"]))["status"] == "processing"
