"""Session actions (state layer): restore, log in, register, log out, over a faked transport."""

import json
from typing import Any, cast

import httpx
import pytest

from app.services.api import ApiClient
from app.services.device_store import DeviceStore, MemoryBackend
from app.services.errors import ConflictError, InvalidCredentials, OfflineError
from app.services.session_memory import SessionMemory
from app.services.tokens import MemoryTokenStore
from app.state.auth import AuthController
from app.state.forms import FormInvalid, RegisterForm
from app.state.session import (
    CITIZEN_HOME,
    GUEST_HOME,
    OFFICER_HOME,
    Session,
    SessionStatus,
    home_route,
)

CITIZEN = {"id": "c1", "role": "citizen", "full_name": "Siti Aminah"}
OFFICER = {"id": "o1", "role": "field", "full_name": "Budi", "agency_code": "DUKCAPIL"}


def api_error(status: int, code: str) -> httpx.Response:
    return httpx.Response(status, json={"error": {"code": code, "message": code}})


class FakeApi:
    """Just enough of /api/v1 to drive the controller; `down` simulates no signal."""

    def __init__(self, account: dict[str, Any] = CITIZEN) -> None:
        self.account = account
        self.down = False
        self.calls: list[tuple[str, str | None]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("no signal")
        self.calls.append((request.url.path, request.headers.get("Authorization")))
        path = request.url.path
        if path == "/api/v1/auth/login":
            if json.loads(request.content)["password"] != "rahasia123":
                return api_error(401, "invalid_credentials")
            body = {"token": "tok", "expires_at": "2030-01-01T00:00:00Z", "account": self.account}
            return httpx.Response(200, json=body)
        if path == "/api/v1/auth/register":
            return httpx.Response(201, json=CITIZEN)
        if path == "/api/v1/me":
            ok = request.headers.get("Authorization") == "Bearer tok"
            return httpx.Response(200, json=self.account) if ok else api_error(401, "unauthorized")
        return httpx.Response(204)


def controller(
    api: FakeApi, token: str | None = None, memory: SessionMemory | None = None
) -> tuple[AuthController, MemoryTokenStore]:
    http = httpx.AsyncClient(base_url="http://api.test", transport=httpx.MockTransport(api))
    store, session = MemoryTokenStore(token), Session()
    client = ApiClient(http, language=lambda: session.language)  # as app/main.py wires it
    auth = AuthController(session, client, store, device_name="test", memory=memory)
    return auth, store


async def test_restore_without_a_token_signs_out():
    auth, _ = controller(FakeApi())
    await auth.restore()
    assert auth.session.status is SessionStatus.SIGNED_OUT
    assert home_route(auth.session) == GUEST_HOME


async def test_restore_with_a_valid_token_signs_in():
    auth, _ = controller(FakeApi(), token="tok")
    await auth.restore()
    assert auth.session.signed_in
    assert auth.session.account is not None
    assert auth.session.account.full_name == "Siti Aminah"
    assert home_route(auth.session) == CITIZEN_HOME


async def test_restore_with_a_revoked_token_forgets_it():
    auth, store = controller(FakeApi(), token="revoked")
    await auth.restore()
    assert auth.session.status is SessionStatus.SIGNED_OUT
    assert await store.load() is None


async def test_restore_while_offline_keeps_the_token_and_can_retry():
    api = FakeApi()
    api.down = True
    auth, store = controller(api, token="tok")
    await auth.restore()
    assert auth.session.status is SessionStatus.UNREACHABLE
    assert await store.load() == "tok"
    api.down = False
    await auth.restore()
    assert auth.session.signed_in


async def test_a_remembered_account_starts_offline_and_is_revalidated_later():
    api, memory = FakeApi(), SessionMemory(DeviceStore(MemoryBackend()))
    online, _ = controller(api, token="tok", memory=memory)
    await online.restore()  # a start with signal: the device remembers the account
    synced = online.session.last_sync
    api.down = True
    auth, store = controller(api, token="tok", memory=memory)  # the next start: no signal
    await auth.restore()
    assert auth.session.signed_in and auth.session.offline
    assert auth.session.last_sync == synced and home_route(auth.session) == CITIZEN_HOME
    assert auth.session.account is not None and auth.session.account.full_name == "Siti Aminah"
    assert not await auth.revalidate() and auth.session.offline  # still no signal
    api.down = False
    assert await auth.revalidate()
    assert not auth.session.offline and auth.session.last_sync != synced
    await auth.logout()
    assert await memory.load_account() is None and await store.load() is None


async def test_the_first_answer_after_an_offline_start_schedules_the_revalidation():
    api, memory = FakeApi(), SessionMemory(DeviceStore(MemoryBackend()))
    await controller(api, token="tok", memory=memory)[0].restore()
    api.down = True
    auth, _ = controller(api, token="tok", memory=memory)
    await auth.restore()
    api.down = False
    await auth.api.call_raw("GET", "/api/v1/me/notifications")  # any answer that gets through
    assert auth._checking is not None
    assert await auth._checking
    assert not auth.session.offline


async def test_the_chosen_language_is_kept_on_the_device_and_restored():
    memory = SessionMemory(DeviceStore(MemoryBackend()))
    auth, _ = controller(FakeApi(), memory=memory)
    await auth.choose_language("en")
    await auth.logout()  # not personal: kept after sign-out
    again, _ = controller(FakeApi(), memory=memory)
    await again.restore()
    assert again.session.language == "en"


async def test_login_stores_the_token_and_staff_land_on_the_officer_home():
    auth, store = controller(FakeApi(OFFICER))
    await auth.login(" budi ", "rahasia123")
    assert await store.load() == "tok"
    assert auth.session.is_staff
    assert home_route(auth.session) == OFFICER_HOME


async def test_wrong_password_and_empty_fields():
    auth, store = controller(FakeApi())
    with pytest.raises(InvalidCredentials):
        await auth.login("3507014101900001", "salah")
    with pytest.raises(FormInvalid):
        await auth.login("", "")
    assert await store.load() is None
    assert not auth.session.signed_in


async def test_register_then_logs_in_with_the_same_nik():
    api = FakeApi()
    auth, _ = controller(api)
    form = RegisterForm(
        "3507014101900001", "Siti Aminah", "01-01-1990", "female", "081234567890", "rahasia123"
    )
    await auth.register(form)
    assert [path for path, _ in api.calls] == ["/api/v1/auth/register", "/api/v1/auth/login"]
    assert auth.session.signed_in


async def test_an_invalid_form_never_reaches_the_server():
    api = FakeApi()
    auth, _ = controller(api)
    with pytest.raises(FormInvalid):
        await auth.register(RegisterForm(nik="123"))
    assert api.calls == []


async def test_logout_works_offline_but_logout_all_needs_the_server():
    api = FakeApi()
    auth, store = controller(api, token="tok")
    await auth.restore()
    api.down = True
    with pytest.raises(OfflineError):
        await auth.logout_all()
    assert auth.session.signed_in and await store.load() == "tok"
    await auth.logout()
    assert auth.session.status is SessionStatus.SIGNED_OUT
    assert await store.load() is None


async def test_logout_all_revokes_on_the_server_with_the_token():
    api = FakeApi()
    auth, _ = controller(api, token="tok")
    await auth.restore()
    await auth.logout_all()
    assert api.calls[-1] == ("/api/v1/auth/logout-all", "Bearer tok")
    assert not auth.has_token


async def test_language_changes_notify_and_reach_the_api():
    api = FakeApi()
    auth, _ = controller(api, token="tok")
    changes: list[str | None] = []

    def listener(_sender: object, field: str | None) -> None:
        changes.append(field)

    cast(Any, auth.session).subscribe(listener)  # observers are held weakly: keep `listener` alive
    auth.set_language("en")
    auth.set_language("fr")  # unsupported: ignored
    assert auth.session.language == "en"
    assert changes == ["language"]
    assert auth.api._language() == "en"


async def test_register_retry_after_a_lost_answer_signs_in(api: httpx.AsyncClient) -> None:
    """Against the real API: the first registration landed but its answer was lost."""
    nik = "3507014101900001"
    form = RegisterForm(nik, "Siti Aminah", "01-01-1990", "female", "081234567890", "rahasia123")
    first = AuthController(Session(), ApiClient(api), MemoryTokenStore(), device_name="hp")
    await first.register(form)
    retry = AuthController(Session(), ApiClient(api), MemoryTokenStore(), device_name="hp")
    await retry.register(form)
    assert retry.session.signed_in and retry.session.account is not None
    other = RegisterForm(nik, "Orang Lain", "01-01-1990", "female", "081234567890", "lainlain99")
    with pytest.raises(ConflictError):
        await AuthController(Session(), ApiClient(api), MemoryTokenStore()).register(other)


async def test_sign_out_runs_the_features_forget_hooks() -> None:
    api = FakeApi()
    auth, store = controller(api, token="tok")
    await auth.restore()
    forgotten: list[str] = []

    async def forget() -> None:
        forgotten.append("qr batch")

    auth.on_sign_out.append(forget)
    await auth.logout()
    assert forgotten == ["qr batch"] and await store.load() is None
