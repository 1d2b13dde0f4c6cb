"""Server layer: `satupintu admin import-catalog [--dir]` and the import `up`/`seed-demo` run."""

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from server.catalog.importer import ImportReport, import_catalog
from server.catalog.loader import DEFAULT_DATA_DIR, CatalogDataError, load_catalog_dir
from server.config import Settings
from server.db import make_engine, make_sessionmaker
from server.migrate import upgrade


def add_actions(sub: Any) -> None:
    """Add `import-catalog` to the `admin` subparsers."""
    cmd = sub.add_parser("import-catalog", help="load the service catalog data files (idempotent)")
    cmd.add_argument("--dir", type=Path, default=DEFAULT_DATA_DIR, help="catalog data folder")
    cmd.set_defaults(func=_cmd_import)


async def import_dir(db: AsyncSession, path: Path = DEFAULT_DATA_DIR) -> ImportReport:
    """Read and import a data folder (commits)."""
    return await import_catalog(db, load_catalog_dir(path))


def describe(report: ImportReport) -> str:
    revision = "new" if report.revision_changed else "unchanged"
    return (
        f"Catalog: {report.added} added, {report.changed} changed, {report.unchanged} unchanged,"
        f" {report.new_form_versions} new form versions, {report.deactivated} deactivated,"
        f" {report.other_changes} other changes; revision {report.revision} ({revision})."
    )


async def _import(settings: Settings, path: Path) -> ImportReport:
    await upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        async with make_sessionmaker(engine)() as db:
            return await import_dir(db, path)
    finally:
        await engine.dispose()


def _cmd_import(args: argparse.Namespace) -> int:
    try:
        report = asyncio.run(_import(Settings(), args.dir))
    except CatalogDataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(describe(report))
    return 0
