"""Server layer: the served catalog built once per revision — JSON, gzip, search index, lists."""

import gzip
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.catalog import Catalog, Category, Channel, PublicService, ServiceList, summary_of
from contracts.search import SearchIndex, build_index, search_index
from server.catalog.service import current_revision, load_catalog

GZIP_LEVEL: Final = 9  # compressed once per revision, so the smallest payload wins
KEEP_REVISIONS: Final = 2
LIST_CACHE_SIZE: Final = 512

ListKey = tuple[str, str | None, Category | None, Channel | None]


@dataclass(frozen=True)
class Body:
    """One response body, plain and gzipped."""

    raw: bytes
    gzipped: bytes

    @classmethod
    def of(cls, raw: bytes) -> "Body":
        return cls(raw, gzip.compress(raw, GZIP_LEVEL, mtime=0))


@dataclass
class Served:
    """Everything a catalog request needs, for one (revision, import time)."""

    revision: str
    catalog: Catalog
    body: Body
    index: SearchIndex
    lists: dict[ListKey, Body] = field(default_factory=dict)

    def service(self, code: str) -> PublicService | None:
        return next((s for s in self.catalog.services if s.code == code), None)

    def service_list(self, key: ListKey) -> Body:
        """The ServiceList for (q, agency, category, channel), built once and kept."""
        cached = self.lists.get(key)
        if cached is None:
            cached = Body.of(_list_json(self, key))
            if len(self.lists) >= LIST_CACHE_SIZE:
                self.lists.pop(next(iter(self.lists)))
            self.lists[key] = cached
        return cached


def _list_json(served: Served, key: ListKey) -> bytes:
    query, agency, category, channel = key
    found = [
        s
        for s in search_index(served.index, query)
        if (agency is None or s.agency == agency)
        and (category is None or s.category is category)
        and (channel is None or channel in s.channels)
    ]
    return ServiceList(services=[summary_of(s) for s in found]).model_dump_json().encode()


_served: dict[tuple[str, datetime], Served] = {}


def _build(catalog: Catalog) -> Served:
    agencies = {a.code: a for a in catalog.agencies}
    return Served(
        revision=catalog.revision,
        catalog=catalog,
        body=Body.of(catalog.model_dump_json().encode()),
        index=build_index(catalog.services, agencies),
    )


async def served(db: AsyncSession) -> Served:
    """The catalog in force: one small read of the state row, then in-process bytes (rebuilt
    when another importer — on any replica — moved the revision)."""
    revision, imported_at = await current_revision(db)
    key = (revision, imported_at)
    entry = _served.get(key)
    if entry is None:
        entry = _build(await load_catalog(db, revision, imported_at))
        if await current_revision(db) != key:
            return entry  # an import committed meanwhile: serve it once, don't keep it
        _served[key] = entry
        while len(_served) > KEEP_REVISIONS:
            _served.pop(next(iter(_served)))
    return entry
