"""Tests: `satupintu up --web` for real — register, auto-login, log out, demo login in Chromium."""

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import RunningSystem, enable_semantics
from tests.e2e.ui import (
    by_id,
    screenshot,
    submit_until_left,
    tap,
    tap_until,
    wait_for_screen,
)

NEW_CITIZEN = {
    "register-nik": "3507014101900001",
    "register-full-name": "Dewi Lestari",
    "register-birth-date": "01-01-1990",
    "register-phone": "081234567890",
    "register-password": "rahasia123",
}
DEMO_NIK, DEMO_PASSWORD, DEMO_NAME = "3579014101900001", "wargademo1", "Siti Aminah"
HUMAN_COPY = Path("/tmp/satupintu-e2e")


def open_app(page: Page, system: RunningSystem) -> None:
    page.goto(system.app_url)
    enable_semantics(page)
    wait_for_screen(page, "welcome-register")


def register_new_citizen(page: Page) -> None:
    tap_until(page, "welcome-register", "register-nik")
    tap(page, "register-sex-female")
    expect(by_id(page, "register-sex-female").get_by_role("radio")).to_be_checked()
    submit_until_left(page, NEW_CITIZEN, "register-submit")


def expect_citizen_home(page: Page, name: str) -> None:
    expect(by_id(page, "home-greeting")).to_contain_text(name)
    wait_for_screen(page, "nav-settings")


def log_out(page: Page) -> None:
    tap_until(page, "nav-settings", "settings-logout")
    tap_until(page, "settings-logout", "welcome-login")


def log_in(page: Page, login: str, password: str) -> None:
    tap_until(page, "welcome-login", "login-login")
    submit_until_left(page, {"login-login": login, "login-password": password}, "login-submit")


@pytest.mark.browser
def test_register_then_demo_login(
    running_system: RunningSystem, browser_page: Page, tmp_path: Path
) -> None:
    page = browser_page
    open_app(page, running_system)
    shots = [screenshot(page, tmp_path / "1-welcome.png")]
    register_new_citizen(page)
    expect_citizen_home(page, NEW_CITIZEN["register-full-name"])
    shots.append(screenshot(page, tmp_path / "2-home-new-citizen.png"))
    log_out(page)
    log_in(page, DEMO_NIK, DEMO_PASSWORD)
    expect_citizen_home(page, DEMO_NAME)
    shots.append(screenshot(page, tmp_path / "3-home-demo-citizen.png"))
    HUMAN_COPY.mkdir(exist_ok=True)
    for shot in shots:
        shutil.copy(shot, HUMAN_COPY / shot.name)
