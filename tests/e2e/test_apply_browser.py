"""Tests: apply for a service in real Chromium against `satupintu up --web` — the demo citizen
finds the service by search, opens it, applies with the data the app filled in ("Sudah kami
isi"), and sees the application in "Permohonan Saya"."""

import shutil
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import RunningSystem, enable_semantics
from tests.e2e.test_up_web import (
    DEMO_NAME,
    DEMO_NIK,
    DEMO_PASSWORD,
    HUMAN_COPY,
    expect_citizen_home,
    log_in,
    open_app,
)
from tests.e2e.ui import (
    by_id,
    fill,
    screenshot,
    submit_until_left,
    tap_locator_until,
    tap_until,
    wait_for_screen,
)

SERVICE = "dpmptsp-nib-oss"  # no required attachment: the form alone is enough
TYPED = {
    "apply-field-nama-usaha": "Warung Bu Siti",
    "apply-field-kegiatan": "Warung makan dan minuman",
    "apply-field-modal": "5000000",
    "apply-field-tenaga-kerja": "2",
}


def complete_demo_profile(system: RunningSystem) -> None:
    """The demo citizen filled in an address and an email earlier (what pre-fill reads)."""
    api = system.api_url + "/api/v1"
    token = httpx.post(
        f"{api}/auth/login", json={"login": DEMO_NIK, "password": DEMO_PASSWORD}, timeout=10
    ).json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    profile = httpx.get(f"{api}/me/profile", headers=auth, timeout=10).json()
    body = {
        "full_name": profile["full_name"],
        "birth_date": profile["birth_date"],
        "phone": "081234567890",
        "email": "siti.aminah@example.id",
        "province_code": "35",
        "regency_code": "3579",
        "district_code": "357901",
        "village": "Sisir",
        "rt": "001",
        "rw": "002",
    }
    headers = auth | {"If-Match": f'"{profile["version"]}"'}
    resp = httpx.put(f"{api}/me/profile", json=body, headers=headers, timeout=10)
    assert resp.status_code == 200, resp.text


@pytest.mark.browser
def test_find_a_service_apply_with_prefilled_data_see_it_listed(
    running_system: RunningSystem, browser_page: Page, tmp_path: Path
) -> None:
    page = browser_page
    complete_demo_profile(running_system)
    open_app(page, running_system)
    log_in(page, DEMO_NIK, DEMO_PASSWORD)
    expect_citizen_home(page, DEMO_NAME)

    page.goto(f"{running_system.app_url}home/services")  # deep link; the session is restored
    enable_semantics(page)
    wait_for_screen(page, "services-search")
    fill(page, "services-search", "izin usaha")
    card = wait_for_screen(page, f"services-item-{SERVICE}")
    tap_locator_until(page, card, "service-apply")
    tap_until(page, "service-apply", "apply-submit")

    for code in ("telepon", "email", "alamat-usaha"):
        expect(by_id(page, f"apply-filled-{code}")).to_be_visible()
    expect(by_id(page, "apply-profile-req-nik")).to_be_attached()  # met by the profile
    shots = [screenshot(page, tmp_path / "apply-1-prefilled.png")]
    submit_until_left(page, TYPED, "apply-submit")  # a sent submit is never repeated

    tracking = wait_for_screen(page, "application-tracking")
    expect(tracking).to_contain_text("Nomor permohonan")
    # filed with what the app filled in, untouched by the citizen
    expect(by_id(page, "application-answer-email")).to_contain_text("siti.aminah@example.id")
    expect(by_id(page, "application-answer-alamat-usaha")).to_contain_text("RT 001/RW 002")
    shots.append(screenshot(page, tmp_path / "apply-2-detail.png"))
    page.goto(f"{running_system.app_url}home/applications")
    enable_semantics(page)
    listed = page.locator("[flt-semantics-identifier^='applications-item-']")
    expect(listed).to_have_count(1)
    expect(listed.first).to_contain_text("Nomor Induk Berusaha")
    shots.append(screenshot(page, tmp_path / "apply-3-list.png"))
    HUMAN_COPY.mkdir(exist_ok=True)
    for shot in shots:
        shutil.copy(shot, HUMAN_COPY / shot.name)
