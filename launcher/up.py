"""Launcher layer: `satupintu up` — migrate and seed the embedded database, start the API in
a child process (`python -m server.cli server`), then the app (desktop window or web)."""

import argparse
import asyncio
import os
import subprocess
import sys
import time
from typing import Any

import httpx

from server.cli import seed
from server.config import Settings
from server.seed import demo_logins


def add_command(sub: Any) -> None:
    up = sub.add_parser("up", help="migrate, seed, start the API and the app (development)")
    up.add_argument("--api-port", type=int, default=8000)
    up.add_argument("--app-port", type=int, default=8550)
    up.add_argument("--host", default="127.0.0.1")
    up.add_argument("--web", action="store_true", help="serve the app to a browser")
    up.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = Settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    asyncio.run(seed(settings))
    api_url = f"http://{args.host}:{args.api_port}"
    api = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "server", "--host", args.host,
         "--port", str(args.api_port), "--no-migrate"],
        env={**os.environ, "SATUPINTU_DATABASE_URL": settings.database_url},
    )  # fmt: skip
    try:
        _wait_healthy(api_url, api)
        web = args.web or not _desktop_possible()
        _print_banner(api_url, f"http://{args.host}:{args.app_port}" if web else None, settings)
        from app.main import run_app  # only now: flet is not needed for the commands above

        run_app(api_url, web=web, host=args.host, port=args.app_port)
    finally:
        api.terminate()
        api.wait(timeout=15)
    return 0


def _desktop_possible() -> bool:
    """A desktop window needs a display and the Flet desktop client package."""
    try:
        import flet_desktop  # noqa: F401
    except ImportError:
        return False
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def _wait_healthy(api_url: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the API server exited with code {proc.returncode}")
        try:
            if httpx.get(f"{api_url}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"the API server did not answer on {api_url} within {timeout:.0f} s")


def _print_banner(api_url: str, app_url: str | None, settings: Settings) -> None:
    print("\n=== SatuPintu is running ===")
    print(f"API:       {api_url}   (docs: {api_url}/docs)")
    print(f"App:       {app_url or 'desktop window'}")
    print(f"Database:  {settings.database_url}")
    print("Demo accounts (role, login, password):")
    for role, login, password in demo_logins():
        print(f"  {role:<12} {login:<18} {password}")
    print("Stop with Ctrl+C.\n", flush=True)
