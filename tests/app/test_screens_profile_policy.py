"""Screen tests: the one policy on the profile, family, access-log and change-password screens —
a 412 on saving the profile says "changed" once and shows the fresh profile; an expired session
during any of their actions signs out to the welcome screen (the API client's hook, no screen
code)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.main import build_main
from app.services.access_api import PAGE_SIZE
from app.services.tokens import TOKEN_KEY
from app.settings import AppSettings
from contracts.access import Purpose
from server.access.service import record_access
from server.accounts.models import Account
from server.profile.service import verify
from tests.app.harness import FletHarness
from tests.app.screen_support import BASE_URL, db_url, t  # noqa: F401
from tests.builders import PASSWORD, login, make_citizen, make_staff

NIK = "3579014101900001"  # a woman born 1990-01-01

Act = Callable[[FletHarness], Awaitable[None]]


async def signed_in(api: httpx.AsyncClient, route: str) -> tuple[FletHarness, dict[str, str]]:
    """A returning citizen (token on the device) opening `route`; and that session's header."""
    await make_citizen(api, nik=NIK, full_name="Siti Aminah")
    auth = await login(api, NIK)
    settings = AppSettings(api_url=BASE_URL, language="id", device_name="pytest")
    h = FletHarness(build_main(settings, http=api), route=route, width=360, height=640)
    h.secure_storage[TOKEN_KEY] = auth["Authorization"].removeprefix("Bearer ")
    return h, auth


async def test_profile_saved_after_an_officer_verified_it_shows_the_fresh_profile(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    """412: the save is refused, the one message says so, the screen shows what is true now
    (verified, the NIK locked) and keeps what was typed; saving again works."""
    h, auth = await signed_in(api, "/home/profile")
    async with h:
        assert h.exists(identifier="profile-nik"), h.outline()  # still correctable
        await h.type("Guru", identifier="profile-occupation")
        me = (await api.get("/api/v1/me", headers=auth)).json()
        citizen = await db.get(Account, me["id"])  # meanwhile, at the MPP counter
        assert citizen is not None
        await verify(db, citizen, await make_staff(db, full_name="Budi Santoso"), datetime.now(UTC))
        await db.commit()

        await h.click(identifier="profile-save")
        assert h.text_of(identifier="profile-error") == t("profile.saved_elsewhere"), h.outline()
        assert len(h.find_all(identifier="profile-error")) == 1
        assert t("profile.verified") in h.text_of(identifier="profile-verification")
        assert not h.exists(identifier="profile-nik")  # locked now: no way to send one
        assert h.input(identifier="profile-occupation").value == "Guru"
        h.assert_accessible()
        await h.click(identifier="profile-save")
        assert h.exists(identifier="profile-saved"), h.outline()
    saved = (await api.get("/api/v1/me/profile", headers=auth)).json()
    assert saved["occupation"] == "Guru" and saved["verification"] == "verified"


async def save_profile(h: FletHarness) -> None:
    await h.type("Guru", identifier="profile-occupation")
    await h.click(identifier="profile-save")


async def add_family_member(h: FletHarness) -> None:
    await h.click(identifier="family-add")
    await h.type("Sumarni", identifier="family-full-name")
    await h.select("parent", identifier="family-relationship")
    await h.type("17-08-1950", identifier="family-birth-date")
    await h.click(identifier="family-save")


async def change_password(h: FletHarness) -> None:
    await h.type(PASSWORD, identifier="password-current")
    await h.type("kataBaru456", identifier="password-new")
    await h.type("kataBaru456", identifier="password-repeat")
    await h.click(identifier="password-submit")


async def photo_from_wallet(h: FletHarness) -> None:
    await h.click(identifier="profile-photo-from-wallet")


@pytest.mark.parametrize(
    ("route", "ready", "act"),
    [
        ("/home/profile", "profile-save", save_profile),
        ("/home/profile", "profile-photo-from-wallet", photo_from_wallet),
        ("/home/family", "family-add", add_family_member),
        ("/home/settings/password", "password-submit", change_password),
    ],
)
async def test_an_expired_session_during_an_action_signs_out(
    api: httpx.AsyncClient, route: str, ready: str, act: Act
) -> None:
    h, auth = await signed_in(api, route)
    async with h:
        assert h.exists(identifier=ready), h.outline()
        revoked = await api.post("/api/v1/auth/logout", headers=auth)  # e.g. from another phone
        assert revoked.status_code == 204
        await act(h)
        assert h.route == "/", h.outline()
        assert TOKEN_KEY not in h.secure_storage


async def test_an_expired_session_while_paging_the_access_log_signs_out(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    h, auth = await signed_in(api, "/home/access-log")
    me = (await api.get("/api/v1/me", headers=auth)).json()
    officer = await make_staff(db, full_name="Budi Santoso")
    for _ in range(PAGE_SIZE + 1):
        record_access(db, me["id"], officer, Purpose.IDENTITY_CHECK, "profile", ["full_name"])
    await db.commit()
    async with h:
        assert h.exists(identifier="access-log-more"), h.outline()
        await api.post("/api/v1/auth/logout", headers=auth)
        await h.click(identifier="access-log-more")
        assert h.route == "/", h.outline()
        assert TOKEN_KEY not in h.secure_storage


async def test_signed_out_by_expiry_the_profile_is_gone_for_the_next_person(
    api: httpx.AsyncClient,
) -> None:
    """After the expired session, a new sign-in on the same app does not see the old profile
    or its typed edits, even before its own profile arrives."""
    h, auth = await signed_in(api, "/home/profile")
    async with h:
        await h.type("Guru", identifier="profile-occupation")
        await api.post("/api/v1/auth/logout", headers=auth)
        await h.click(identifier="profile-save")
        assert h.route == "/", h.outline()
        await h.navigate("/login")
        await h.type(NIK, identifier="login-login")
        await h.type(PASSWORD, identifier="login-password")
        await h.click(identifier="login-submit")
        assert h.route == "/home", h.outline()
        await h.click(identifier="home-tile-profile")
        assert h.input(identifier="profile-occupation").value == "", h.outline()
