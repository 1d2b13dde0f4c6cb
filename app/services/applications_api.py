"""Services layer: the citizen's applications (/api/v1/me/applications): file with an
Idempotency-Key, list, read, resubmit with If-Match, withdraw; no flet imports."""

import uuid

from app.services.api import API, ApiClient
from contracts.applications import (
    ApplicationDetail,
    ApplicationIn,
    ApplicationPage,
    ResubmitIn,
    WithdrawIn,
)

BASE = f"{API}/me/applications"


def new_idempotency_key() -> str:
    """One per logical submission, made before the first attempt and kept for every retry."""
    return str(uuid.uuid4())


def _if_match(version: int | None) -> dict[str, str] | None:
    return {"If-Match": f'"{version}"'} if version is not None else None


async def submit(api: ApiClient, body: ApplicationIn, idempotency_key: str) -> ApplicationDetail:
    headers = {"Idempotency-Key": idempotency_key}
    json = body.model_dump(mode="json")
    return await api.call("POST", BASE, ApplicationDetail, json=json, headers=headers)


async def list_page(api: ApiClient, cursor: str | None = None, limit: int = 50) -> ApplicationPage:
    params: dict[str, str | int] = {"limit": limit} | ({"cursor": cursor} if cursor else {})
    return await api.call("GET", BASE, ApplicationPage, params=params)


async def get(api: ApiClient, app_id: str) -> ApplicationDetail:
    return await api.call("GET", f"{BASE}/{app_id}", ApplicationDetail)


async def resubmit(
    api: ApiClient, app_id: str, body: ResubmitIn, version: int
) -> ApplicationDetail:
    """The fix for a revision request; a change made meanwhile answers 412."""
    json = body.model_dump(mode="json", exclude_none=True)
    path = f"{BASE}/{app_id}/resubmit"
    return await api.call("POST", path, ApplicationDetail, json=json, headers=_if_match(version))


async def withdraw(
    api: ApiClient, app_id: str, version: int | None, note: str | None = None
) -> ApplicationDetail:
    json = WithdrawIn(note=note).model_dump(mode="json", exclude_none=True)
    path = f"{BASE}/{app_id}/withdraw"
    return await api.call("POST", path, ApplicationDetail, json=json, headers=_if_match(version))
