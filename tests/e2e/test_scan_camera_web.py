"""Tests: Pindai QR through the real camera control in Chromium — a fake camera (a Y4M file
showing a citizen's QR) feeds flet-camera's take_picture loop; the officer sees green."""

import io
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from app.services.qr import render_qr_png
from tests.conftest import skip_or_fail
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, RunningSystem, enable_semantics, only_local
from tests.e2e.test_up_web import (
    DEMO_NAME,
    DEMO_NIK,
    DEMO_PASSWORD,
    HUMAN_COPY,
    log_in,
)
from tests.e2e.ui import STATE_TIMEOUT_MS, by_id, tap, tap_until, wait_for_screen

OFFICER, OFFICER_PASSWORD = "petugas.batu", "petugasdemo1"
W, H = 640, 480


def citizen_token(api_url: str) -> str:
    """A fresh Kode QR Saya token of the demo citizen, straight from the running API."""
    login = httpx.post(
        f"{api_url}/api/v1/auth/login",
        json={"login": DEMO_NIK, "password": DEMO_PASSWORD},
        timeout=10,
    )
    login.raise_for_status()
    headers = {"Authorization": f"Bearer {login.json()['token']}"}
    batch = httpx.post(
        f"{api_url}/api/v1/identity/tokens", json={"count": 1}, headers=headers, timeout=10
    )
    batch.raise_for_status()
    return str(batch.json()["tokens"][0]["token"])


def write_y4m(path: Path, token: str, frames: int = 10) -> Path:
    """Chromium's fake camera plays this file in a loop: the QR on a white page."""
    code = Image.open(io.BytesIO(render_qr_png(token))).convert("L").resize((420, 420))
    frame = Image.new("L", (W, H), 255)
    frame.paste(code, ((W - 420) // 2, (H - 420) // 2))
    luma = frame.tobytes()
    chroma = bytes([128]) * (W // 2 * H // 2)
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{W} H{H} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            out.write(b"FRAME\n" + luma + chroma + chroma)
    return path


@pytest.fixture
def camera_page(running_system: RunningSystem, tmp_path: Path) -> Iterator[Page]:
    """Headless Chromium whose camera shows the demo citizen's current QR."""
    if not CHROMIUM.exists():
        skip_or_fail(f"{CHROMIUM} is missing (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    feed = write_y4m(tmp_path / "feed.y4m", citizen_token(running_system.api_url))
    args = [
        *CHROMIUM_ARGS,
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-video-capture={feed}",
    ]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=args)
        try:
            context = browser.new_context(viewport={"width": 360, "height": 740})
            context.grant_permissions(["camera"])
            page = context.new_page()
            page.set_default_timeout(STATE_TIMEOUT_MS)
            page.route("**/*", only_local)
            yield page
        finally:
            browser.close()


@pytest.mark.browser
def test_officer_scans_a_citizen_qr_with_the_camera(
    running_system: RunningSystem, camera_page: Page
) -> None:
    page = camera_page
    page.goto(running_system.app_url)
    enable_semantics(page)
    wait_for_screen(page, "welcome-login")
    log_in(page, OFFICER, OFFICER_PASSWORD)
    tap_until(page, "officer-tile-scan-qr", "scan-camera-start")
    tap(page, "scan-camera-start")
    result = by_id(page, "scan-result-valid")
    expect(result).to_be_visible()
    HUMAN_COPY.mkdir(exist_ok=True)
    page.screenshot(path=str(HUMAN_COPY / "5-officer-scan-camera.png"))
    expect(result).to_contain_text(DEMO_NAME)
