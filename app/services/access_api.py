"""Services layer: the citizen's access log ("Siapa yang mengakses data saya"); no flet imports."""

from app.services.api import API, ApiClient
from contracts.access import AccessLogPage

PAGE_SIZE = 20


async def access_log(
    api: ApiClient, before: str | None = None, limit: int = PAGE_SIZE
) -> AccessLogPage:
    """One page, newest first; pass the previous page's `next_before` for the next one."""
    params: dict[str, str | int] = {"limit": limit}
    if before:
        params["before"] = before
    return await api.call("GET", f"{API}/me/access-log", AccessLogPage, params=params)
