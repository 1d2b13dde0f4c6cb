"""Tests: jemput bola in real Chromium against `satupintu up --web` — the demo citizen asks for
a home visit for her elderly mother (position from the browser, two preferred days picked in
the Indonesian calendar), the coordinator schedules it on the first day she offered, and the
field officer's "Hari ini" shows it (the next day with visits, downloaded ahead)."""

import re
import shutil
import tomllib
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.sync_api import Geolocation, Page, expect

from tests.e2e.conftest import RunningSystem, enable_semantics
from tests.e2e.test_apply_browser import complete_demo_profile
from tests.e2e.test_up_web import (
    DEMO_NAME,
    DEMO_NIK,
    DEMO_PASSWORD,
    HUMAN_COPY,
    expect_citizen_home,
    log_in,
    log_out,
    open_app,
)
from tests.e2e.ui import by_id, screenshot, tap, tap_until, wait_for_screen

HOLIDAYS = Path(__file__).parents[2] / "server/catalog/data/holidays.toml"
MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
MOTHER = {
    "full_name": "Sumarni",
    "nik": "3579015205500002",  # a woman born 12 May 1950 (day + 40), Kec. Batu
    "birth_date": "1950-05-12",
    "relationship": "parent",
}
SERVICE = "dukcapil-ktp-el-perekaman"  # offered by jemput bola
HOME: Geolocation = {"latitude": -7.8712, "longitude": 112.527, "accuracy": 25}  # Kec. Batu


def working_days(count: int) -> list[date]:
    """The first working days (no weekend, no listed holiday) from the day after tomorrow in
    WIB: tomorrow's calendar may still be today's on a browser in another zone."""
    closed = {h["date"] for h in tomllib.loads(HOLIDAYS.read_text())["holiday"]}
    day = datetime.now(ZoneInfo("Asia/Jakarta")).date() + timedelta(days=2)
    found: list[date] = []
    while len(found) < count:
        if day.isoweekday() < 6 and day not in closed:
            found.append(day)
        day += timedelta(days=1)
    return found


def citizen_auth(system: RunningSystem) -> dict[str, str]:
    login = {"login": DEMO_NIK, "password": DEMO_PASSWORD}
    resp = httpx.post(f"{system.api_url}/api/v1/auth/login", json=login, timeout=10)
    return {"Authorization": f"Bearer {resp.json()['token']}"}


def add_mother(system: RunningSystem) -> None:
    url = f"{system.api_url}/api/v1/me/family"
    resp = httpx.post(url, json=MOTHER, headers=citizen_auth(system), timeout=10)
    assert resp.status_code == 201, resp.text


def visit_id(system: RunningSystem, number: str) -> str:
    url = f"{system.api_url}/api/v1/me/visits"
    items = httpx.get(url, headers=citizen_auth(system), timeout=10).json()["items"]
    return next(str(v["id"]) for v in items if v["number"] == number)


def pick_day(page: Page, opener: str, day: date) -> None:
    """Open the calendar, turn to the day's month, tap the day, confirm."""
    tap(page, opener)
    name = re.compile(rf"^{day.day}, \w+, {day.day} {MONTHS[day.month - 1]} {day.year}")
    button = page.get_by_role("button", name=name)
    shown = page.get_by_role("button", name=re.compile(r"^1, \w+, 1 \w+ \d{4}$"))
    expect(shown).to_be_visible()  # the calendar is open (the 1st of its month is there)
    for _ in range(3):
        if button.count():
            break
        page.get_by_role("button", name="Bulan berikutnya").click()
    button.click()
    page.get_by_role("button", name="OK").click()
    expect(by_id(page, opener)).to_contain_text(MONTHS[day.month - 1])


def request_visit(page: Page, system: RunningSystem, days: list[date]) -> str:
    page.goto(f"{system.app_url}home/visits/new?service={SERVICE}")
    enable_semantics(page)
    wait_for_screen(page, "visit-form-submit")
    tap(page, "visit-form-subject")
    page.get_by_role("button", name=MOTHER["full_name"]).last.click()
    expect(by_id(page, "visit-form-age")).to_contain_text("76 tahun")
    expect(by_id(page, "visit-form-reason-elderly").get_by_role("radio")).to_be_checked()
    tap(page, "visit-form-locate")
    expect(by_id(page, "visit-form-position")).to_contain_text("25 m")
    for i, day in enumerate(days):
        pick_day(page, f"visit-form-date-{i}", day)
    tap(page, "visit-form-window-1-afternoon")
    expect(by_id(page, "visit-form-phone-filled")).to_be_visible()  # from the profile
    tap(page, "visit-form-submit")
    number = wait_for_screen(page, "visit-number")
    expect(by_id(page, "visit-waiting")).to_be_visible()
    match = re.search(r"JB-\d{6}-[0-9A-Z]+", number.inner_text())
    assert match, number.inner_text()
    return match.group(0)


def schedule_first_wish(page: Page, number: str) -> None:
    tap_until(page, "officer-tile-visit-board", f"visit-board-item-{number}")
    expect(by_id(page, f"visit-board-item-{number}")).to_contain_text(MOTHER["full_name"])
    tap_until(page, f"visit-board-item-{number}", "visit-sheet-confirm")
    tap(page, "visit-sheet-wish-0")
    tap(page, "visit-sheet-confirm")
    expect(by_id(page, "visit-board-notice")).to_contain_text(number)


def sign_out_from(page: Page, system: RunningSystem, home: str) -> None:
    page.goto(f"{system.app_url}{home}")  # a deep link: the session is restored
    enable_semantics(page)
    wait_for_screen(page, "nav-settings")
    log_out(page)


@pytest.mark.browser
def test_citizen_asks_coordinator_schedules_field_officer_sees_it(
    running_system: RunningSystem, browser_page: Page, tmp_path: Path
) -> None:
    page, system = browser_page, running_system
    complete_demo_profile(system)
    add_mother(system)
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation(HOME)
    days = working_days(2)

    open_app(page, system)
    log_in(page, DEMO_NIK, DEMO_PASSWORD)
    expect_citizen_home(page, DEMO_NAME)
    number = request_visit(page, system, days)
    shots = [screenshot(page, tmp_path / "visit-1-requested.png")]
    sign_out_from(page, system, "home")

    log_in(page, "koordinator.batu", "koordinatordemo1")
    schedule_first_wish(page, number)
    shots.append(screenshot(page, tmp_path / "visit-2-scheduled.png"))
    sign_out_from(page, system, "officer")

    log_in(page, "petugas.batu", "petugasdemo1")
    tap_until(page, "officer-tile-today", "field-upcoming")  # nothing today: it is ahead
    stop = f"field-stop-{visit_id(system, number)}"
    tap_until(page, "field-upcoming", stop)
    card = re.compile(r"^1\. \d\d\.\d\d WIB Sumarni .*Perekaman KTP-el")  # time in WIB
    expect(by_id(page, stop).get_by_role("group", name=card)).to_be_visible()
    shots.append(screenshot(page, tmp_path / "visit-3-today.png"))
    HUMAN_COPY.mkdir(exist_ok=True)
    for shot in shots:
        shutil.copy(shot, HUMAN_COPY / shot.name)
