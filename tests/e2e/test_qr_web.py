"""Tests: Kode QR Saya in real Chromium — the QR on screen decodes and verifies against the
running server's JWKS (screenshot → decode_qr → contracts.identity.verify_token)."""

import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from app.services.qr_decode import decode_qr
from contracts.identity import TokenKind, verify_token
from tests.e2e.conftest import RunningSystem
from tests.e2e.test_up_web import (
    DEMO_NAME,
    DEMO_NIK,
    DEMO_PASSWORD,
    HUMAN_COPY,
    expect_citizen_home,
    log_in,
    open_app,
)
from tests.e2e.ui import STATE_TIMEOUT, by_id, screenshot, settled_box, tap_until


def decode_until_found(page: Page, path: Path, timeout: float = STATE_TIMEOUT) -> list[str]:
    """Screenshots of the whole screen, as a scanner sees it, until one holds a QR: the image
    is decoded and painted by Flutter a moment after its semantics node appears."""
    deadline = time.monotonic() + timeout
    while True:
        texts = decode_qr(screenshot(page, path).read_bytes())
        if texts or time.monotonic() > deadline:
            return texts
        time.sleep(0.5)


@pytest.mark.browser
def test_my_qr_shows_a_code_that_verifies(
    running_system: RunningSystem, browser_page: Page, tmp_path: Path
) -> None:
    page = browser_page
    open_app(page, running_system)
    log_in(page, DEMO_NIK, DEMO_PASSWORD)
    expect_citizen_home(page, DEMO_NAME)
    image = tap_until(page, "home-tile-my-qr", "my-qr-image")
    expect(by_id(page, "my-qr-countdown")).to_contain_text("Kode berganti dalam")
    settled_box(image)
    shot = tmp_path / "4-my-qr.png"
    texts = decode_until_found(page, shot)
    assert len(texts) == 1, f"expected one QR on screen, decoded {texts!r}"
    jwks = httpx.get(f"{running_system.api_url}/.well-known/jwks.json", timeout=5).json()
    claims = verify_token(texts[0], jwks, datetime.now(UTC), expected_kind=TokenKind.CITIZEN)
    assert claims.name == DEMO_NAME
    assert claims.nik_masked == DEMO_NIK[:4] + "*" * 8 + DEMO_NIK[-4:]
    HUMAN_COPY.mkdir(exist_ok=True)
    shutil.copy(shot, HUMAN_COPY / shot.name)
