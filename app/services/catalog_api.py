"""Services layer: GET /api/v1/catalog revalidated with If-None-Match (an unchanged catalog is
a 304 without a body); no flet imports."""

import asyncio
from dataclasses import dataclass

from pydantic import ValidationError

from app.services.api import API, ApiClient
from app.services.errors import ApiError
from contracts.catalog import Catalog

CATALOG_PATH = f"{API}/catalog"


@dataclass(frozen=True)
class CatalogFetch:
    """What the server said: a new catalog and its ETag, or `catalog=None` for "unchanged"."""

    catalog: Catalog | None
    etag: str | None


def etag_of(catalog: Catalog) -> str:
    """The server's strong ETag is the quoted revision; used when a proxy dropped the header."""
    return f'"{catalog.revision}"'


async def fetch_catalog(api: ApiClient, etag: str | None = None) -> CatalogFetch:
    """The whole catalog (gzip: httpx sends Accept-Encoding and unpacks the body itself).

    Raises the client's typed ApiError (OfflineError when unreachable)."""
    headers = {"If-None-Match": etag} if etag else None
    try:
        response = await api.call_raw("GET", CATALOG_PATH, headers=headers)
    except ApiError as exc:
        if exc.status == 304:
            return CatalogFetch(None, etag)
        raise
    try:
        # ~180 KB of JSON: parsed off the UI thread (a slow phone takes a noticeable moment)
        catalog = await asyncio.to_thread(Catalog.model_validate_json, response.content)
    except ValidationError as exc:
        raise ApiError(code="bad_response", status=response.status_code) from exc
    return CatalogFetch(catalog, response.headers.get("ETag") or etag_of(catalog))
