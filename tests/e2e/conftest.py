"""Tests: e2e fixtures — the real `satupintu up --web` in a subprocess and headless Chromium."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from tests.conftest import skip_or_fail

if TYPE_CHECKING:
    from playwright.sync_api import Page, Route

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
LOCAL_PREFIX = "http://127.0.0.1:"
START_TIMEOUT = 120.0  # a loaded CI machine starts the web app slowly
STOP_TIMEOUT = 10.0


@dataclass(frozen=True)
class RunningSystem:
    """`satupintu up` as started by the fixture: URLs, process and its combined output."""

    api_url: str
    app_url: str
    proc: subprocess.Popen[bytes]
    log: Path

    def output(self, last: int = 60) -> str:
        lines = self.log.read_text(errors="replace").splitlines()
        return "\n".join(lines[-last:])


def free_ports(count: int) -> list[int]:
    """Distinct free TCP ports on 127.0.0.1 (all held open together while choosing)."""
    socks = [socket.socket() for _ in range(count)]
    try:
        for s in socks:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def up_env(data_dir: Path) -> dict[str, str]:
    """Our environment minus any SATUPINTU_* settings, plus a fresh data dir and web mode."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SATUPINTU_")}
    env.update(SATUPINTU_DATA_DIR=str(data_dir), FLET_FORCE_WEB_SERVER="1")
    return env


def start_up(tmp: Path) -> RunningSystem:
    api_port, app_port = free_ports(2)
    log = tmp / "up.log"
    cmd = [sys.executable, "-m", "launcher", "up", "--web"]
    cmd += ["--api-port", str(api_port), "--app-port", str(app_port)]
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cmd,
            env=up_env(tmp / "data"),
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: stop_up reaches every child
        )
    return RunningSystem(f"{LOCAL_PREFIX}{api_port}", f"{LOCAL_PREFIX}{app_port}/", proc, log)


def wait_until(system: RunningSystem, what: str, ready: Callable[[], bool]) -> None:
    """Poll `ready` until it is true; fail with the subprocess output if it exits or times out."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if system.proc.poll() is not None:
            pytest.fail(
                f"`satupintu up` exited ({system.proc.returncode}) before {what}:\n"
                f"{system.output()}"
            )
        try:
            if ready():
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    pytest.fail(f"{what} not ready within {START_TIMEOUT:.0f} s; output:\n{system.output()}")


def api_healthy(system: RunningSystem) -> bool:
    return httpx.get(f"{system.api_url}/health", timeout=2).status_code == 200


def app_serves_html(system: RunningSystem) -> bool:
    resp = httpx.get(system.app_url, timeout=2)
    return resp.status_code == 200 and "<html" in resp.text.lower()


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - a recycled group id of someone else
        return False
    return True


def stop_up(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM the whole process group, SIGKILL what is left after STOP_TIMEOUT; reap."""
    pgid = proc.pid
    if group_alive(pgid):
        os.killpg(pgid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT
    while group_alive(pgid) and time.monotonic() < deadline:
        proc.poll()  # reap our direct child so it does not linger as a zombie
        time.sleep(0.1)
    if group_alive(pgid):
        print(f"`satupintu up` ignored SIGTERM for {STOP_TIMEOUT:.0f} s: SIGKILL")
        os.killpg(pgid, signal.SIGKILL)
    proc.wait(timeout=STOP_TIMEOUT)


@pytest.fixture(scope="module")
def running_system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSystem]:
    """The README's `satupintu up --web` on free ports with its own SQLite data dir."""
    system = start_up(tmp_path_factory.mktemp("up"))
    try:
        wait_until(system, f"API health at {system.api_url}/health", lambda: api_healthy(system))
        wait_until(system, f"app page at {system.app_url}", lambda: app_serves_html(system))
        yield system
    finally:
        stop_up(system.proc)
        print(f"--- satupintu up output (last lines) ---\n{system.output()}")


def only_local(route: "Route") -> None:
    """Let requests to 127.0.0.1 through; abort everything else (CDN, telemetry)."""
    if route.request.url.startswith(LOCAL_PREFIX):
        route.continue_()
    else:
        route.abort()


@pytest.fixture
def browser_page() -> Iterator["Page"]:
    """A fresh headless Chromium page at a mobile viewport that can only reach 127.0.0.1."""
    if not CHROMIUM.exists():
        skip_or_fail(f"{CHROMIUM} is missing (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    from tests.e2e.ui import STATE_TIMEOUT_MS

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 360, "height": 740})
            page.set_default_timeout(STATE_TIMEOUT_MS)
            page.route("**/*", only_local)
            yield page
        finally:
            browser.close()


def enable_semantics(page: "Page") -> None:
    """Flutter keeps its accessibility tree off until its hidden placeholder is clicked."""
    from tests.e2e.ui import STATE_TIMEOUT_MS

    page.wait_for_selector("flutter-view", state="attached", timeout=STATE_TIMEOUT_MS)
    placeholder = page.locator("flt-semantics-placeholder")
    placeholder.wait_for(state="attached", timeout=STATE_TIMEOUT_MS)
    placeholder.evaluate("el => el.click()")  # off-screen by design: a real click cannot reach it
    page.wait_for_selector("flt-semantics", state="attached", timeout=STATE_TIMEOUT_MS)
