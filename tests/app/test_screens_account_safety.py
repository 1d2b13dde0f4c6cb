"""Screen tests: change password, deletion confirmed with the password, the login to an account
pending deletion (and taking it back), editing a family member — real app, real API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flet as ft
import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.main import build_main
from app.services.tokens import TOKEN_KEY
from app.settings import AppSettings
from server.messages import MESSAGES
from server.profile.models import FamilyMember as FamilyRow
from tests.app.harness import FletHarness
from tests.app.screen_support import BASE_URL, CATALOG, db_url, t  # noqa: F401
from tests.builders import PASSWORD, login, make_citizen

NIK = "3579014101900001"  # a woman born 1990-01-01, district 35.79.01 (Batu, Kota Batu)
NEW = "kataBaru456"

MakeMain = Callable[..., Callable[[ft.Page], Any]]


@pytest.fixture
def make_main(api: httpx.AsyncClient) -> MakeMain:
    def make() -> Any:
        settings = AppSettings(api_url=BASE_URL, language="id", device_name="pytest")
        return build_main(settings, http=api)

    return make


async def signed_in(make_main: MakeMain, api: httpx.AsyncClient, route: str) -> FletHarness:
    """A returning citizen (token on the device) opening `route` at 360 px."""
    await make_citizen(api, nik=NIK, full_name="Siti Aminah")
    auth = await login(api, NIK)
    h = FletHarness(make_main(), route=route, width=360, height=640)
    h.secure_storage[TOKEN_KEY] = auth["Authorization"].removeprefix("Bearer ")
    return h


async def _login_status(api: httpx.AsyncClient, password: str) -> int:
    resp = await api.post("/api/v1/auth/login", json={"login": NIK, "password": password})
    return resp.status_code


# ---------------------------------------------------------------- change password


async def test_change_password_from_settings(make_main: MakeMain, api: httpx.AsyncClient) -> None:
    h = await signed_in(make_main, api, "/home/settings")
    other_device = await login(api, NIK)
    async with h:
        await h.click(identifier="settings-change-password")
        assert h.route == "/home/settings/password", h.outline()
        h.assert_accessible()
        await h.click(identifier="password-submit")
        assert h.input(identifier="password-current").error == t("field.required")
        assert h.input(identifier="password-repeat").error == t("field.required")

        await h.type("salah12345", identifier="password-current")
        await h.type(NEW, identifier="password-new")
        await h.type("lain98765", identifier="password-repeat")
        await h.click(identifier="password-submit")  # caught before sending
        assert h.input(identifier="password-repeat").error == t("password.mismatch")

        await h.type(NEW, identifier="password-repeat")
        await h.click(identifier="password-submit")  # the server: the current one is wrong
        assert h.input(identifier="password-current").error == MESSAGES["password_wrong"][0]
        assert not h.exists(identifier="password-changed")

        await h.type(PASSWORD, identifier="password-current")
        await h.click(identifier="password-submit")
        assert h.text_of(identifier="password-changed") == t("password.changed"), h.outline()
        assert h.input(identifier="password-current").value == ""
        h.assert_accessible()
        assert h.route == "/home/settings/password"  # this device stays signed in
    assert (await api.get("/api/v1/me", headers=other_device)).status_code == 401
    assert await _login_status(api, PASSWORD) == 401
    assert await _login_status(api, NEW) == 200


# ---------------------------------------------------------------- deletion with the password


async def test_deletion_is_confirmed_with_the_password(
    make_main: MakeMain, api: httpx.AsyncClient
) -> None:
    h = await signed_in(make_main, api, "/home/profile/data")
    async with h:
        await h.click(identifier="data-delete")
        await h.click(identifier="data-delete-continue")
        assert h.exists(identifier="data-delete-password"), h.outline()
        h.assert_accessible()
        await h.click(identifier="data-delete-confirm")
        assert h.input(identifier="data-delete-password").error == t("field.required")

        await h.type("salah12345", identifier="data-delete-password")
        await h.click(identifier="data-delete-confirm")
        assert h.input(identifier="data-delete-password").error == MESSAGES["password_wrong"][0]
        assert h.exists(identifier="data-delete-sure-body")  # still asking
        assert await _login_status(api, PASSWORD) == 200  # nothing was scheduled

        await h.type(PASSWORD, identifier="data-delete-password")
        await h.click(identifier="data-delete-confirm")
        assert h.exists(identifier="data-delete-done-dialog-body"), h.outline()
        await h.click(identifier="data-delete-done")
        assert h.route == "/", h.outline()
    assert await _login_status(api, PASSWORD) == 403  # pending deletion


# ---------------------------------------------------------------- pending deletion at login


async def test_login_to_a_pending_deletion_offers_to_take_it_back(
    make_main: MakeMain, api: httpx.AsyncClient
) -> None:
    await make_citizen(api, nik=NIK)
    auth = await login(api, NIK)
    resp = await api.post("/api/v1/me/deletion-request", json={"password": PASSWORD}, headers=auth)
    assert resp.status_code == 202
    async with FletHarness(make_main(), route="/login") as h:
        await h.type(NIK, identifier="login-login")
        await h.type("salah12345", identifier="login-password")
        await h.click(identifier="login-submit")
        assert h.has_text(MESSAGES["invalid_credentials"][0])  # a guesser learns nothing
        assert not h.exists(identifier="login-cancel-deletion")

        await h.type(PASSWORD, identifier="login-password")
        await h.click(identifier="login-submit")
        banner = h.text_of(identifier="login-error")
        assert "dijadwalkan dihapus" in banner and "Batalkan penghapusan" in banner, banner
        assert h.route == "/login"
        h.assert_accessible()
        await h.click(identifier="login-cancel-deletion")
        assert h.route == "/home", h.outline()
        assert TOKEN_KEY in h.secure_storage
    assert await _login_status(api, PASSWORD) == 200


# ---------------------------------------------------------------- family edit


async def test_edit_a_family_member_with_the_add_form(
    make_main: MakeMain, api: httpx.AsyncClient, db: AsyncSession
) -> None:
    h = await signed_in(make_main, api, "/home/family")
    auth = await login(api, NIK)
    member = {
        "full_name": "Sumarni",
        "birth_date": "1950-08-17",
        "relationship": "parent",
        "nik": "3579015708500002",
        "note": "Memakai kursi roda",
    }
    resp = await api.post("/api/v1/me/family", json=member, headers=auth)
    member_id = resp.json()["id"]
    async with h:
        await h.click(identifier=f"family-edit-{member_id}")
        assert h.input(identifier="family-full-name").value == "Sumarni", h.outline()
        assert h.input(identifier="family-birth-date").value == "17-08-1950"
        assert h.input(identifier="family-nik").value == ""  # blank keeps the saved NIK
        assert h.has_text(t("family.edit_title"))
        h.assert_accessible()
        await h.type("Sumarni Wati", identifier="family-full-name")
        await h.type("", identifier="family-note")
        await h.click(identifier="family-save")
        assert not h.exists(identifier="family-save"), h.outline()
        card = h.find(key=f"family-member-{member_id}")
        assert card is not None and h.has_text("Sumarni Wati")
        assert not h.has_text("Memakai kursi roda")
    row = await db.get(FamilyRow, member_id)
    assert row is not None and row.full_name == "Sumarni Wati"
    assert row.nik == "3579015708500002" and row.note is None
