"""Benchmark: the web app's first screen and screen switches in headless Chromium, for two
revisions of SatuPintu side by side with a bare Flet page as the baseline, in one run.

Each target is started once as a real web app on 127.0.0.1:
- `bare`: a 20-line Flet 1.0 page (two views, one button) served by `ft.run(..., no_cdn=True)`
  — the same Flet and renderer with none of our code: the floor our screens stand on;
- `before`: `git archive REV` of this repository (default HEAD) in a temporary folder, started
  with `satupintu up --web` (`python -m launcher`; `-m server.cli` in older revisions) on its
  own SQLite data dir (migrated, seeded);
- `after`: this working tree, started the same way.
Then, round after round with the targets in turn (A B C A B C …, so a drift of the machine's
speed hits all three alike), a fresh Chromium context (empty cache) opens the app and times:
- `first`: from `goto` to the first screen's marker being visible (semantics enabled);
- `switch`: tap → the next screen's marker visible (welcome → login; bare: its button);
- `signed-in switch` (our app only): after a demo login, Home → Dokumen Saya → its marker.
It prints each figure's median (min–max) and its ratio to the bare page's in the same run.

    python bench/app_screens.py [--before REV] [--rounds 5] [--append docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
from playwright.sync_api import Error as PlaywrightError

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
DEMO_NIK, DEMO_PASSWORD = "3579014101900001", "wargademo1"
START_TIMEOUT = 120.0
STEP_TIMEOUT_MS = 60_000

BARE_APP = textwrap.dedent(
    '''
    """Baseline: a bare Flet page with two views and one button (no SatuPintu code)."""
    import sys

    import flet as ft


    def main(page: ft.Page) -> None:
        def view(route: str, marker: str, label: str, to: str) -> ft.View:
            button = ft.Button(label, on_click=lambda _: page.navigate(to))
            return ft.View(
                route=route,
                controls=[
                    ft.Semantics(identifier=marker, content=ft.Text(marker)),
                    ft.Semantics(identifier=marker + "-go", button=True, content=button),
                ],
            )

        def route_change(_: object = None) -> None:
            page.views.clear()
            page.views.append(view("/", "bare-home", "Next", "/next"))
            if page.route == "/next":
                page.views.append(view("/next", "bare-next", "Back", "/"))
            page.update()

        page.on_route_change = route_change
        route_change()


    ft.run(main, port=int(sys.argv[1]), view=ft.AppView.WEB_BROWSER, no_cdn=True)
    '''
)


@dataclass
class Target:
    name: str
    url: str
    proc: subprocess.Popen[bytes]
    log: Path
    figures: dict[str, list[float]] = field(default_factory=dict)

    def add(self, what: str, seconds: float) -> None:
        self.figures.setdefault(what, []).append(seconds)


def free_ports(count: int) -> list[int]:
    socks = [socket.socket() for _ in range(count)]
    try:
        for s in socks:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def _env(data_dir: Path, source: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SATUPINTU_")}
    env.update(
        SATUPINTU_DATA_DIR=str(data_dir),
        FLET_FORCE_WEB_SERVER="1",
        PYTHONPATH=str(source),
    )
    return env


def _spawn(name: str, cmd: list[str], cwd: Path, env: dict[str, str], work: Path) -> Target:
    log = work / f"{name}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    return Target(name, "", proc, log)


def start_bare(work: Path) -> Target:
    script = work / "bare_app.py"
    script.write_text(BARE_APP)
    (port,) = free_ports(1)
    env = {**os.environ, "FLET_FORCE_WEB_SERVER": "1"}
    target = _spawn("bare", [sys.executable, str(script), str(port)], work, env, work)
    target.url = f"http://127.0.0.1:{port}/"
    return target


def start_satupintu(name: str, source: Path, work: Path) -> Target:
    api_port, app_port = free_ports(2)
    launcher = "launcher" if (source / "launcher" / "__main__.py").exists() else "server.cli"
    cmd = [sys.executable, "-m", launcher, "up", "--web"]
    cmd += ["--api-port", str(api_port), "--app-port", str(app_port)]
    env = _env(work / f"{name}-data", source)
    target = _spawn(name, cmd, source, env, work)
    target.url = f"http://127.0.0.1:{app_port}/"
    return target


def wait_serving(target: Target) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if target.proc.poll() is not None:
            raise SystemExit(f"{target.name} exited:\n{target.log.read_text()[-3000:]}")
        try:
            if "<html" in httpx.get(target.url, timeout=2).text.lower():
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"{target.name} did not serve {target.url} in {START_TIMEOUT:.0f} s")


def stop(target: Target) -> None:
    try:
        os.killpg(target.proc.pid, signal.SIGTERM)
        target.proc.wait(timeout=15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(target.proc.pid, signal.SIGKILL)


def checkout(rev: str, work: Path) -> Path:
    """`git archive REV` unpacked into work/before (the files CI would get for that commit)."""
    dest = work / "before"
    dest.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest


def only_local(route: object) -> None:
    request_url: str = route.request.url  # type: ignore[attr-defined]
    if request_url.startswith("http://127.0.0.1:"):
        route.continue_()  # type: ignore[attr-defined]
    else:
        route.abort()  # type: ignore[attr-defined]


def by_id(page: Page, identifier: str) -> object:
    return page.locator(f"[flt-semantics-identifier='{identifier}']").first


def visible(page: Page, identifier: str) -> None:
    by_id(page, identifier).wait_for(state="visible", timeout=STEP_TIMEOUT_MS)  # type: ignore[attr-defined]


def tap_then(page: Page, identifier: str, marker: str) -> Callable[[], None]:
    """Tap a control, then wait for the next screen's marker."""

    def step() -> None:
        tap(page, identifier)
        visible(page, marker)

    return step


def timed(action: Callable[[], None]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def enable_semantics(page: Page) -> None:
    page.wait_for_selector("flutter-view", state="attached", timeout=STEP_TIMEOUT_MS)
    placeholder = page.locator("flt-semantics-placeholder")
    placeholder.wait_for(state="attached", timeout=STEP_TIMEOUT_MS)
    placeholder.evaluate("el => el.click()")


def fill(page: Page, identifier: str, value: str) -> None:
    field_ = page.locator(f"[flt-semantics-identifier='{identifier}'] input")
    for _ in range(5):
        field_.click()
        field_.fill(value)
        if field_.input_value() == value:
            return
    raise RuntimeError(f"could not fill {identifier}")


def tap(page: Page, identifier: str) -> None:
    by_id(page, identifier).click()  # type: ignore[attr-defined]


def still_typed(page: Page, identifier: str, value: str) -> bool:
    field_ = page.locator(f"[flt-semantics-identifier='{identifier}'] input")
    try:
        return field_.input_value(timeout=2_000) == value
    except PlaywrightError:  # the login screen is going away
        return True


def log_in(page: Page, attempts: int = 3) -> None:
    """Flutter web now and then drops a value typed into a field that just lost focus (the
    device's check then keeps the form): type it again and resubmit, as the e2e tests do."""
    typed = {"login-login": DEMO_NIK, "login-password": DEMO_PASSWORD}
    home = by_id(page, "home-tile-documents")
    for _ in range(attempts):
        for identifier, value in typed.items():
            if not still_typed(page, identifier, value):
                fill(page, identifier, value)
        tap(page, "login-submit")
        deadline = time.monotonic() + STEP_TIMEOUT_MS / 1000
        while time.monotonic() < deadline:
            if home.is_visible():  # type: ignore[attr-defined]
                return
            if not all(still_typed(page, i, v) for i, v in typed.items()):
                break
            time.sleep(0.2)
    visible(page, "home-tile-documents")


def round_bare(page: Page, target: Target) -> None:
    def first() -> None:
        page.goto(target.url)
        enable_semantics(page)
        visible(page, "bare-home")

    target.add("first", timed(first))
    target.add("switch", timed(tap_then(page, "bare-home-go", "bare-next")))


def round_satupintu(page: Page, target: Target) -> None:
    def first() -> None:
        page.goto(target.url)
        enable_semantics(page)
        visible(page, "welcome-register")

    target.add("first", timed(first))
    target.add("switch", timed(tap_then(page, "welcome-login", "login-login")))
    log_in(page)
    time.sleep(1.0)  # let home's own start-up calls (inbox, outbox) settle first

    def documents() -> None:
        tap(page, "home-tile-documents")
        page.locator(
            "[flt-semantics-identifier='documents-empty'],"
            "[flt-semantics-identifier='documents-item-0']"
        ).first.wait_for(state="visible", timeout=STEP_TIMEOUT_MS)

    target.add("signed-in switch", timed(documents))


def one_round(browser: Browser, target: Target) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        page.route("**/*", only_local)
        (round_bare if target.name == "bare" else round_satupintu)(page, target)
    finally:
        context.close()


def summary(values: list[float]) -> str:
    return f"{statistics.median(values):6.2f} s ({min(values):.2f}–{max(values):.2f})"


def report(targets: list[Target], rev: str, rounds: int) -> str:
    bare = targets[0]
    lines = [
        f"### App screens in headless Chromium — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"{platform.node()}, {os.cpu_count()} cores; before = `{rev}`, after = working tree; "
        f"{rounds} rounds, targets in turn, fresh browser context (empty cache) each.",
        "",
        "| target | figure | median (min–max) | ratio to bare page |",
        "|---|---|---|---|",
    ]
    for target in targets:
        for what, values in target.figures.items():
            base = bare.figures.get(what if what in bare.figures else "switch", [])
            ratio = statistics.median(values) / statistics.median(base) if base else 0.0
            lines.append(f"| {target.name} | {what} | {summary(values)} | {ratio:.2f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="HEAD", help="git revision to compare with")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--append", type=Path, help="append the table to this Markdown file")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="satupintu-bench-") as tmp:
        work = Path(tmp)
        targets = [
            start_bare(work),
            start_satupintu("before", checkout(args.before, work), work),
            start_satupintu("after", ROOT, work),
        ]
        try:
            for target in targets:
                wait_serving(target)
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for target in targets:  # warm-up: server-side imports, first compile
                    one_round(browser, target)
                    target.figures.clear()
                for _ in range(args.rounds):
                    for target in targets:
                        one_round(browser, target)
                browser.close()
        finally:
            for target in targets:
                stop(target)
        text = report(targets, args.before, args.rounds)
    print(text)
    if args.append:
        with args.append.open("a") as out:
            out.write("\n" + text + "\n")


if __name__ == "__main__":
    main()
