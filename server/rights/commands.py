"""Server layer: `satupintu admin` actions for identity keys and data rights
(rotate-keys, purge-deleted, cancel-deletion)."""

import argparse
import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from server.config import Settings
from server.db import make_engine, make_sessionmaker, utcnow
from server.hooks import Hooks
from server.identity import keys
from server.migrate import upgrade
from server.rights import service

T = TypeVar("T")


def add_actions(sub: Any, wiring: Callable[[], Hooks]) -> None:
    """Add the actions to the `admin` subparsers; `wiring` gives every feature's eraser."""
    sub.add_parser(
        "rotate-keys", help="new identity signing key; retire keys whose tokens expired"
    ).set_defaults(func=_cmd_rotate)
    sub.add_parser(
        "purge-deleted", help="erase accounts whose deletion grace period ended"
    ).set_defaults(func=lambda args: _cmd_purge(args, wiring()))
    cancel = sub.add_parser("cancel-deletion", help="undo a deletion request (at the MPP)")
    cancel.add_argument("--nik", required=True)
    cancel.set_defaults(func=_cmd_cancel)


async def _in_session(settings: Settings, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    await upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        async with make_sessionmaker(engine)() as db:
            result = await work(db)
            await db.commit()
            return result
    finally:
        await engine.dispose()


def _cmd_rotate(_args: argparse.Namespace) -> int:
    settings = Settings()

    async def work(db: AsyncSession) -> tuple[str, list[str]]:
        new, retired = await keys.rotate(db, settings.secret_key, utcnow())
        return new.kid, retired

    kid, retired = asyncio.run(_in_session(settings, work))
    print(f"New signing key {kid}; retired: {', '.join(retired) or 'none'}.")
    return 0


def _cmd_purge(_args: argparse.Namespace, hooks: Hooks) -> int:
    async def work(db: AsyncSession) -> tuple[int, int]:
        return await service.purge_deleted(db, utcnow(), hooks.erasers)

    erased, removed = asyncio.run(_in_session(Settings(), work))
    print(f"Erased {erased} account(s); removed {removed} expired tombstone(s).")
    return 0


def _cmd_cancel(args: argparse.Namespace) -> int:
    async def work(db: AsyncSession) -> bool:
        return await service.cancel_deletion(db, args.nik.strip())

    if not asyncio.run(_in_session(Settings(), work)):
        print("No pending deletion request for this NIK.")
        return 2
    print("Deletion cancelled; the account can log in again.")
    return 0
