"""Screen tests: Kode QR Saya, Pindai QR, Periksa Petugas and Kartu Petugas — the real app
against the real API in-process; QR images go through the real decoder and verifier."""

from __future__ import annotations

import asyncio
import io
import os
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import flet as ft
import httpx
import pytest
import qrcode
from PIL import Image
from sqlalchemy.ext.asyncio import AsyncSession

from app.main import build_main
from app.services.api import ApiClient
from app.services.device_store import DeviceStore, MemoryBackend
from app.services.identity_store import BATCH_KEY, JWKS_KEY, IdentityStore
from app.services.qr import render_qr_png
from app.services.qr_decode import decode_qr
from app.services.tokens import TOKEN_KEY, MemoryTokenStore
from app.settings import AppSettings
from app.state.auth import AuthController
from app.state.identity import MyQrStore, ScanStore, judge
from app.state.session import Session
from contracts.enums import Role
from contracts.identity import (
    PREFIX,
    IdentityClaims,
    TokenKind,
    b45decode,
    b45encode,
    verify_token,
)
from server.app import create_app
from server.config import Settings
from server.identity import keys, service
from tests.app.harness import FletHarness
from tests.app.screen_support import BASE_URL, CATALOG, db_url, t  # noqa: F401
from tests.builders import login, make_citizen, make_staff

NIK = "3579014101900001"
LOOPS = ("tick_loop", "picture_loop")  # screen loops that run until the screen closes

MakeMain = Callable[..., Callable[[ft.Page], Any]]


@pytest.fixture
def make_main(api: httpx.AsyncClient) -> MakeMain:
    def make(http: httpx.AsyncClient | None = None) -> Any:
        settings = AppSettings(api_url=BASE_URL, language="id", device_name="pytest")
        return build_main(settings, http=http or api)

    return make


class SwitchableTransport(httpx.AsyncBaseTransport):
    """The in-process API, until the test pulls the plug (`offline = True`)."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.offline = False
        self.batch_requests = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.batch_requests += request.url.path.endswith("/identity/tokens")
        if self.offline:
            raise httpx.ConnectError("network is unreachable", request=request)
        return await self.inner.handle_async_request(request)


@pytest.fixture
async def switchable(
    settings: Settings,
) -> AsyncIterator[tuple[httpx.AsyncClient, SwitchableTransport]]:
    app = create_app(settings)
    transport = SwitchableTransport(httpx.ASGITransport(app=app, raise_app_exceptions=False))
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        yield client, transport
    await app.state.engine.dispose()


def harness(make_main: MakeMain, route: str, bearer: str, **kw: Any) -> FletHarness:
    h = FletHarness(make_main(**kw), route=route, width=360, height=640, background_tasks=LOOPS)
    h.secure_storage[TOKEN_KEY] = bearer
    for kind, method in (
        ("ScreenBrightness", "set_application_screen_brightness"),
        ("ScreenBrightness", "reset_application_screen_brightness"),
        ("Wakelock", "enable"),
        ("Wakelock", "disable"),
    ):
        h.on_method(kind, method, lambda a: None)
    return h


def owner(auth: AuthController) -> Callable[[], str]:
    return lambda: auth.session.account.id if auth.session.account else ""


def screen_calls(h: FletHarness) -> list[str]:
    """Brightness and wakelock calls the app made, in order."""
    kinds = ("ScreenBrightness", "Wakelock")
    return [f"{c.name}{c.args.get('value', '')}" for c in h.method_calls if c.control_type in kinds]


async def citizen_bearer(api: httpx.AsyncClient) -> str:
    await make_citizen(api, nik=NIK, full_name="Siti Aminah")
    return (await login(api, NIK))["Authorization"].removeprefix("Bearer ")


async def officer_bearer(api: httpx.AsyncClient, db: AsyncSession, **kw: Any) -> str:
    staff = await make_staff(db, full_name="Budi Santoso", **kw)
    assert staff.username
    return (await login(api, staff.username))["Authorization"].removeprefix("Bearer ")


async def citizen_tokens(api: httpx.AsyncClient, bearer: str, count: int = 2) -> list[str]:
    resp = await api.post(
        "/api/v1/identity/tokens",
        json={"count": count},
        headers={"Authorization": f"Bearer {bearer}"},
    )
    assert resp.status_code == 200, resp.text
    return [item["token"] for item in resp.json()["tokens"]]


async def jwks(api: httpx.AsyncClient) -> dict[str, Any]:
    resp = await api.get("/.well-known/jwks.json")
    assert resp.status_code == 200
    document: dict[str, Any] = resp.json()
    return document


def photo_of(text: str) -> bytes:
    """The code as a phone photo would arrive: JPEG, on a bigger grey background."""
    code = Image.open(io.BytesIO(render_qr_png(text))).convert("RGB")
    frame = Image.new("RGB", (1280, 960), (150, 150, 150))
    frame.paste(code.resize((600, 600)), (300, 180))
    out = io.BytesIO()
    frame.save(out, format="JPEG", quality=80)
    return out.getvalue()


def pick_answers(h: FletHarness, *images: bytes) -> None:
    """The file picker answers with the next image each time (the device returns bytes)."""
    queue = list(images)

    def pick(args: dict[str, Any]) -> list[dict[str, Any]]:
        assert args["with_data"] is True
        data = queue.pop(0)
        return [{"id": 1, "name": "qr.jpg", "size": len(data), "bytes": data}]

    h.on_method("FilePicker", "pick_files", pick)


def tampered(token: str) -> str:
    raw = bytearray(b45decode(token[len(PREFIX) :]))
    raw[40] ^= 0x01  # a bit inside the signed payload (the name)
    return PREFIX + b45encode(bytes(raw))


async def expired_token(db: AsyncSession, settings: Settings, citizen: IdentityClaims) -> str:
    """A correctly signed token whose window ended an hour ago."""
    now = datetime.now(UTC).replace(microsecond=0)
    key = await keys.active_key(db, settings.secret_key, now)
    claims = citizen.model_copy(
        update={
            "kid": key.kid,
            "token_id": os.urandom(8).hex(),
            "not_before": now - timedelta(hours=2),
            "expires_at": now - timedelta(hours=1),
        }
    )
    token = service._sign(key, settings.secret_key, claims)
    await db.commit()
    return token


def image_bytes(h: FletHarness, identifier: str) -> bytes:
    image = h.resolve(h.find(identifier=identifier), ft.Image)
    assert isinstance(image.src, bytes)
    return image.src


# ---------------------------------------------------------------- Kode QR Saya


async def test_my_qr_shows_a_verifiable_code_with_countdown(
    make_main: MakeMain, api: httpx.AsyncClient
) -> None:
    bearer = await citizen_bearer(api)
    async with harness(make_main, "/home/qr", bearer) as h:
        texts = decode_qr(image_bytes(h, "my-qr-image"))
        claims = verify_token(texts[0], await jwks(api), datetime.now(UTC))
        assert claims.kind is TokenKind.CITIZEN and claims.name == "Siti Aminah"
        assert claims.nik_masked == "3579********0001"
        assert h.text_of(identifier="my-qr-name") == "Siti Aminah"
        assert "3579********0001" in h.text_of(identifier="my-qr-nik")
        assert h.text_of(identifier="my-qr-badge") == t("qr.badge.unverified")
        assert h.text_of(identifier="my-qr-countdown").startswith("Kode berganti dalam ")
        assert "Bisa dipakai tanpa sinyal sampai" in h.text_of(identifier="my-qr-offline-until")
        image = h.resolve(h.find(identifier="my-qr-image"), ft.Image)
        assert image.semantics_label == t("qr.my.image_label")
        assert h.secure_storage[BATCH_KEY].count(PREFIX) == 144  # a day of 10-minute windows
        assert JWKS_KEY in h.secure_storage
        h.assert_accessible()
        assert screen_calls(h) == ["set_application_screen_brightness1.0", "enable"]
        await h.back()
        assert screen_calls(h)[2:] == ["reset_application_screen_brightness", "disable"]


async def test_my_qr_keeps_working_when_the_signal_drops(
    make_main: MakeMain, switchable: tuple[httpx.AsyncClient, SwitchableTransport]
) -> None:
    http, transport = switchable
    bearer = await citizen_bearer(http)
    async with harness(make_main, "/home/qr", bearer, http=http) as h:
        first = decode_qr(image_bytes(h, "my-qr-image"))
        await h.back()
        transport.offline = True
        await h.click(identifier="home-tile-my-qr")  # reopened from the stored batch
        assert decode_qr(image_bytes(h, "my-qr-image")) == first
        await h.click(identifier="my-qr-refresh")
        assert h.exists(identifier="my-qr-offline")
        assert decode_qr(image_bytes(h, "my-qr-image")) == first


async def test_home_tile_opens_my_qr(make_main: MakeMain, api: httpx.AsyncClient) -> None:
    bearer = await citizen_bearer(api)
    async with harness(make_main, "/home", bearer) as h:
        await h.click(identifier="home-tile-my-qr")
        assert h.route == "/home/qr"
        assert h.exists(identifier="my-qr-image")
        await h.back()
        await h.click(identifier="home-tile-check-officer")
        assert h.route == "/home/check-officer"


# ---------------------------------------------------------------- Pindai QR (officer)


async def test_scan_a_valid_citizen_qr_then_exchange_once(
    make_main: MakeMain, api: httpx.AsyncClient, db: AsyncSession
) -> None:
    token = (await citizen_tokens(api, await citizen_bearer(api)))[0]
    async with harness(make_main, "/officer/scan", await officer_bearer(api, db)) as h:
        pick_answers(h, photo_of(token), photo_of(token))
        await h.click(identifier="scan-pick-file")
        card = h.text_of(identifier="scan-result-valid")
        assert "Siti Aminah" in card and "3579********0001" in card
        await h.click(identifier="scan-purpose-identity_check")
        await h.click(identifier="scan-exchange")
        assert h.exists(identifier="scan-exchange-result")
        assert "Siti Aminah" in h.text_of(identifier="scan-field-full_name")
        h.assert_accessible()
        # the same QR again: still genuine offline, but the server refuses a second use
        await h.click(identifier="scan-again")
        await h.click(identifier="scan-pick-file")
        assert h.exists(identifier="scan-result-valid")
        await h.click(identifier="scan-exchange")
        assert t("qr.problem.token_used") in h.text_of(identifier="scan-exchange-error")
        assert not h.exists(identifier="scan-exchange")


async def test_scan_rejects_tampered_expired_and_foreign_codes(
    make_main: MakeMain, api: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    citizen = await citizen_bearer(api)
    token = (await citizen_tokens(api, citizen))[0]
    claims = verify_token(token, await jwks(api), datetime.now(UTC))
    old = await expired_token(db, settings, claims)
    blank = io.BytesIO()
    Image.new("RGB", (640, 480), "white").save(blank, format="PNG")
    cases = [
        (photo_of(tampered(token)), "qr.problem.token_tampered"),
        (photo_of(old), "qr.problem.token_expired"),
        (photo_of("https://contoh.go.id/bukan-identitas"), "qr.problem.not_identity_qr"),
        (blank.getvalue(), "qr.problem.no_qr"),
    ]
    async with harness(make_main, "/officer/scan", await officer_bearer(api, db)) as h:
        pick_answers(h, *[image for image, _ in cases])
        for _, problem in cases:
            await h.click(identifier="scan-pick-file")
            assert t(problem) in h.text_of(identifier="scan-result-invalid"), problem
            assert not h.exists(identifier="scan-exchange")
            await h.click(identifier="scan-again")


async def test_scan_verifies_offline_with_cached_keys(
    make_main: MakeMain,
    switchable: tuple[httpx.AsyncClient, SwitchableTransport],
    db: AsyncSession,
) -> None:
    http, transport = switchable
    token = (await citizen_tokens(http, await citizen_bearer(http)))[0]
    async with harness(make_main, "/officer", await officer_bearer(http, db), http=http) as h:
        await h.click(identifier="officer-tile-scan-qr")  # online: the keys get cached
        await h.back()
        transport.offline = True  # at the citizen's door, no signal
        await h.click(identifier="officer-tile-scan-qr")
        pick_answers(h, photo_of(token))
        await h.click(identifier="scan-pick-file")
        assert h.exists(identifier="scan-result-valid")
        assert h.exists(identifier="scan-offline-keys")
        assert h.exists(identifier="scan-needs-online") and not h.exists(identifier="scan-exchange")


async def test_officer_tiles_open_scan_and_credential(
    make_main: MakeMain, api: httpx.AsyncClient, db: AsyncSession
) -> None:
    async with harness(make_main, "/officer", await officer_bearer(api, db)) as h:
        await h.click(identifier="officer-tile-scan-qr")
        assert h.route == "/officer/scan" and h.exists(identifier="scan-pick-file")
        await h.back()
        await h.click(identifier="officer-tile-credential")
        assert h.route == "/officer/credential"


# ---------------------------------------------------------------- officer credential


async def test_officer_card_shows_a_credential_a_citizen_can_check(
    make_main: MakeMain, api: httpx.AsyncClient, db: AsyncSession
) -> None:
    officer = await officer_bearer(api, db, role=Role.FIELD, agency_code="DUKCAPIL")
    async with harness(make_main, "/officer/credential", officer) as h:
        card = image_bytes(h, "credential-image")
        assert h.text_of(identifier="credential-name") == "Budi Santoso"
    citizen = await citizen_bearer(api)
    citizen_qr = (await citizen_tokens(api, citizen))[0]
    async with harness(make_main, "/home/check-officer", citizen) as h:
        pick_answers(h, card, photo_of(citizen_qr))
        await h.click(identifier="check-pick-file")
        verdict = h.text_of(identifier="check-result-valid")
        assert t("qr.check.valid") in verdict and "Budi Santoso" in verdict
        assert "DUKCAPIL" in verdict
        await h.click(identifier="check-again")
        await h.click(identifier="check-pick-file")  # a citizen's QR is no officer card
        verdict = h.text_of(identifier="check-result-invalid")
        assert t("qr.check.invalid") in verdict and t("qr.check.wrong_kind") in verdict
        h.assert_accessible()


async def test_a_forged_officer_card_is_refused(
    make_main: MakeMain, api: httpx.AsyncClient
) -> None:
    """A scammer's home-made QR that copies the format but not the key."""
    forged = qrcode.make("SP1:" + b45encode(os.urandom(120))).get_image()
    out = io.BytesIO()
    forged.save(out, format="PNG")
    async with harness(make_main, "/home/check-officer", await citizen_bearer(api)) as h:
        pick_answers(h, out.getvalue())
        await h.click(identifier="check-pick-file")
        assert t("qr.check.invalid") in h.text_of(identifier="check-result-invalid")


# ---------------------------------------------------------------- camera and token switching


def fake_camera(h: FletHarness, frames: list[bytes], *, streaming: bool) -> list[str]:
    """A back camera; `take_picture` returns the next frame (web: no frame stream)."""
    calls: list[str] = []
    h.on_method(
        "Camera",
        "get_available_cameras",
        lambda a: [
            {"name": "front", "lens_direction": "front", "sensor_orientation": 270},
            {"name": "back", "lens_direction": "back", "sensor_orientation": 90},
        ],
    )

    def initialize(args: dict[str, Any]) -> None:
        calls.append(f"initialize:{args['description']['name']}")

    h.on_method("Camera", "initialize", initialize)
    h.on_method("Camera", "supports_image_streaming", lambda a: streaming)
    h.on_method("Camera", "start_image_stream", lambda a: calls.append("stream"))
    h.on_method("Camera", "take_picture", lambda a: frames.pop(0))
    return calls


async def test_scan_with_the_camera_picture_loop(
    make_main: MakeMain, api: httpx.AsyncClient, db: AsyncSession
) -> None:
    token = (await citizen_tokens(api, await citizen_bearer(api)))[0]
    blank = io.BytesIO()
    Image.new("RGB", (640, 480), "grey").save(blank, format="JPEG")
    frames = [blank.getvalue(), blank.getvalue(), photo_of(token)]  # aimed after two pictures
    async with harness(make_main, "/officer/scan", await officer_bearer(api, db)) as h:
        calls = fake_camera(h, frames, streaming=False)
        await h.click(identifier="scan-camera-start")
        for _ in range(50):  # the loop waits PICTURE_INTERVAL between pictures
            if h.exists(identifier="scan-result-valid"):
                break
            await asyncio.sleep(0.1)
            await h.settle()
        assert h.exists(identifier="scan-result-valid")
        assert calls == ["initialize:back"] and frames == []
        assert not h.exists(identifier="scan-camera")  # the camera closes on a verdict


async def test_scan_with_the_camera_frame_stream(
    make_main: MakeMain, api: httpx.AsyncClient, db: AsyncSession
) -> None:
    """Phones stream JPEG frames; the first frame with our QR gives the verdict."""
    token = (await citizen_tokens(api, await citizen_bearer(api)))[0]
    async with harness(make_main, "/officer/scan", await officer_bearer(api, db)) as h:
        calls = fake_camera(h, [], streaming=True)
        await h.click(identifier="scan-camera-start")
        assert calls == ["initialize:back", "stream"]
        camera = h.find(key="scan-camera")
        blank = io.BytesIO()
        Image.new("RGB", (640, 480), "grey").save(blank, format="JPEG")
        event = {"width": 640, "height": 480, "format": None, "encoded_format": "jpeg"}
        h._event(camera, "stream_image", event | {"bytes": blank.getvalue()})  # client frame
        await h.settle()
        assert h.exists(key="scan-camera")  # a frame without a QR: keep scanning quietly
        h._event(camera, "stream_image", event | {"bytes": photo_of(token)})
        await h.settle()
        assert "Siti Aminah" in h.text_of(identifier="scan-result-valid")


async def test_my_qr_switches_to_the_next_window_and_refreshes_in_time(
    api: httpx.AsyncClient,
) -> None:
    """The controller under a moving clock, against the real API."""
    bearer = await citizen_bearer(api)
    auth = AuthController(Session(), ApiClient(api), MemoryTokenStore(bearer))
    await auth.restore()
    clock = [datetime.now(UTC)]
    controller = MyQrStore(
        auth.api, IdentityStore(DeviceStore(MemoryBackend())), owner(auth), clock=lambda: clock[0]
    )
    await controller.start()
    first = controller.choice
    assert first is not None and controller.png is not None
    first_png = controller.png
    clock[0] = first.token.expires_at + timedelta(seconds=1)
    await controller.tick()
    second = controller.choice
    assert second is not None and second.token.not_before == first.token.expires_at
    assert controller.png != first_png
    assert decode_qr(controller.png) == [second.token.token]
    batch_end = first.offline_until_device
    clock[0] = batch_end - timedelta(hours=11)  # under 12 h left: fetch a new day
    await controller.tick()
    assert controller.choice is not None
    assert controller.choice.offline_until_device > batch_end + timedelta(hours=10)


async def test_exchange_shows_the_citizens_photo(
    make_main: MakeMain, api: httpx.AsyncClient, db: AsyncSession
) -> None:
    citizen = await citizen_bearer(api)
    headers = {"Authorization": f"Bearer {citizen}"}
    face = io.BytesIO()
    Image.new("RGB", (300, 400), (200, 170, 150)).save(face, format="JPEG")
    upload = await api.post(
        "/api/v1/me/documents",
        data={"type": "photo"},
        files={"file": ("foto.jpg", face.getvalue(), "image/jpeg")},
        headers=headers,
    )
    assert upload.status_code == 201, upload.text
    profile = (await api.get("/api/v1/me/profile", headers=headers)).json()
    update = {k: profile[k] for k in ("full_name", "birth_date", "phone")}
    put = await api.put(
        "/api/v1/me/profile",
        json=update | {"photo_document_id": upload.json()["id"]},
        headers=headers,
    )
    assert put.status_code == 200, put.text
    token = (await citizen_tokens(api, citizen))[0]
    async with harness(make_main, "/officer/scan", await officer_bearer(api, db)) as h:
        pick_answers(h, photo_of(token))
        await h.click(identifier="scan-pick-file")
        assert t("qr.result.photo_on_file") in h.text_of(identifier="scan-result-valid")
        await h.click(identifier="scan-purpose-counter_service")
        await h.click(identifier="scan-exchange")
        photo = h.resolve(h.find(identifier="scan-photo"), ft.Image)
        assert isinstance(photo.src, bytes) and Image.open(io.BytesIO(photo.src)).size[0] > 0
        assert photo.semantics_label == t("qr.exchange.photo")


async def test_scanner_learns_a_rotated_key_once_and_keeps_the_old_one(
    api: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    """Key rotation seen from the officer's app: cached keys predate the new key."""
    citizen = await citizen_bearer(api)
    old_token = (await citizen_tokens(api, citizen))[0]
    auth = AuthController(
        Session(), ApiClient(api), MemoryTokenStore(await officer_bearer(api, db))
    )
    await auth.restore()
    store = IdentityStore(DeviceStore(MemoryBackend()))
    verifier = ScanStore(auth.api, store, owner(auth), TokenKind.CITIZEN)
    await verifier.prepare()  # caches the JWKS: one key
    assert store.jwks is not None and len(store.jwks.jwks["keys"]) == 1
    await keys.rotate(db, settings.secret_key, datetime.now(UTC))
    await db.commit()
    new_token = (await citizen_tokens(api, citizen))[0]
    # this screen already fetched keys: an unknown kid is reported, not refetched in a loop
    assert (await verifier.check_texts([new_token])).problem == "token_unknown_key"
    again = ScanStore(auth.api, store, owner(auth), TokenKind.CITIZEN)  # cached keys, one refetch
    outcome = await again.check_texts([new_token])
    assert outcome.ok, outcome.problem
    assert store.jwks is not None and len(store.jwks.jwks["keys"]) == 2
    assert (await again.check_texts([old_token])).ok  # the old key verifies until expiry


async def test_judge_names_every_problem(api: httpx.AsyncClient) -> None:
    """The offline verdict codes the red cards are chosen by."""
    tokens = await citizen_tokens(api, await citizen_bearer(api), count=3)
    keyset, now = await jwks(api), datetime.now(UTC)
    citizen = TokenKind.CITIZEN
    assert judge([tokens[0]], keyset, now, citizen).ok
    assert judge([tokens[2]], keyset, now, citizen).problem == "token_not_yet_valid"
    assert judge([tokens[0]], keyset, now, TokenKind.OFFICER).problem == "token_wrong_kind"
    assert judge([tokens[0]], None, now, citizen).problem == "no_keys"
    assert judge([tokens[0]], {"keys": []}, now, citizen).problem == "token_unknown_key"
    assert judge([tokens[0][:-3]], keyset, now, citizen).problem == "token_malformed"
    assert judge(["WIFI:S:kantor;;"], keyset, now, citizen).problem == "not_identity_qr"
    assert judge([], keyset, now, citizen).problem == "no_qr"
    # a photo holding some other QR next to ours: ours is the one judged
    assert judge(["https://contoh.go.id", tokens[0]], keyset, now, citizen).ok


async def test_my_qr_retries_by_itself_once_the_signal_returns(
    switchable: tuple[httpx.AsyncClient, SwitchableTransport],
) -> None:
    http, transport = switchable
    auth = AuthController(Session(), ApiClient(http), MemoryTokenStore(await citizen_bearer(http)))
    await auth.restore()
    clock = [datetime.now(UTC)]
    store = IdentityStore(DeviceStore(MemoryBackend()))
    # a short batch (20 min) is always "due": the retry interval must still hold
    controller = MyQrStore(auth.api, store, owner(auth), clock=lambda: clock[0], count=2)
    await controller.start()
    assert transport.batch_requests == 1
    await controller.tick()
    assert transport.batch_requests == 1  # not every second
    transport.offline = True
    clock[0] += timedelta(minutes=2)
    await controller.tick()
    assert transport.batch_requests == 2 and not controller.online
    clock[0] += timedelta(seconds=30)
    await controller.tick()
    assert transport.batch_requests == 2  # waits a minute between attempts without signal
    transport.offline = False
    clock[0] += timedelta(minutes=1)
    await controller.tick()
    assert transport.batch_requests == 3 and controller.online
    assert controller.choice is not None


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        (Role.BACK_OFFICE, ["identity_check", "counter_service"], ["home_visit"]),
        (Role.COORDINATOR, ["identity_check", "home_visit"], ["counter_service"]),
        (Role.ADMIN, [], ["identity_check", "counter_service", "home_visit"]),
    ],
)
async def test_purpose_buttons_follow_the_officers_role(
    make_main: MakeMain,
    api: httpx.AsyncClient,
    db: AsyncSession,
    role: Role,
    shown: list[str],
    hidden: list[str],
) -> None:
    token = (await citizen_tokens(api, await citizen_bearer(api)))[0]
    async with harness(make_main, "/officer/scan", await officer_bearer(api, db, role=role)) as h:
        pick_answers(h, photo_of(token))
        await h.click(identifier="scan-pick-file")
        assert h.exists(identifier="scan-result-valid")
        for purpose in shown:
            assert h.exists(identifier=f"scan-purpose-{purpose}")
        for purpose in hidden:
            assert not h.exists(identifier=f"scan-purpose-{purpose}")
        assert h.exists(identifier="scan-exchange") == bool(shown)
        assert h.exists(identifier="scan-no-purpose") == (not shown)


async def test_officer_card_is_kept_for_a_door_without_signal(
    make_main: MakeMain,
    switchable: tuple[httpx.AsyncClient, SwitchableTransport],
    db: AsyncSession,
) -> None:
    http, transport = switchable
    async with harness(make_main, "/officer", await officer_bearer(http, db), http=http) as h:
        await h.click(identifier="officer-tile-credential")
        card = decode_qr(image_bytes(h, "credential-image"))
        await h.back()
        transport.offline = True
        await h.click(identifier="officer-tile-credential")
        assert decode_qr(image_bytes(h, "credential-image")) == card
        assert h.exists(identifier="credential-offline")
        assert "Berlaku sampai" in h.text_of(identifier="credential-valid-until")
