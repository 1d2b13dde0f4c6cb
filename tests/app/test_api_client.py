"""ApiClient: one choke point mapping transport failures and status codes to typed errors."""

import asyncio
import json
from collections.abc import Callable
from datetime import date

import httpx
import pytest

from app.services.api import ApiClient
from app.services.errors import (
    ApiError,
    AuthExpiredError,
    ConflictError,
    InvalidCredentials,
    NotFoundError,
    OfflineError,
    PreconditionFailed,
    TooManyAttempts,
    ValidationFailed,
    is_retryable,
)
from contracts.accounts import RegisterRequest
from contracts.enums import Role, Sex

ACCOUNT = {"id": "a1", "role": "citizen", "full_name": "Siti Aminah", "nik_masked": "3507****"}


def error(
    status: int,
    code: str,
    message: str,
    fields: tuple[dict[str, str], ...] | list[dict[str, str]] = (),
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    body = {"error": {"code": code, "message": message, "fields": list(fields)}}
    return httpx.Response(status, json=body, headers=headers)


class Server:
    """Records requests and answers with whatever the test queued."""

    def __init__(self, *answers: httpx.Response | Exception) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def client(
    server: Server, *, language: str | Callable[[], str] = "id", token: str | None = None
) -> ApiClient:
    http = httpx.AsyncClient(base_url="http://api.test", transport=httpx.MockTransport(server))
    lang = language if callable(language) else (lambda: language)
    return ApiClient(http, language=lang, token=token)


@pytest.mark.parametrize(
    "failure",
    [
        httpx.ConnectError("no route to host"),
        httpx.ConnectTimeout("connect timed out"),
        httpx.ReadTimeout("read timed out"),
        httpx.RemoteProtocolError("peer closed connection"),
    ],
)
async def test_transport_failures_and_timeouts_are_offline(failure):
    with pytest.raises(OfflineError) as caught:
        await client(Server(failure)).me()
    assert caught.value.message is None
    assert caught.value.catalog_key == "error.offline"


async def test_a_server_that_never_answers_times_out_as_offline():
    """A real socket and httpx's real timeout, not a simulated exception."""

    writers: list[asyncio.StreamWriter] = []

    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writers.append(writer)  # read nothing, answer nothing

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=0.2) as http:
            with pytest.raises(OfflineError):
                await ApiClient(http).health()
    finally:
        for writer in writers:
            writer.close()
        server.close()
        await server.wait_closed()


async def test_a_refused_connection_is_offline():
    probe = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = probe.sockets[0].getsockname()[1]
    probe.close()
    await probe.wait_closed()
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=2) as http:
        with pytest.raises(OfflineError):
            await ApiClient(http).me()


@pytest.mark.parametrize(
    ("response", "kind", "code"),
    [
        (error(401, "invalid_credentials", "NIK atau kata sandi salah."), InvalidCredentials, None),
        (error(401, "unauthorized", "Sesi berakhir."), AuthExpiredError, None),
        (error(404, "not_found", "Tidak ditemukan."), NotFoundError, None),
        (error(409, "nik_taken", "NIK sudah terdaftar."), ConflictError, "nik_taken"),
        (error(403, "forbidden", "Tidak diizinkan."), ApiError, "forbidden"),
        (error(500, "internal", "Kesalahan server."), ApiError, "internal"),
    ],
)
async def test_status_codes_map_to_typed_errors_with_the_server_message(response, kind, code):
    with pytest.raises(kind) as caught:
        await client(Server(response)).me()
    assert type(caught.value) is kind
    assert caught.value.message == response.json()["error"]["message"]
    assert caught.value.status == response.status_code
    if code:
        assert caught.value.code == code


async def test_validation_errors_carry_one_message_per_field():
    fields = [
        {"field": "nik", "code": "nik_district", "message": "Kode wilayah NIK tidak dikenal."},
        {"field": "body.phone", "code": "phone_format", "message": "Nomor HP salah."},
        {"field": "", "code": "nik_sex_mismatch", "message": "Jenis kelamin tidak cocok."},
    ]
    server = Server(error(422, "validation", "Periksa kembali isian Anda.", fields))
    with pytest.raises(ValidationFailed) as caught:
        await client(server).me()
    assert caught.value.message == "Periksa kembali isian Anda."
    assert caught.value.fields == {
        "nik": "Kode wilayah NIK tidak dikenal.",
        "phone": "Nomor HP salah.",
        "": "Jenis kelamin tidak cocok.",
    }


async def test_too_many_attempts_reads_retry_after():
    response = error(429, "too_many_attempts", "Tunggu.", headers={"Retry-After": "30"})
    with pytest.raises(TooManyAttempts) as caught:
        await client(Server(response)).login("3507014101900001", "x")
    assert caught.value.retry_after == 30
    assert caught.value.message == "Tunggu."


async def test_an_error_without_our_json_shape_is_a_plain_api_error():
    with pytest.raises(ApiError) as caught:
        await client(Server(httpx.Response(502, text="<html>Bad Gateway</html>"))).me()
    assert type(caught.value) is ApiError
    assert caught.value.message is None
    assert caught.value.code == "http_502"


async def test_a_malformed_success_body_is_an_api_error():
    with pytest.raises(ApiError) as caught:
        await client(Server(httpx.Response(200, json={"unexpected": True}))).me()
    assert caught.value.code == "bad_response"


async def test_accept_language_follows_the_current_language():
    current = ["id"]
    server = Server(httpx.Response(200, json=ACCOUNT), httpx.Response(200, json=ACCOUNT))
    api = client(server, language=lambda: current[0], token="tok")
    await api.me()
    current[0] = "en"
    await api.me()
    assert [r.headers["Accept-Language"] for r in server.requests] == ["id", "en"]


async def test_token_is_sent_as_bearer_only_on_authenticated_calls():
    session = {"token": "tok", "expires_at": "2030-01-01T00:00:00Z", "account": ACCOUNT}
    server = Server(
        httpx.Response(200, json=session), httpx.Response(200, json=ACCOUNT), httpx.Response(204)
    )
    api = client(server, token="tok")
    await api.login("3507014101900001", "rahasia123", "Pixel")
    await api.me()
    await api.logout()
    login, me, logout = server.requests
    assert "Authorization" not in login.headers
    assert me.headers["Authorization"] == "Bearer tok"
    assert (logout.method, logout.url.path) == ("POST", "/api/v1/auth/logout")


async def test_no_token_no_authorization_header():
    server = Server(error(401, "unauthorized", "Masuk dulu."))
    with pytest.raises(AuthExpiredError):
        await client(server, token=None).me()
    assert "Authorization" not in server.requests[0].headers


async def test_login_sends_the_contract_body_and_parses_the_session():
    session = {"token": "tok", "expires_at": "2030-01-01T00:00:00Z", "account": ACCOUNT}
    server = Server(httpx.Response(200, json=session))
    result = await client(server).login("3507014101900001", "rahasia123", "Pixel 7")
    assert json.loads(server.requests[0].content) == {
        "login": "3507014101900001",
        "password": "rahasia123",
        "device_name": "Pixel 7",
    }
    assert result.token == "tok"
    assert result.account.role is Role.CITIZEN


async def test_register_posts_the_normalised_request():
    request = RegisterRequest(
        nik="3507014101900001",
        full_name="Siti  Aminah",
        birth_date=date(1990, 1, 1),
        sex=Sex.FEMALE,
        phone="0812-3456-7890",
        password="rahasia123",
    )
    server = Server(httpx.Response(201, json=ACCOUNT))
    account = await client(server).register(request)
    sent = server.requests[0]
    assert (sent.method, sent.url.path) == ("POST", "/api/v1/auth/register")
    body = json.loads(sent.content)
    assert body["phone"] == "+6281234567890"
    assert body["birth_date"] == "1990-01-01"
    assert body["full_name"] == "Siti Aminah"
    assert account.full_name == "Siti Aminah"


async def test_logout_all_and_health():
    server = Server(httpx.Response(204), httpx.Response(200, json={"status": "ok"}))
    api = client(server, token="tok")
    await api.logout_all()
    assert await api.health() == {"status": "ok"}
    assert [r.url.path for r in server.requests] == ["/api/v1/auth/logout-all", "/health"]


async def test_an_expired_session_calls_the_one_hook_once_for_the_current_token():
    expired = error(401, "unauthorized", "Sesi berakhir.")
    wrong = error(401, "invalid_credentials", "NIK atau kata sandi salah.")
    api = client(Server(expired, wrong), token="tok")
    calls: list[str | None] = []

    async def hook() -> None:
        calls.append(api.token)
        api.token = None  # what the auth controller does: sign out

    api.on_auth_expired = hook
    with pytest.raises(AuthExpiredError):
        await api.me()
    with pytest.raises(InvalidCredentials):  # a wrong password is no expired session
        await api.login("3507014101900001", "salah")
    assert calls == ["tok"]


async def test_a_late_401_for_an_older_token_leaves_the_new_session_alone():
    calls: list[str] = []

    def relogin_meanwhile(request: httpx.Request) -> httpx.Response:
        api.token = "new"  # the citizen signed in again while this request was on its way
        return error(401, "unauthorized", "Sesi berakhir.")

    http = httpx.AsyncClient(
        base_url="http://api.test", transport=httpx.MockTransport(relogin_meanwhile)
    )

    async def hook() -> None:
        calls.append("signed out")

    api = ApiClient(http, token="old", on_auth_expired=hook)
    with pytest.raises(AuthExpiredError):
        await api.me()
    assert calls == [] and api.token == "new"


async def test_412_is_precondition_failed_and_only_some_errors_are_worth_retrying():
    changed = error(412, "application_changed", "Permohonan ini baru saja diubah.")
    with pytest.raises(PreconditionFailed) as caught:
        await client(Server(changed), token="tok").me()
    assert caught.value.catalog_key == "error.changed"
    assert is_retryable(OfflineError())
    assert is_retryable(ApiError(status=503)) and is_retryable(ApiError(status=429))
    assert is_retryable(ConflictError(code="idempotency_in_progress", status=409))
    assert not is_retryable(ConflictError(code="nik_taken", status=409))
    assert not is_retryable(caught.value) and not is_retryable(ValidationFailed())
