"""Screen tests: profile, family members, access log and data rights against the real API."""

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator, Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import flet as ft
import httpx
import pytest
from PIL import Image
from sqlalchemy.ext.asyncio import AsyncSession

from app.main import build_main
from app.services.access_api import PAGE_SIZE
from app.services.tokens import TOKEN_KEY
from app.settings import AppSettings
from contracts.access import Purpose
from server.access.service import record_access
from server.accounts.models import Account
from server.app import create_app
from server.config import Settings
from server.messages import MESSAGES
from server.profile.service import verify
from tests.app.harness import FletHarness
from tests.app.screen_support import BASE_URL, CATALOG, db_url, t  # noqa: F401
from tests.builders import PASSWORD, login, make_citizen, make_staff

NIK = "3579014101900001"  # a woman born 1990-01-01, district 35.79.01 (Batu, Kota Batu)

MakeMain = Callable[..., Callable[[ft.Page], Any]]


@pytest.fixture
def make_main(api: httpx.AsyncClient) -> MakeMain:
    def make(http: httpx.AsyncClient | None = None, language: str = "id") -> Any:
        settings = AppSettings(api_url=BASE_URL, language=language, device_name="pytest")
        return build_main(settings, http=http or api)

    return make


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


async def signed_in(make_main: MakeMain, api: httpx.AsyncClient, route: str) -> FletHarness:
    """A returning citizen (token on the device) opening `route` at 360 px."""
    citizen = await make_citizen(api, nik=NIK, full_name="Siti Aminah")
    auth = await login(api, NIK)
    h = FletHarness(make_main(), route=route, width=360, height=640)
    h.secure_storage[TOKEN_KEY] = auth["Authorization"].removeprefix("Bearer ")
    h.citizen = citizen  # type: ignore[attr-defined]
    return h


def entry_ids(h: FletHarness) -> list[str]:
    return [
        str(c.key)
        for c in h.find_all(type=ft.Card)
        if str(c.key or "").startswith("access-log-entry-")
    ]


# ---------------------------------------------------------------- access log


async def test_access_log_lists_reads_newest_first_and_pages(
    make_main: MakeMain, api: httpx.AsyncClient, db: AsyncSession
) -> None:
    citizen = await make_citizen(api, nik=NIK, full_name="Siti Aminah")
    officer = await make_staff(db, full_name="Budi Santoso", agency_code="DUKCAPIL")
    start = datetime(2026, 3, 1, 1, 0, tzinfo=UTC)
    total = PAGE_SIZE + 5
    for i in range(total):
        entry = record_access(
            db,
            citizen["id"],
            officer,
            Purpose.IDENTITY_CHECK if i < total - 1 else Purpose.HOME_VISIT,
            "profile",
            ["full_name", "birth_date"],
        )
        entry.at = start + timedelta(minutes=i)
    await db.commit()
    auth = await login(api, NIK)

    h = FletHarness(make_main(), route="/home", width=360, height=640)
    h.secure_storage[TOKEN_KEY] = auth["Authorization"].removeprefix("Bearer ")
    async with h:
        h.assert_accessible()  # the home tiles too
        await h.click(identifier="home-tile-access-log")
        assert h.route == "/home/access-log", h.outline()
        h.assert_accessible()
        assert len(entry_ids(h)) == PAGE_SIZE
        newest = h.text_of(identifier="access-log-entry-0")
        assert "Budi Santoso" in newest
        assert t("access.purpose.home_visit") in newest  # the last read comes first
        assert "DUKCAPIL" in newest and t("role.field") in newest
        assert t("access.field.full_name") in newest and t("access.field.birth_date") in newest
        # local time of the device (tests run with the machine's zone)
        local = (start + timedelta(minutes=total - 1)).astimezone()
        assert f"{local.day} {t(f'access.month.{local.month}')} {local.year}" in newest
        assert local.strftime("%H.%M") in newest
        assert t("access.purpose.identity_check") in h.text_of(identifier="access-log-entry-1")

        await h.click(identifier="access-log-more")
        assert len(entry_ids(h)) == total
        assert not h.exists(identifier="access-log-more")  # last page
        assert entry_ids(h)[-1] == f"access-log-entry-{total - 1}"
        h.assert_accessible()


async def test_access_log_empty_state(make_main: MakeMain, api: httpx.AsyncClient) -> None:
    h = await signed_in(make_main, api, "/home/access-log")
    async with h:
        assert h.route == "/home/access-log", h.outline()
        assert h.text_of(identifier="access-log-empty") == t("access.empty")
        assert not h.exists(identifier="access-log-more")
        h.assert_accessible()


# ---------------------------------------------------------------- profile


def save_disabled(h: FletHarness) -> bool:
    return bool(h.resolve(h.find(identifier="profile-save"), ft.FilledButton).disabled)


def options_of(h: FletHarness, identifier: str) -> list[str]:
    dropdown = h.input(identifier=identifier)
    return [str(o.text) for o in dropdown.options or []]


async def test_profile_edit_with_cascading_pickers_and_save(
    make_main: MakeMain, api: httpx.AsyncClient
) -> None:
    h = await signed_in(make_main, api, "/home")
    async with h:
        await h.click(identifier="home-tile-profile")
        assert h.route == "/home/profile", h.outline()
        h.assert_accessible()
        assert t("profile.unverified") in h.text_of(identifier="profile-verification")
        assert "3579********0001" in h.text_of(identifier="profile-nik-masked")
        assert NIK not in " ".join(h.texts())
        assert t("sex.female") in h.text_of(identifier="profile-sex")
        assert h.input(identifier="profile-full-name").value == "Siti Aminah"
        assert h.input(identifier="profile-birth-date").value == "01-01-1990"
        assert h.input(identifier="profile-phone").value == "081234567890"
        # nothing typed yet: nothing to save; regency and district wait for a province
        assert save_disabled(h)
        assert h.input(identifier="profile-regency").disabled
        assert h.input(identifier="profile-district").disabled

        await h.select("Jawa Barat", identifier="profile-province")
        await h.select("Kota Bandung", identifier="profile-regency")
        assert h.input(identifier="profile-regency").value == "3273"
        # another province clears the regency (it belongs to the old one)
        await h.select("35", identifier="profile-province")
        assert not h.input(identifier="profile-regency").value
        regencies = options_of(h, "profile-regency")
        assert "Kota Batu" in regencies and "Kota Bandung" not in regencies
        assert regencies == sorted(regencies, key=str.casefold)
        await h.select("Kota Batu", identifier="profile-regency")
        assert options_of(h, "profile-district") == ["Batu", "Bumiaji", "Junrejo"]
        await h.select("Batu", identifier="profile-district")

        await h.type("Malang", identifier="profile-birth-place")
        await h.type("Sisir", identifier="profile-village")
        await h.type("003", identifier="profile-rt")
        await h.type("007", identifier="profile-rw")
        await h.type("65311", identifier="profile-postcode")
        await h.type("siti@example.id", identifier="profile-email")
        await h.type("3579010101090001", identifier="profile-kk-number")
        await h.type("Guru", identifier="profile-occupation")
        h.assert_accessible()
        await h.click(identifier="profile-save")
        assert h.text_of(identifier="profile-saved") == t("profile.saved"), h.outline()
        assert save_disabled(h)  # saved: nothing left to save

    auth = await login(api, NIK)
    saved = (await api.get("/api/v1/me/profile", headers=auth)).json()
    assert saved["province_code"] == "35"
    assert saved["regency_code"] == "3579"
    assert saved["district_code"] == "357901"
    assert (saved["village"], saved["rt"], saved["rw"]) == ("Sisir", "003", "007")
    assert (saved["postcode"], saved["email"]) == ("65311", "siti@example.id")
    assert (saved["kk_number"], saved["occupation"]) == ("3579010101090001", "Guru")
    assert saved["birth_place"] == "Malang"


async def test_profile_checks_fields_before_sending(
    make_main: MakeMain, api: httpx.AsyncClient
) -> None:
    h = await signed_in(make_main, api, "/home/profile")
    async with h:
        await h.type("123", identifier="profile-postcode")
        await h.type("siti@", identifier="profile-email")
        await h.type("", identifier="profile-full-name")
        await h.click(identifier="profile-save")
        assert h.input(identifier="profile-postcode").error == t("profile.error.postcode_format")
        assert h.input(identifier="profile-email").error == t("profile.error.email_format")
        assert h.input(identifier="profile-full-name").error == t("field.required")
        assert h.exists(identifier="profile-error")
        h.assert_accessible()
        # typing again clears that field's error only
        await h.type("65311", identifier="profile-postcode")
        assert not h.input(identifier="profile-postcode").error
        assert h.input(identifier="profile-email").error

    auth = await login(api, NIK)
    saved = (await api.get("/api/v1/me/profile", headers=auth)).json()
    assert saved["postcode"] is None and saved["full_name"] == "Siti Aminah"  # nothing sent


async def test_server_field_error_is_shown_under_the_field(
    make_main: MakeMain, api: httpx.AsyncClient
) -> None:
    other = await make_citizen(api, full_name="Dewi Lestari")
    h = await signed_in(make_main, api, "/home/profile")
    async with h:
        # only the server knows the full NIK: a birth date that contradicts it comes back 422
        await h.type("02-01-1990", identifier="profile-birth-date")
        await h.click(identifier="profile-save")
        error = h.input(identifier="profile-birth-date").error
        assert error and error == MESSAGES["nik_birth_date_mismatch"][0], h.outline()

        # a NIK someone else registered: 409 from the server, shown under the NIK field
        await h.type("01-01-1990", identifier="profile-birth-date")
        await h.type(other["nik"], identifier="profile-nik")
        await h.click(identifier="profile-save")
        assert h.input(identifier="profile-nik").error == MESSAGES["nik_taken"][0]
        h.assert_accessible()


async def test_profile_save_offline_keeps_the_form(
    make_main: MakeMain, api: httpx.AsyncClient, switchable: tuple[httpx.AsyncClient, Any]
) -> None:
    client, transport = switchable
    await make_citizen(api, nik=NIK, full_name="Siti Aminah")
    auth = await login(api, NIK)
    h = FletHarness(make_main(client), route="/home/profile", width=360, height=640)
    h.secure_storage[TOKEN_KEY] = auth["Authorization"].removeprefix("Bearer ")
    async with h:
        await h.type("Guru", identifier="profile-occupation")
        transport.offline = True
        await h.click(identifier="profile-save")
        assert h.text_of(identifier="profile-error") == t("error.offline")
        assert h.input(identifier="profile-occupation").value == "Guru"  # nothing lost
        transport.offline = False
        await h.click(identifier="profile-save")
        assert h.exists(identifier="profile-saved")
    saved = (await api.get("/api/v1/me/profile", headers=auth)).json()
    assert saved["occupation"] == "Guru"


async def test_verified_profile_shows_badge_and_locks_the_nik(
    make_main: MakeMain, api: httpx.AsyncClient, db: AsyncSession
) -> None:
    h = await signed_in(make_main, api, "/home/profile")
    officer = await make_staff(db, full_name="Budi Santoso")
    citizen = await db.get(Account, h.citizen["id"])  # type: ignore[attr-defined]
    assert citizen is not None
    await verify(db, citizen, officer, datetime(2026, 3, 2, 3, 0, tzinfo=UTC))
    await db.commit()
    async with h:
        badge = h.text_of(identifier="profile-verification")
        assert t("profile.verified") in badge and "Budi Santoso" in badge, badge
        assert "2026" in badge
        assert t("profile.nik_locked") in h.text_of(identifier="profile-nik-masked")
        assert not h.exists(identifier="profile-nik")  # no way to send a new NIK
        h.assert_accessible()


# ---------------------------------------------------------------- family


async def test_family_add_and_remove_with_confirmation(
    make_main: MakeMain, api: httpx.AsyncClient
) -> None:
    h = await signed_in(make_main, api, "/home")
    async with h:
        await h.click(identifier="home-tile-family")
        assert h.route == "/home/family", h.outline()
        assert h.text_of(identifier="family-empty") == t("family.empty")
        h.assert_accessible()

        await h.click(identifier="family-add")
        await h.click(identifier="family-save")
        assert h.input(identifier="family-full-name").error == t("field.required")
        assert h.input(identifier="family-relationship").error_text == t("field.required")
        assert h.input(identifier="family-birth-date").error == t("field.required")
        h.assert_accessible()

        await h.type("Sumarni", identifier="family-full-name")
        await h.select(t("family.relationship.parent"), identifier="family-relationship")
        await h.type("17-08-1950", identifier="family-birth-date")
        await h.type("3579015708500002", identifier="family-nik")  # born 17-08-1950
        await h.type("Memakai kursi roda", identifier="family-note")
        await h.click(identifier="family-save")
        assert not h.exists(identifier="family-empty"), h.outline()
        cards = [c for c in h.find_all(type=ft.Card) if str(c.key).startswith("family-member-")]
        assert len(cards) == 1
        card_text = h.text_of(key=cards[0].key)
        assert "Sumarni" in card_text and t("family.relationship.parent") in card_text
        assert "3579********0002" in card_text and "3579015708500002" not in card_text
        assert "Memakai kursi roda" in card_text
        h.assert_accessible()

        member_id = str(cards[0].key).removeprefix("family-member-")
        await h.click(identifier=f"family-remove-{member_id}")
        assert h.dialogs and h.has_text(t("family.remove_body", name="Sumarni"))
        h.assert_accessible()
        await h.click(identifier="family-remove-cancel")
        assert not h.dialogs and h.exists(identifier=f"family-member-{member_id}")

        await h.click(identifier=f"family-remove-{member_id}")
        await h.click(identifier="family-remove-confirm")
        assert not h.dialogs
        assert h.exists(identifier="family-empty")
        assert not h.exists(identifier=f"family-member-{member_id}")

    auth = await login(api, NIK)
    assert (await api.get("/api/v1/me/family", headers=auth)).json() == []


async def test_family_nik_must_match_the_birth_date(
    make_main: MakeMain, api: httpx.AsyncClient
) -> None:
    h = await signed_in(make_main, api, "/home/family")
    async with h:
        await h.click(identifier="family-add")
        await h.type("Sumarni", identifier="family-full-name")
        await h.select("parent", identifier="family-relationship")
        await h.type("18-08-1950", identifier="family-birth-date")
        await h.type("3579015708500002", identifier="family-nik")  # says 17-08-1950
        await h.click(identifier="family-save")
        assert h.input(identifier="family-birth-date").error == t("field.nik_birth_date_mismatch")
        assert h.exists(identifier="family-error")


async def test_family_member_added_twice_is_refused_beside_the_nik(
    make_main: MakeMain, api: httpx.AsyncClient
) -> None:
    h = await signed_in(make_main, api, "/home/family")
    async with h:
        for name in ("Sumarni", "Ibu Sumarni"):  # the same mother, typed twice
            await h.click(identifier="family-add")
            await h.type(name, identifier="family-full-name")
            await h.select("parent", identifier="family-relationship")
            await h.type("17-08-1950", identifier="family-birth-date")
            await h.type("3579015708500002", identifier="family-nik")
            await h.click(identifier="family-save")
        assert h.input(identifier="family-nik").error == MESSAGES["family_duplicate"][0]
        assert not h.input(identifier="family-full-name").error
        assert h.exists(identifier="family-error") and h.exists(identifier="family-save")
        h.assert_accessible()
        await h.click(identifier="family-add-cancel")
        cards = [c for c in h.find_all(type=ft.Card) if str(c.key).startswith("family-member-")]
        assert len(cards) == 1


# ---------------------------------------------------------------- data rights


async def test_download_my_data_saves_the_export(
    make_main: MakeMain, api: httpx.AsyncClient
) -> None:
    h = await signed_in(make_main, api, "/home/profile")
    saved: list[dict[str, Any]] = []

    def save_file(args: dict[str, Any]) -> str:
        saved.append(args)
        return f"/home/siti/{args['file_name']}"

    h.on_method("FilePicker", "save_file", save_file)
    async with h:
        await h.click(identifier="profile-my-data")
        assert h.route == "/home/profile/data", h.outline()
        h.assert_accessible()
        await h.click(identifier="data-download")
        assert h.exists(identifier="data-download-saved"), h.outline()
    assert len(saved) == 1
    assert saved[0]["file_name"].startswith("satupintu-data-saya-")
    export = json.loads(saved[0]["src_bytes"])
    assert export["format"] == "satupintu-export-v1"
    assert "Siti Aminah" in json.dumps(export)


async def test_deletion_request_confirmed_twice_then_logs_out(
    make_main: MakeMain, api: httpx.AsyncClient
) -> None:
    h = await signed_in(make_main, api, "/home/profile/data")
    async with h:
        assert h.route == "/home/profile/data", h.outline()
        await h.click(identifier="data-delete")
        assert h.text_of(identifier="data-delete-explain-body") == t("data.delete_rules")
        h.assert_accessible()
        await h.click(identifier="data-delete-cancel")
        assert not h.dialogs and h.route == "/home/profile/data"

        await h.click(identifier="data-delete")
        await h.click(identifier="data-delete-continue")
        assert h.exists(identifier="data-delete-sure-body")
        h.assert_accessible()
        await h.type(PASSWORD, identifier="data-delete-password")
        await h.click(identifier="data-delete-confirm")
        done = h.text_of(identifier="data-delete-done-dialog-body")
        due = (datetime.now(UTC) + timedelta(days=30)).astimezone()
        assert f"{due.day} {t(f'access.month.{due.month}')} {due.year}" in done, done
        h.assert_accessible()
        await h.click(identifier="data-delete-done")
        assert h.route == "/", h.outline()
        assert TOKEN_KEY not in h.secure_storage

    resp = await api.post("/api/v1/auth/login", json={"login": NIK, "password": PASSWORD})
    assert resp.status_code != 200  # the account is disabled


async def test_profile_photo_from_the_document_wallet(
    make_main: MakeMain, api: httpx.AsyncClient
) -> None:
    h = await signed_in(make_main, api, "/home/profile")
    auth = await login(api, NIK)
    async with h:
        assert h.has_text(t("profile.no_photo"))
        await h.click(identifier="profile-photo-from-wallet")  # nothing uploaded yet
        assert h.text_of(identifier="profile-error") == t("profile.no_photo_in_wallet")

        buffer = io.BytesIO()
        Image.new("RGB", (400, 500), (180, 120, 90)).save(buffer, "JPEG")
        files = {"file": ("me.jpg", buffer.getvalue(), "image/jpeg")}
        resp = await api.post(
            "/api/v1/me/documents", data={"type": "photo"}, files=files, headers=auth
        )
        assert resp.status_code == 201, resp.text
        photo_id = resp.json()["id"]

        await h.click(identifier="profile-photo-from-wallet")
        images = [c for c in h.find_all(type=ft.Image) if isinstance(c, ft.Image)]
        assert len(images) == 1 and isinstance(images[0].src, bytes)  # the thumbnail
        assert images[0].semantics_label == t("profile.photo")
        h.assert_accessible()
        await h.click(identifier="profile-save")
        assert h.exists(identifier="profile-saved")
    saved = (await api.get("/api/v1/me/profile", headers=auth)).json()
    assert saved["photo_document_id"] == photo_id


async def test_access_log_offline_then_retry(
    make_main: MakeMain, api: httpx.AsyncClient, switchable: tuple[httpx.AsyncClient, Any]
) -> None:
    client, transport = switchable
    await make_citizen(api, nik=NIK, full_name="Siti Aminah")
    auth = await login(api, NIK)
    h = FletHarness(make_main(client), route="/home", width=360, height=640)
    h.secure_storage[TOKEN_KEY] = auth["Authorization"].removeprefix("Bearer ")
    async with h:
        transport.offline = True
        await h.click(identifier="home-tile-access-log")
        assert h.text_of(identifier="access-log-error") == t("error.offline")
        assert not h.exists(identifier="access-log-empty")  # unknown yet, not "nobody"
        h.assert_accessible()
        transport.offline = False
        await h.click(identifier="access-log-retry")
        assert not h.exists(identifier="access-log-error")
        assert h.exists(identifier="access-log-empty")


async def test_profile_birth_date_from_the_calendar(
    make_main: MakeMain, api: httpx.AsyncClient
) -> None:
    h = await signed_in(make_main, api, "/home/profile")
    async with h:
        await h.type("", identifier="profile-birth-date")
        await h.click(identifier="profile-birth-date-picker")
        assert h.dialogs
        await h.pick_date(date(1990, 1, 1))
        assert not h.dialogs
        assert h.input(identifier="profile-birth-date").value == "01-01-1990"


async def test_save_after_another_device_saved_keeps_what_was_typed(
    make_main: MakeMain, api: httpx.AsyncClient
) -> None:
    h = await signed_in(make_main, api, "/home/profile")
    auth = await login(api, NIK)
    async with h:
        await h.type("Guru", identifier="profile-occupation")
        # meanwhile, on another phone
        other = (await api.get("/api/v1/me/profile", headers=auth)).json()
        body = {k: other[k] for k in ("full_name", "birth_date", "phone")} | {"village": "Sisir"}
        resp = await api.put("/api/v1/me/profile", json=body, headers=auth)
        assert resp.status_code == 200, resp.text

        await h.click(identifier="profile-save")
        assert h.text_of(identifier="profile-error") == t("profile.saved_elsewhere")
        assert h.input(identifier="profile-village").value == "Sisir"  # the other save
        assert h.input(identifier="profile-occupation").value == "Guru"  # kept
        await h.click(identifier="profile-save")
        assert h.exists(identifier="profile-saved")
    saved = (await api.get("/api/v1/me/profile", headers=auth)).json()
    assert (saved["village"], saved["occupation"]) == ("Sisir", "Guru")
