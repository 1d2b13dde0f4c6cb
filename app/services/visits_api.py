"""Services layer: the citizen's jemput bola visits (/api/v1/me/visits): request with an
Idempotency-Key, list, read, cancel and ask for another date with If-Match; no flet imports."""

from app.services.api import API, ApiClient
from contracts.visits import AskNewDateIn, CancelIn, VisitDetail, VisitPage, VisitRequestIn

BASE = f"{API}/me/visits"


def _if_match(version: int) -> dict[str, str]:
    return {"If-Match": f'"{version}"'}


async def submit(api: ApiClient, body: VisitRequestIn, idempotency_key: str) -> VisitDetail:
    """The same key and body answer the same visit (a retry after a lost answer)."""
    headers = {"Idempotency-Key": idempotency_key}
    json = body.model_dump(mode="json", exclude_none=True)
    return await api.call("POST", BASE, VisitDetail, json=json, headers=headers)


async def list_page(api: ApiClient, cursor: str | None = None, limit: int = 20) -> VisitPage:
    params: dict[str, str | int] = {"limit": limit} | ({"cursor": cursor} if cursor else {})
    return await api.call("GET", BASE, VisitPage, params=params)


async def get(api: ApiClient, visit_id: str) -> VisitDetail:
    return await api.call("GET", f"{BASE}/{visit_id}", VisitDetail)


async def cancel(
    api: ApiClient, visit_id: str, version: int, note: str | None = None
) -> VisitDetail:
    """Before the officers leave; a change made meanwhile answers 412."""
    json = CancelIn(note=note).model_dump(mode="json", exclude_none=True)
    path = f"{BASE}/{visit_id}/cancel"
    return await api.call("POST", path, VisitDetail, json=json, headers=_if_match(version))


async def ask_new_date(
    api: ApiClient, visit_id: str, body: AskNewDateIn, version: int
) -> VisitDetail:
    """New preferred dates: the request goes back to the coordinator's board."""
    json = body.model_dump(mode="json", exclude_none=True)
    path = f"{BASE}/{visit_id}/reschedule"
    return await api.call("POST", path, VisitDetail, json=json, headers=_if_match(version))
