"""Server layer: database engine, session factory, portable types and the declarative base."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, ClassVar, TypeVar

from sqlalchemy import JSON, DateTime, MetaData, String, event
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase, ORMExecuteState, Session
from sqlalchemy.pool import NullPool
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[str]: JSON}


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite drops tzinfo)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


E = TypeVar("E", bound=StrEnum)


class StrEnumType(TypeDecorator[E]):
    """A StrEnum stored as its plain string value (portable; no native enum types)."""

    impl = String
    cache_ok = True

    def __init__(self, enum: type[E], length: int = 32) -> None:
        super().__init__(length)
        self.enum = enum

    def process_bind_param(self, value: E | str | None, dialect: Dialect) -> str | None:
        return None if value is None else self.enum(value).value

    def process_result_value(self, value: str | None, dialect: Dialect) -> E | None:
        return None if value is None else self.enum(value)


def utcnow() -> datetime:
    return datetime.now(UTC)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")  # durable: a commit survives power loss
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def make_engine(url: str, *, pooled: bool = True) -> AsyncEngine:
    """An engine for `url`; `pooled=False` opens a connection per checkout (callers that hop
    between event loops, e.g. sync test clients, must not share pooled connections)."""
    pool: dict[str, Any] = {} if pooled else {"poolclass": NullPool}
    if url.startswith("sqlite"):
        engine = create_async_engine(url, connect_args={"timeout": 10}, **pool)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    if not pooled:
        return create_async_engine(url, **pool)
    return create_async_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


_WROTE, _COMMITTED = "satupintu.wrote", "satupintu.committed_writes"


class TrackedSession(Session):
    """Remembers whether one of its commits carried writes, so an unexpected error can say
    truthfully whether anything of the request was saved (server/errors.py)."""


def _wrote(session: Session) -> None:
    session.info[_WROTE] = True


def _on_flush(session: Session, _context: Any) -> None:
    _wrote(session)


def _on_execute(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        _wrote(state.session)


def _after_commit(session: Session) -> None:
    if session.info.pop(_WROTE, False):
        session.info[_COMMITTED] = True


def _after_rollback(session: Session) -> None:
    session.info.pop(_WROTE, None)


event.listen(TrackedSession, "after_flush", _on_flush)
event.listen(TrackedSession, "do_orm_execute", _on_execute)
event.listen(TrackedSession, "after_commit", _after_commit)
event.listen(TrackedSession, "after_rollback", _after_rollback)


def committed_writes(info: dict[Any, Any] | None) -> bool:
    """Whether a session (by its `info`) committed any write."""
    return bool(info and info.get(_COMMITTED))


def bookkeeping_commit_done(session: AsyncSession) -> None:
    """The commit just made was bookkeeping (a session's last use), not the caller's data."""
    session.info.pop(_COMMITTED, None)


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, sync_session_class=TrackedSession)


@asynccontextmanager
async def session_scope(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """One session per request; the router commits, anything uncommitted is rolled back.

    A context manager, not a generator to iterate: an error thrown into the caller at its
    yield must still close the session here, or its connection stays checked out until GC."""
    async with factory() as session:
        try:
            yield session
        finally:
            await session.rollback()
