"""Server layer: the data-rights registry — each feature registers how to export and how to
erase what it holds about a citizen, so the export and the purge need not import every feature.

Register at import time of your feature's service module, e.g.
`register_exporter("documents", export_documents)` and `register_eraser("documents", erase)`.
"""

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from server.accounts.models import Account

Exporter = Callable[[AsyncSession, Account], Awaitable[Any]]
Eraser = Callable[[AsyncSession, str], Awaitable[None]]

EXPORTERS: dict[str, Exporter] = {}
ERASERS: dict[str, Eraser] = {}


def register_exporter(section: str, exporter: Exporter) -> None:
    """`exporter(db, account)` returns JSON-able data for the section `section`."""
    EXPORTERS[section] = exporter


def register_eraser(name: str, eraser: Eraser) -> None:
    """`eraser(db, account_id)` deletes the feature's personal data about the account."""
    ERASERS[name] = eraser


def load_features() -> None:
    """Import every feature (through the app factory's module) so all have registered."""
    import server.app  # noqa: F401
