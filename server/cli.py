"""Server layer: the `satupintu` command — up, server, admin (migrate, seed, staff)."""

import argparse
import asyncio
import getpass
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Sequence

import httpx

from contracts.enums import Role
from server.app import wiring
from server.catalog import commands as catalog_commands
from server.config import Settings
from server.db import make_engine, make_sessionmaker
from server.migrate import upgrade
from server.rights import commands as rights_commands
from server.seed import StaffSpec, create_staff, demo_logins, seed_demo


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    result: int = args.func(args)
    return result


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="satupintu", description="SatuPintu — MPP Digital")
    sub = p.add_subparsers(required=True, metavar="COMMAND")
    up = sub.add_parser("up", help="migrate, seed, start the API and the app (development)")
    up.add_argument("--api-port", type=int, default=8000)
    up.add_argument("--app-port", type=int, default=8550)
    up.add_argument("--host", default="127.0.0.1")
    up.add_argument("--web", action="store_true", help="serve the app to a browser")
    up.set_defaults(func=_cmd_up)
    srv = sub.add_parser("server", help="run the API only (SATUPINTU_DATABASE_URL)")
    srv.add_argument("--host", default="127.0.0.1")
    srv.add_argument("--port", type=int, default=8000)
    srv.add_argument("--workers", type=int, default=1)
    srv.add_argument("--no-migrate", action="store_true", help="skip the migration at start")
    srv.set_defaults(func=_cmd_server)
    _admin_parser(sub.add_parser("admin", help="migrate, seed, create staff"))
    return p


def _admin_parser(admin: argparse.ArgumentParser) -> None:
    sub = admin.add_subparsers(required=True, metavar="ACTION")
    sub.add_parser("migrate", help="bring the schema to the newest version").set_defaults(
        func=_cmd_migrate
    )
    sub.add_parser("seed-demo", help="create the demo accounts (idempotent)").set_defaults(
        func=_cmd_seed_demo
    )
    staff = sub.add_parser("create-staff", help="create an officer, coordinator or admin")
    staff.add_argument("--username", required=True)
    staff.add_argument("--name", required=True)
    staff.add_argument("--role", required=True, choices=[r.value for r in Role if r.is_staff])
    staff.add_argument("--agency", help="agency code the staff member is scoped to")
    staff.add_argument("--center", help="service center code")
    staff.add_argument("--district", action="append", default=[], help="district code (6 digits)")
    staff.add_argument("--password", help="omit to be asked (or to get a generated one)")
    staff.set_defaults(func=_cmd_create_staff)
    rights_commands.add_actions(sub, wiring)
    catalog_commands.add_actions(sub)


def _cmd_migrate(_args: argparse.Namespace) -> int:
    asyncio.run(upgrade(Settings().database_url))
    print("Database is at the newest schema.")
    return 0


def _cmd_seed_demo(_args: argparse.Namespace) -> int:
    settings = Settings()
    created = asyncio.run(_seed(settings))
    print(f"Demo accounts created: {', '.join(created) or 'none (all present)'}")
    return 0


async def _seed(settings: Settings) -> list[str]:
    await upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        async with make_sessionmaker(engine)() as db:
            print(catalog_commands.describe(await catalog_commands.import_dir(db)))
            return await seed_demo(db)
    finally:
        await engine.dispose()


def _cmd_create_staff(args: argparse.Namespace) -> int:
    password = args.password or _ask_password()
    spec = StaffSpec(
        args.username,
        args.name,
        Role(args.role),
        password,
        args.agency,
        args.center,
        tuple(args.district),
    )
    try:
        asyncio.run(_create_staff(Settings(), spec))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"Created {spec.role.value} {spec.username!r}.")
    if not args.password and not sys.stdin.isatty():
        print(f"Generated password (shown once): {password}")
    return 0


def _ask_password() -> str:
    if sys.stdin.isatty():
        return getpass.getpass("Password for the new account: ")
    return secrets.token_urlsafe(12) + "1a"


async def _create_staff(settings: Settings, spec: StaffSpec) -> None:
    await upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        async with make_sessionmaker(engine)() as db:
            await create_staff(db, spec)
            await db.commit()
    finally:
        await engine.dispose()


def _cmd_server(args: argparse.Namespace) -> int:
    import uvicorn

    settings = Settings()
    if not args.no_migrate:
        asyncio.run(upgrade(settings.database_url))
    uvicorn.run(
        "server.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        proxy_headers=settings.trust_forwarded_for,
        log_level="info",
    )
    return 0


def _cmd_up(args: argparse.Namespace) -> int:
    settings = Settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    asyncio.run(_seed(settings))
    api_url = f"http://{args.host}:{args.api_port}"
    api = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "server.cli",
            "server",
            "--host",
            args.host,
            "--port",
            str(args.api_port),
            "--no-migrate",
        ],
        env={**os.environ, "SATUPINTU_DATABASE_URL": settings.database_url},
    )
    try:
        _wait_healthy(api_url, api)
        web = args.web or not _desktop_possible()
        _print_banner(api_url, f"http://{args.host}:{args.app_port}" if web else None, settings)
        from app.main import run_app

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


if __name__ == "__main__":
    sys.exit(main())
