"""Server layer: /api/v1/catalog — the whole catalog (ETag, gzip), search, one service, forms."""

from typing import Annotated

from fastapi import APIRouter, Header, Path, Query, Response

from contracts.catalog import (
    CODE_MAX,
    Catalog,
    Category,
    Channel,
    FormDefinition,
    PublicService,
    ServiceList,
)
from server.catalog import cache, service
from server.catalog.cache import Body
from server.deps import Db
from server.errors import AppError, error_responses
from server.http import etag_matches

router = APIRouter(tags=["catalog"], responses=error_responses(422))
QUERY_MAX = 100
_JSON = "application/json"
_REVALIDATE = {"Cache-Control": "no-cache", "Vary": "Accept-Encoding"}


def accepts_gzip(accept_encoding: str | None) -> bool:
    """True when Accept-Encoding gives gzip (or else *) a non-zero quality."""
    qualities: dict[str, float] = {}
    for part in (accept_encoding or "").split(","):
        coding, _, params = part.strip().partition(";")
        quality = params.strip().removeprefix("q=").strip() or "1"
        try:
            qualities[coding.strip().lower()] = float(quality)
        except ValueError:
            qualities[coding.strip().lower()] = 0.0
    return qualities.get("gzip", qualities.get("*", 0.0)) > 0


def _send(body: Body, gzip_ok: bool, headers: dict[str, str]) -> Response:
    if gzip_ok:
        headers = {**headers, "Content-Encoding": "gzip"}
    return Response(body.gzipped if gzip_ok else body.raw, media_type=_JSON, headers=headers)


@router.get(
    "/catalog",
    response_model=Catalog,
    responses={304: {"description": "unchanged since the ETag sent in If-None-Match"}},
)
async def get_catalog(
    db: Db,
    if_none_match: Annotated[str | None, Header(max_length=1000)] = None,
    accept_encoding: Annotated[str | None, Header(max_length=1000)] = None,
) -> Response:
    """Everything, for the device cache; revalidate with If-None-Match (304, no body)."""
    served = await cache.served(db)
    headers = {"ETag": f'"{served.revision}"', **_REVALIDATE}
    if etag_matches(if_none_match, headers["ETag"]):
        return Response(status_code=304, headers=headers)
    return _send(served.body, accepts_gzip(accept_encoding), headers)


@router.get("/catalog/services", response_model=ServiceList)
async def list_services(
    db: Db,
    q: Annotated[str, Query(max_length=QUERY_MAX)] = "",
    agency: Annotated[str | None, Query(max_length=32)] = None,
    category: Annotated[Category | None, Query()] = None,
    channel: Annotated[Channel | None, Query()] = None,
    accept_encoding: Annotated[str | None, Header(max_length=1000)] = None,
) -> Response:
    """Summaries ranked by the search (`q`), filtered by agency, category and channel."""
    served = await cache.served(db)
    body = served.service_list((q.strip(), agency, category, channel))
    return _send(body, accepts_gzip(accept_encoding), {"Vary": "Accept-Encoding"})


@router.get(
    "/catalog/services/{code}", response_model=PublicService, responses=error_responses(404)
)
async def get_service(db: Db, code: Annotated[str, Path(max_length=CODE_MAX)]) -> PublicService:
    found = (await cache.served(db)).service(code)
    if found is None:
        raise AppError(404, "service_not_found")
    return found


@router.get(
    "/catalog/services/{code}/forms/{version}",
    response_model=FormDefinition,
    responses=error_responses(404),
)
async def get_form(
    db: Db,
    code: Annotated[str, Path(max_length=CODE_MAX)],
    version: Annotated[int, Path(ge=1, le=1_000_000)],
) -> FormDefinition:
    """Any form version ever served (an application filed on it shows it as it was)."""
    form = await service.form_definition(db, code, version)
    if form is None:
        raise AppError(404, "form_not_found")
    return form
