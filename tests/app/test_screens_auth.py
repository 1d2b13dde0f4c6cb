"""Screen tests: welcome, register, login, homes, settings — real app against the real API."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import date
from typing import Any

import flet as ft
import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.main import build_main
from app.services.tokens import TOKEN_KEY
from app.settings import AppSettings
from server.app import create_app
from server.config import Settings
from server.messages import MESSAGES
from tests.app.harness import FletHarness
from tests.app.screen_support import BASE_URL, CATALOG, db_url, t  # noqa: F401
from tests.builders import PASSWORD, login, make_citizen, make_staff

NIK = "3507014101900001"  # a woman born 1990-01-01, district 35.07.01
PHONE = "081234567890"

MakeMain = Callable[..., Callable[[ft.Page], Any]]


@pytest.fixture
def make_main(api: httpx.AsyncClient) -> MakeMain:
    """`build_main` wired to the in-process API (or another client, e.g. an offline one).

    The token store is the real phone path: flet_secure_storage through the harness fake.
    """

    def make(http: httpx.AsyncClient | None = None, language: str = "id") -> Any:
        settings = AppSettings(api_url=BASE_URL, language=language, device_name="pytest")
        return build_main(settings, http=http or api)

    return make


@pytest.fixture
async def offline_http() -> AsyncIterator[httpx.AsyncClient]:
    def no_network(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("network is unreachable", request=request)

    transport = httpx.MockTransport(no_network)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        yield client


class SwitchableTransport(httpx.AsyncBaseTransport):
    """The in-process API, until the test pulls the plug (`offline = True`)."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.offline = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.offline:
            raise httpx.ConnectError("network is unreachable", request=request)
        return await self.inner.handle_async_request(request)


@pytest.fixture
async def switchable(settings: Settings) -> AsyncIterator[tuple[httpx.AsyncClient, Any]]:
    app = create_app(settings)
    transport = SwitchableTransport(httpx.ASGITransport(app=app, raise_app_exceptions=False))
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        yield client, transport
    await app.state.engine.dispose()


async def open_app(h: FletHarness, expected_route: str) -> None:
    assert h.route == expected_route, h.outline()
    assert h.page.width == 360  # phone viewport
    h.assert_accessible()


async def fill_registration(h: FletHarness, *, nik: str = NIK) -> None:
    await h.type(nik, identifier="register-nik")
    await h.type("Siti Aminah", identifier="register-full-name")
    await h.type("01-01-1990", identifier="register-birth-date")
    await h.click(identifier="register-sex-female")
    await h.type(PHONE, identifier="register-phone")
    await h.type(PASSWORD, identifier="register-password")


# ---------------------------------------------------------------- registration


async def test_register_new_citizen_lands_on_home(make_main: MakeMain) -> None:
    async with FletHarness(make_main(), width=360, height=640) as h:
        await open_app(h, "/")
        assert h.has_text(t("welcome.tagline"))

        await h.click(identifier="welcome-register")
        assert h.route == "/register" and h.view_routes == ["/", "/register"]
        h.assert_accessible()

        await fill_registration(h)
        assert h.input(identifier="register-sex-female").value == "female"
        await h.click(identifier="register-submit")

        assert h.route == "/home", h.outline()
        assert h.text_of(identifier="home-greeting") == t("home.greeting", name="Siti Aminah")
        assert h.exists(identifier="home-nik")
        assert NIK not in " ".join(h.texts())  # only the masked NIK is shown
        assert h.secure_storage.get(TOKEN_KEY)  # token kept on the device
        h.assert_accessible()


async def test_register_shows_field_error_for_bad_nik(make_main: MakeMain) -> None:
    async with FletHarness(make_main(), route="/register") as h:
        await fill_registration(h, nik="1234")
        await h.click(identifier="register-submit")
        assert h.route == "/register"
        assert h.input(identifier="register-nik").error == t("field.nik_format")
        assert h.exists(identifier="register-error")
        h.assert_accessible()

        # editing the field clears its error; an unknown region code is caught too
        await h.type("9999014101900001", identifier="register-nik")
        assert not h.input(identifier="register-nik").error
        await h.click(identifier="register-submit")
        assert h.input(identifier="register-nik").error == t("field.nik_district")


async def test_register_taken_nik_shows_server_message_on_the_field(
    make_main: MakeMain, api: httpx.AsyncClient
) -> None:
    await make_citizen(api, nik=NIK, password="milikorang1")  # someone else's NIK
    async with FletHarness(make_main(), route="/register") as h:
        await fill_registration(h)
        await h.click(identifier="register-submit")
        assert h.route == "/register"
        assert h.input(identifier="register-nik").error == MESSAGES["nik_taken"][0]
        h.assert_accessible()


async def test_register_back_returns_to_welcome(make_main: MakeMain) -> None:
    async with FletHarness(make_main(), route="/register") as h:
        assert h.view_routes == ["/", "/register"]  # deep link builds the stack
        assert await h.back()
        assert h.route == "/" and h.exists(identifier="welcome-register")


# ---------------------------------------------------------------- login


async def test_login_with_wrong_password_shows_friendly_message(
    make_main: MakeMain, api: httpx.AsyncClient
) -> None:
    await make_citizen(api, nik=NIK)
    async with FletHarness(make_main()) as h:
        await h.click(identifier="welcome-login")
        assert h.route == "/login"
        h.assert_accessible()
        await h.type(NIK, identifier="login-login")
        await h.type("salah-sandi-1", identifier="login-password")
        await h.click(identifier="login-submit")
        assert h.route == "/login"
        assert h.has_text(MESSAGES["invalid_credentials"][0])
        assert h.exists(identifier="login-error")
        assert TOKEN_KEY not in h.secure_storage
        h.assert_accessible()

        await h.type(PASSWORD, identifier="login-password")
        await h.click(identifier="login-submit")
        assert h.route == "/home"


async def test_login_requires_both_fields(make_main: MakeMain) -> None:
    async with FletHarness(make_main(), route="/login") as h:
        await h.click(identifier="login-submit")
        assert h.input(identifier="login-login").error == t("field.required")
        assert h.input(identifier="login-password").error == t("field.required")


async def test_offline_login_shows_offline_message(
    make_main: MakeMain, offline_http: httpx.AsyncClient
) -> None:
    async with FletHarness(make_main(offline_http), route="/login") as h:
        await h.type(NIK, identifier="login-login")
        await h.type(PASSWORD, identifier="login-password")
        await h.click(identifier="login-submit")
        assert h.route == "/login"
        assert h.has_text(t("error.offline"))
        h.assert_accessible()


async def test_stored_token_while_offline_offers_retry(
    make_main: MakeMain, offline_http: httpx.AsyncClient
) -> None:
    h = FletHarness(make_main(offline_http), route="/home")
    h.secure_storage[TOKEN_KEY] = "a-token-from-last-time"
    async with h:
        assert h.exists(identifier="splash-offline")
        assert h.has_text(t("error.offline"))
        h.assert_accessible()
        await h.click(identifier="splash-retry")  # still offline: same screen, no crash
        assert h.exists(identifier="splash-offline")
        assert h.secure_storage[TOKEN_KEY] == "a-token-from-last-time"  # kept for later


# ---------------------------------------------------------------- signed in


async def test_settings_switch_to_english_then_logout(
    make_main: MakeMain, api: httpx.AsyncClient
) -> None:
    await make_citizen(api, nik=NIK, full_name="Siti Aminah")
    auth = await login(api, NIK)
    token = auth["Authorization"].removeprefix("Bearer ")
    h = FletHarness(make_main())
    h.secure_storage[TOKEN_KEY] = token  # a returning user
    async with h:
        assert h.route == "/home", h.outline()
        assert h.has_text(t("home.greeting", name="Siti Aminah"))

        await h.click(identifier="nav-settings")
        assert h.route == "/home/settings" and h.view_routes == ["/home", "/home/settings"]
        h.assert_accessible()
        assert h.has_text(t("settings.logout"))

        await h.click(identifier="settings-language-en")
        assert h.has_text(t("settings.logout", "en"))
        assert not h.has_text(t("settings.logout"))
        h.assert_accessible()

        assert await h.back()
        assert h.route == "/home"
        assert h.has_text(t("home.greeting", "en", name="Siti Aminah"))

        await h.click(identifier="nav-settings")
        await h.click(identifier="settings-logout")
        assert h.route == "/", h.outline()
        assert h.exists(identifier="welcome-register")
        assert h.has_text(t("welcome.tagline", "en"))  # the language choice stays
        assert TOKEN_KEY not in h.secure_storage
        h.assert_accessible()

    me = await api.get("/api/v1/me", headers=auth)
    assert me.status_code == 401  # the server revoked the session


async def test_welcome_language_toggle(make_main: MakeMain) -> None:
    async with FletHarness(make_main()) as h:
        await h.click(identifier="welcome-language-en")
        assert h.has_text(t("welcome.tagline", "en"))
        await h.click(identifier="welcome-language-id")
        assert h.has_text(t("welcome.tagline"))


async def test_officer_home_for_staff(make_main: MakeMain, db: AsyncSession) -> None:
    await make_staff(db, username="petugas.uji", full_name="Budi Santoso")
    async with FletHarness(make_main(), route="/login", width=360, height=640) as h:
        await h.type("petugas.uji", identifier="login-login")
        await h.type(PASSWORD, identifier="login-password")
        await h.click(identifier="login-submit")
        assert h.route == "/officer", h.outline()
        assert h.has_text(t("home.greeting", name="Budi Santoso"))
        assert h.exists(identifier="officer-role")
        assert h.has_text(t("officer.role", role=t("role.field")))
        assert not h.exists(identifier="home-nik")
        h.assert_accessible()

        # a signed-in officer cannot open the citizen area: the guard sends them back
        await h.navigate("/home")
        assert h.route == "/officer"


async def test_birth_date_from_the_calendar_picker(make_main: MakeMain) -> None:
    async with FletHarness(make_main(), route="/register") as h:
        await h.click(identifier="register-birth-date-picker")
        assert h.dialogs and isinstance(h.dialogs[-1], ft.DatePicker)
        await h.pick_date(None)  # cancelled: nothing changes
        assert not h.dialogs and h.input(identifier="register-birth-date").value == ""
        await h.click(identifier="register-birth-date-picker")
        await h.pick_date(date(1990, 1, 1))
        assert not h.dialogs
        assert h.input(identifier="register-birth-date").value == "01-01-1990"


async def test_logout_all_devices_after_confirmation(
    make_main: MakeMain, api: httpx.AsyncClient
) -> None:
    await make_citizen(api, nik=NIK)
    other_device = await login(api, NIK)
    async with FletHarness(make_main(), route="/login") as h:
        await h.type(NIK, identifier="login-login")
        await h.type(PASSWORD, identifier="login-password")
        await h.click(identifier="login-submit")
        await h.click(identifier="nav-settings")
        await h.click(identifier="settings-logout-all")
        assert h.dialogs, "a confirmation dialog opens"
        assert not h.exists(identifier="settings-logout")  # the modal barrier covers the view
        h.assert_accessible()

        await h.click(identifier="settings-logout-all-cancel")
        assert not h.dialogs and h.route == "/home/settings"
        assert (await api.get("/api/v1/me", headers=other_device)).status_code == 200

        await h.click(identifier="settings-logout-all")
        await h.click(identifier="settings-logout-all-confirm")
        assert h.route == "/", h.outline()
        assert TOKEN_KEY not in h.secure_storage
    assert (await api.get("/api/v1/me", headers=other_device)).status_code == 401


async def test_enter_in_the_password_field_logs_in(
    make_main: MakeMain, api: httpx.AsyncClient
) -> None:
    await make_citizen(api, nik=NIK)
    async with FletHarness(make_main(), route="/login") as h:
        await h.type(NIK, identifier="login-login")
        await h.type(PASSWORD, identifier="login-password", submit=True)
        assert h.route == "/home", h.outline()


async def test_password_toggle_shows_and_hides_the_password(make_main: MakeMain) -> None:
    async with FletHarness(make_main(), route="/login") as h:
        assert h.input(identifier="login-password").password is True
        show = h.find(identifier="login-password-toggle")
        await h.click(identifier="login-password-toggle")
        assert h.input(identifier="login-password").password is False
        hide = h.find(identifier="login-password-toggle")
        assert isinstance(show, ft.Semantics) and isinstance(hide, ft.Semantics)
        assert show.label == t("common.show_password") and hide.label == t("common.hide_password")
        h.assert_accessible()


async def test_guards_and_unknown_routes(make_main: MakeMain) -> None:
    async with FletHarness(make_main(), route="/home/settings") as h:
        assert h.route == "/", "a guest is sent to the welcome screen"
        await h.navigate("/no/such/page")
        assert h.exists(identifier="not-found-home")
        h.assert_accessible()
        await h.click(identifier="not-found-home")
        assert h.route == "/" and h.exists(identifier="welcome-login")


async def test_logout_all_while_offline_shows_error_and_stays_signed_in(
    make_main: MakeMain, api: httpx.AsyncClient, switchable: tuple[httpx.AsyncClient, Any]
) -> None:
    http, transport = switchable
    await make_citizen(api, nik=NIK)
    async with FletHarness(make_main(http), route="/login") as h:
        await h.type(NIK, identifier="login-login")
        await h.type(PASSWORD, identifier="login-password")
        await h.click(identifier="login-submit")
        await h.click(identifier="nav-settings")
        transport.offline = True
        await h.click(identifier="settings-logout-all")
        await h.click(identifier="settings-logout-all-confirm")
        assert h.route == "/home/settings"
        assert h.text_of(identifier="settings-error") == t("error.offline")
        assert h.secure_storage.get(TOKEN_KEY)
        h.assert_accessible()

        # plain "log out" always works locally, even offline
        await h.click(identifier="settings-logout")
        assert h.route == "/" and TOKEN_KEY not in h.secure_storage
