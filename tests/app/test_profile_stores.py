"""Store tests: profile, family, access log, sign-in/up and password stores against the real API
(no screens): what each action leaves in the store for its screen to show."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.access_api import PAGE_SIZE
from app.services.api import ApiClient
from app.services.tokens import MemoryTokenStore
from app.state.access_log import AccessLogStore
from app.state.auth import AuthController
from app.state.auth_form import AuthFormStore
from app.state.family import FamilyStore
from app.state.forms import RegisterForm
from app.state.password import PasswordForm, PasswordStore
from app.state.profile import FamilyForm, ProfileStore
from app.state.session import Session
from contracts.access import Purpose
from server.access.service import record_access
from server.messages import MESSAGES
from tests.app.screen_support import db_url  # noqa: F401
from tests.builders import PASSWORD, login, make_citizen, make_staff

NIK = "3579014101900001"  # a woman born 1990-01-01
MOTHER = FamilyForm("Sumarni", "3579015708500002", "17-08-1950", "parent")


async def client_for(api: httpx.AsyncClient) -> ApiClient:
    await make_citizen(api, nik=NIK, full_name="Siti Aminah")
    auth = await login(api, NIK)
    return ApiClient(api, token=auth["Authorization"].removeprefix("Bearer "))


def keys(errors: dict) -> dict[str, str]:  # type: ignore[type-arg]
    return {name: note.key for name, note in errors.items()}


# ---------------------------------------------------------------- profile


async def test_profile_save_sends_the_version_read_and_says_saved(api: httpx.AsyncClient) -> None:
    store = ProfileStore(await client_for(api))
    await store.load()
    assert store.profile is not None and store.form.full_name == "Siti Aminah"
    assert not store.unsaved
    store.edit("occupation", "Guru")
    assert store.unsaved
    assert await store.save()
    assert store.notice is not None and store.notice.key == "profile.saved"
    assert not store.unsaved and store.profile.occupation == "Guru"


async def test_profile_412_reloads_and_keeps_what_was_typed(api: httpx.AsyncClient) -> None:
    store = ProfileStore(await client_for(api))
    await store.load()
    assert store.profile is not None
    read = store.profile.version
    store.edit("occupation", "Guru")
    auth = await login(api, NIK)  # meanwhile, another phone saves
    other = (await api.get("/api/v1/me/profile", headers=auth)).json()
    body = {k: other[k] for k in ("full_name", "birth_date", "phone")} | {"village": "Sisir"}
    assert (await api.put("/api/v1/me/profile", json=body, headers=auth)).status_code == 200

    assert not await store.save()
    assert store.changed and store.problem is not None
    assert store.problem.key == "profile.saved_elsewhere"
    assert store.profile.version > read  # reloaded
    assert (store.form.village, store.form.occupation) == ("Sisir", "Guru")
    assert await store.save()  # the second save carries the fresh version
    assert (await api.get("/api/v1/me/profile", headers=auth)).json()["occupation"] == "Guru"


async def test_profile_checks_on_the_device_send_nothing(api: httpx.AsyncClient) -> None:
    store = ProfileStore(await client_for(api))
    await store.load()
    store.edit("postcode", "123")
    store.edit("full_name", "")
    assert not await store.save()
    assert keys(store.errors) == {
        "postcode": "profile.error.postcode_format",
        "full_name": "field.required",
    }
    assert store.problem is not None and store.problem.key == "error.check_form"
    assert not store.busy
    store.edit("postcode", "65311")  # typing clears that field's error only
    assert set(store.errors) == {"full_name"}


async def test_profile_forget_drops_everything(api: httpx.AsyncClient) -> None:
    store = ProfileStore(await client_for(api))
    await store.load()
    store.edit("occupation", "Guru")
    await store.forget()
    assert store.profile is None and store.form.full_name == "" and not store.unsaved


# ---------------------------------------------------------------- family


async def test_family_add_edit_remove(api: httpx.AsyncClient) -> None:
    store = FamilyStore(await client_for(api))
    await store.load()
    assert store.members == ()
    assert await store.save(MOTHER)
    assert store.members is not None and len(store.members) == 1
    member = store.members[0]
    assert await store.save(replace(MOTHER, full_name="Sumarni Wati", nik=""), member)
    assert [m.full_name for m in store.members] == ["Sumarni Wati"]
    await store.remove(store.members[0])
    assert store.members == ()
    await store.forget()
    assert store.members is None


async def test_family_duplicate_nik_is_shown_beside_the_nik(api: httpx.AsyncClient) -> None:
    store = FamilyStore(await client_for(api))
    await store.load()
    assert await store.save(MOTHER)
    assert not await store.save(replace(MOTHER, full_name="Ibu Sumarni"))  # 409
    assert set(store.errors) == {"nik"}
    assert store.errors["nik"].text == MESSAGES["family_duplicate"][0]
    assert store.members is not None and len(store.members) == 1


async def test_family_own_nik_and_missing_fields(api: httpx.AsyncClient) -> None:
    store = FamilyStore(await client_for(api))
    await store.load()
    assert not await store.save(FamilyForm())
    assert keys(store.errors) == {
        "full_name": "field.required",
        "birth_date": "field.required",
        "relationship": "field.required",
    }
    me = FamilyForm("Siti", NIK, "01-01-1990", "spouse")
    assert not await store.save(me)
    assert store.errors["nik"].text == MESSAGES["family_self"][0]


# ---------------------------------------------------------------- access log


async def test_access_log_pages_and_retry(api: httpx.AsyncClient, db: AsyncSession) -> None:
    client = await client_for(api)
    citizen = await api.get("/api/v1/me", headers={"Authorization": f"Bearer {client.token}"})
    officer = await make_staff(db, full_name="Budi Santoso")
    start = datetime(2026, 3, 1, 1, 0, tzinfo=UTC)
    for i in range(PAGE_SIZE + 2):
        entry = record_access(
            db, citizen.json()["id"], officer, Purpose.IDENTITY_CHECK, "profile", ["full_name"]
        )
        entry.at = start + timedelta(minutes=i)
    await db.commit()
    store = AccessLogStore(client)
    await store.load()
    assert len(store.log.entries) == PAGE_SIZE and store.log.next_before
    await store.retry()  # nothing failed: the next page, not the first again
    assert len(store.log.entries) == PAGE_SIZE + 2 and store.log.next_before is None
    await store.load()  # the screen opened again: from the newest
    assert len(store.log.entries) == PAGE_SIZE
    await store.forget()
    assert not store.log.loaded


# ---------------------------------------------------------------- sign-in, sign-up, password


def controller(api: httpx.AsyncClient) -> AuthController:
    return AuthController(Session(), ApiClient(api), MemoryTokenStore(), device_name="pytest")


async def test_login_store_fields_and_the_pending_deletion_offer(api: httpx.AsyncClient) -> None:
    client = await client_for(api)
    auth = controller(api)
    store = AuthFormStore(auth)
    assert not await store.login("", "")
    assert keys(store.errors) == {"login": "field.required", "password": "field.required"}
    assert not await store.login(NIK, "salah12345")
    assert store.problem is not None and store.problem.text == MESSAGES["invalid_credentials"][0]
    assert not store.pending_deletion

    gone = await api.post(
        "/api/v1/me/deletion-request",
        json={"password": PASSWORD},
        headers={"Authorization": f"Bearer {client.token}"},
    )
    assert gone.status_code == 202
    assert not await store.login(NIK, PASSWORD)
    assert store.pending_deletion and not auth.session.signed_in
    assert await store.cancel_deletion(NIK, PASSWORD)
    assert auth.session.signed_in and not store.pending_deletion and store.problem is None


async def test_register_store_taken_nik_goes_beside_the_nik(api: httpx.AsyncClient) -> None:
    await make_citizen(api, nik=NIK)
    store = AuthFormStore(controller(api))
    form = RegisterForm(NIK, "Dewi Lestari", "01-01-1990", "female", "081234567891", "lain98765")
    assert not await store.register(form)
    assert store.errors["nik"].text == MESSAGES["nik_taken"][0]
    store.clear()
    assert store.errors == {} and store.problem is None


async def test_password_store_checks_then_the_server_then_says_changed(
    api: httpx.AsyncClient,
) -> None:
    client = await client_for(api)
    auth = controller(api)
    auth.api.token = client.token
    store = PasswordStore(auth.change_password)
    assert not await store.submit_form(PasswordForm(PASSWORD, "kataBaru456", "lain98765"))
    assert keys(store.errors) == {"repeat_password": "password.mismatch"}
    assert not await store.submit_form(PasswordForm("salah12345", "kataBaru456", "kataBaru456"))
    assert store.errors["current_password"].text == MESSAGES["password_wrong"][0]
    assert await store.submit_form(PasswordForm(PASSWORD, "kataBaru456", "kataBaru456"))
    assert store.notice is not None and store.notice.key == "password.changed"
    assert store.errors == {}
