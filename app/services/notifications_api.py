"""Services layer: the citizen's inbox (/api/v1/me/notifications), revalidated with
If-None-Match so an unchanged inbox costs a 304 and no body; no flet imports."""

from dataclasses import dataclass

from app.services.api import API, ApiClient
from app.services.errors import ApiError
from contracts.applications import NotificationPage

BASE = f"{API}/me/notifications"
NOT_MODIFIED = 304


@dataclass(frozen=True)
class InboxFetch:
    """A new page and its ETag, or `page=None` for "unchanged since `etag`"."""

    page: NotificationPage | None
    etag: str | None


async def fetch(api: ApiClient, etag: str | None = None) -> InboxFetch:
    headers = {"If-None-Match": etag} if etag else None
    try:
        response = await api.call_raw("GET", BASE, headers=headers)
    except ApiError as exc:
        if exc.status == NOT_MODIFIED:
            return InboxFetch(None, etag)
        raise
    try:
        page = NotificationPage.model_validate_json(response.content)
    except ValueError as exc:
        raise ApiError(code="bad_response", status=response.status_code) from exc
    return InboxFetch(page, response.headers.get("ETag"))


async def read_all(api: ApiClient) -> None:
    await api.call_raw("POST", f"{BASE}/read-all")


async def read_one(api: ApiClient, notification_id: str) -> None:
    await api.call_raw("POST", f"{BASE}/{notification_id}/read")
