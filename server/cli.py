"""Server layer: the server's commands — `server` (the API) and `admin …` (migrate, seed,
staff, keys, data rights, catalog). `satupintu` (launcher/) adds `up`; `python -m server.cli`
runs these alone (how `up` starts its API process)."""

import argparse
import asyncio
import getpass
import secrets
import sys
from collections.abc import Sequence
from typing import Any

from contracts.enums import Role
from contracts.visits import DEFAULT_DAILY_CAPACITY
from server.app import wiring
from server.catalog import commands as catalog_commands
from server.config import Settings
from server.db import make_engine, make_sessionmaker
from server.migrate import upgrade
from server.rights import commands as rights_commands
from server.seed import StaffSpec, create_staff, seed_demo
from server.visits.teams import TeamSpec, create_team, team_named


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    result: int = args.func(args)
    return result


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="satupintu", description="SatuPintu — MPP Digital")
    add_commands(p.add_subparsers(required=True, metavar="COMMAND"))
    return p


def add_commands(sub: Any) -> None:
    """`server` and `admin …` on a `satupintu` command line (here, or the launcher's)."""
    srv = sub.add_parser("server", help="run the API only (SATUPINTU_DATABASE_URL)")
    srv.add_argument("--host", default="127.0.0.1")
    srv.add_argument("--port", type=int, default=8000)
    srv.add_argument("--workers", type=int, default=1)
    srv.add_argument("--no-migrate", action="store_true", help="skip the migration at start")
    srv.set_defaults(func=_cmd_server)
    _admin_parser(sub.add_parser("admin", help="migrate, seed, create staff"))


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
    team = sub.add_parser("create-team", help="create a jemput bola team of field officers")
    team.add_argument("--center", required=True, help="service center code, e.g. MPP-BATU")
    team.add_argument("--name", required=True)
    team.add_argument("--capacity", type=int, default=DEFAULT_DAILY_CAPACITY, help="visits a day")
    team.add_argument("--shift", default="08:00-16:00", help="working hours, HH:MM-HH:MM local")
    team.add_argument("--members", required=True, help="usernames of field officers, a,b,c")
    team.set_defaults(func=_cmd_create_team)
    rights_commands.add_actions(sub, wiring)
    catalog_commands.add_actions(sub)


def _cmd_migrate(_args: argparse.Namespace) -> int:
    asyncio.run(upgrade(Settings().database_url))
    print("Database is at the newest schema.")
    return 0


def _cmd_seed_demo(_args: argparse.Namespace) -> int:
    settings = Settings()
    created = asyncio.run(seed(settings))
    print(f"Demo accounts created: {', '.join(created) or 'none (all present)'}")
    return 0


async def seed(settings: Settings) -> list[str]:
    """Migrate, import the catalog and create the demo accounts (idempotent)."""
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


def _cmd_create_team(args: argparse.Namespace) -> int:
    start, _, end = args.shift.partition("-")
    members = tuple(m.strip() for m in args.members.split(",") if m.strip())
    spec = TeamSpec(args.center, args.name, members, args.capacity, start.strip(), end.strip())
    try:
        asyncio.run(_create_team(Settings(), spec))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"Created team {spec.name!r} at {spec.center} ({len(members)} officers).")
    return 0


async def _create_team(settings: Settings, spec: TeamSpec) -> None:
    await upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        async with make_sessionmaker(engine)() as db:
            if await team_named(db, spec.center, spec.name) is not None:
                raise ValueError(f"team {spec.name!r} exists already at {spec.center}")
            await create_team(db, spec)
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


if __name__ == "__main__":
    sys.exit(main())
