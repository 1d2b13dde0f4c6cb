"""Server layer: what features lend each other without importing each other — the exporters
and erasers of a citizen's data, why a disabled account may not log in, what keeps a wallet
document from being deleted. The app factory (`server/app.py:wiring`) lists them all, once;
nothing registers itself at import."""

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from server.accounts.models import Account
from server.accounts.service import DisabledReason

# `exporter(db, account)`: JSON-able data for one section of the citizen's data export
Exporter = Callable[[AsyncSession, Account], Awaitable[Any]]
# `eraser(db, account_id)`: deletes what the feature holds about the account
Eraser = Callable[[AsyncSession, str], Awaitable[None]]
# True when something still needs the wallet document `document_id` (deleting it is 409)
DocumentInUse = Callable[[AsyncSession, str], Awaitable[bool]]


__all__ = ["DisabledReason", "DocumentInUse", "Eraser", "Exporter", "Hooks"]


@dataclass(frozen=True)
class Hooks:
    exporters: Mapping[str, Exporter] = field(default_factory=dict)
    erasers: Mapping[str, Eraser] = field(default_factory=dict)  # run in this order
    disabled_reasons: Sequence[DisabledReason] = ()
    document_in_use: Sequence[DocumentInUse] = ()
