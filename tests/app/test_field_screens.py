"""Screen tests: the field officer's "Hari ini" and visit screens in the headless harness, the
real app against the real API in-process — stops in route order with times in WIB, the
visit's buttons by status, the door check's verdicts, sign-out wiping the day."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import flet as ft
import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.components.visits import day_text
from contracts.visits import FieldDay
from tests.app.field_support import (
    World,
    citizen_qr,
    make_world,
    photo_of,
    scheduled_visit,
    today,
)
from tests.app.harness import FletHarness
from tests.app.screen_support import db_url, t  # noqa: F401
from tests.app.test_officer_support import harness, pick_answers
from tests.builders import PASSWORD, login, make_citizen


def disabled(h: FletHarness, identifier: str) -> bool:
    return bool(getattr(h.find(key=identifier), "disabled", False))


def stop_ids(h: FletHarness) -> list[str]:
    """The visits of the route's cards, in screen order."""
    semantics = [c for c in h.find_all(type=ft.Semantics) if isinstance(c, ft.Semantics)]
    cards = [str(c.identifier) for c in semantics if str(c.identifier).startswith("field-stop-")]
    return [i.removeprefix("field-stop-") for i in cards if i.count("-") == 6]


async def test_today_lists_the_route_in_order_with_times_in_wib(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    world = await make_world(api, db)
    for i in range(3):
        await scheduled_visit(db, world, position=(-7.875 - i / 100, 112.525), street=f"Jl. {i}")
    day = FieldDay.model_validate(
        (await api.get("/api/v1/officer/field-day", headers=world.officer_auth)).json()
    )
    async with harness(api, "/officer", world.officer_auth) as h:
        await h.click(identifier="officer-tile-today")
        assert h.route == "/officer/today"
        assert len(day.plan.stops) == 3
        assert stop_ids(h) == [s.visit_id for s in day.plan.stops]
        first = day.plan.stops[0]
        time = first.arrival.astimezone(ZoneInfo("Asia/Jakarta")).strftime("%H.%M")
        assert h.has_text(f"1. {time} WIB")
        assert h.has_text("Depan masjid") and h.has_text(t("field.sync.all_sent"))
        await h.click(identifier=f"field-wa-{first.visit_id}")
        await h.click(identifier=f"field-call-{first.visit_id}")
        assert h.launched_urls == ["https://wa.me/6281234567890", "tel:+6281234567890"]
        h.assert_accessible()


async def test_visit_buttons_follow_the_status_and_the_door_check(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    world = await make_world(api, db)
    visit = await scheduled_visit(db, world)
    other = await make_citizen(api, full_name="Orang Lain")
    stranger = await citizen_qr(api, await login(api, other["nik"]))
    own = await citizen_qr(api, world.citizen_auth)
    async with harness(api, f"/officer/today/{visit}", world.officer_auth) as h:
        assert h.has_text(
            t("field.status.scheduled"),
        ) or h.has_text("Terjadwal")
        assert not disabled(h, "field-depart") and disabled(h, "field-complete")
        await h.click(identifier="field-depart")
        assert h.has_text("Status: Dalam perjalanan") and disabled(h, "field-depart")
        await h.click(identifier="field-arrive")
        assert h.has_text("Status: Sudah tiba") and not disabled(h, "field-complete")
        pick_answers(
            h,
            ("a.jpg", photo_of("bukan kode")),
            ("b.jpg", photo_of(stranger)),
            ("c.jpg", photo_of(own)),
        )
        await h.click(identifier="field-verify-pick-file")
        assert h.exists(identifier="field-verify-invalid")
        await h.click(identifier="field-verify-again")
        await h.click(identifier="field-verify-pick-file")
        assert h.has_text(t("field.verify.other", name="Orang Lain"))
        await h.click(identifier="field-verify-again")
        await h.click(identifier="field-verify-pick-file")
        assert h.has_text(t("field.verify.match", name="Siti Aminah"))
        h.assert_accessible()
        await h.click(identifier="field-complete")
        assert h.exists(identifier="field-closed") and h.has_text("Status: Selesai dilayani")


async def test_sign_out_wipes_the_field_day_from_the_device(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    world = await make_world(api, db)
    await scheduled_visit(db, world)
    async with harness(api, "/officer/today", world.officer_auth) as h:
        assert any(k.startswith("satupintu.field.") for k in h.secure_storage)
        await h.navigate("/officer/settings")
        await h.click(identifier="settings-logout")
        assert not any(k.startswith("satupintu.field.") for k in h.secure_storage)


async def test_nothing_today_the_next_days_visits_the_evening_before(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    world = await make_world(api, db)
    later = today() + timedelta(days=3)
    visit = await scheduled_visit(db, world, day=later)
    async with harness(api, "/officer/today", world.officer_auth) as h:
        assert h.find(key="field-empty") is not None and stop_ids(h) == []
        await h.click(identifier="field-upcoming")
        assert stop_ids(h) == [visit]
        assert h.has_text(day_text(t, later))
        await h.click(identifier="field-download")  # "Unduh ulang" keeps that day
        assert stop_ids(h) == [visit]


async def test_an_expired_session_keeps_the_unsent_steps_for_the_same_officer(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    """A 12-hour staff session can end before the signal returns: the expiry puts the day's
    work away (nothing shown), the same officer's next sign-in sends it — once."""
    world = await make_world(api, db)
    visit = await scheduled_visit(db, world)
    async with harness(api, f"/officer/today/{visit}", world.officer_auth) as h:
        assert h.exists(identifier="field-depart")
        revoked = await api.post("/api/v1/auth/logout", headers=world.officer_auth)
        assert revoked.status_code == 204, revoked.text
        await h.click(identifier="field-depart")  # queued, then refused: 401
        assert h.route in ("/", "/login")
        assert any(k.startswith("satupintu.field.queue") for k in h.secure_storage)
        assert await update_actions(api, world, visit) == ["request", "schedule"]

        await h.navigate("/login")
        await h.type(world.officer_login, identifier="login-login")
        await h.type(PASSWORD, identifier="login-password")
        await h.click(identifier="login-submit")
        await h.navigate("/officer/today")
        assert h.has_text(t("field.sync.all_sent"))
    assert await update_actions(api, world, visit) == ["request", "schedule", "depart"]


async def update_actions(api: httpx.AsyncClient, world: World, visit: str) -> list[str]:
    """The visit's timeline as the citizen sees it, oldest first."""
    resp = await api.get(f"/api/v1/me/visits/{visit}", headers=world.citizen_auth)
    return [u["action"] for u in sorted(resp.json()["updates"], key=lambda u: u["at"])]
