"""Services layer: the officer's back office (/api/v1/officer/applications): queue, read,
receipt lookup, attachments, result upload with progress, actions with If-Match; no flet."""

import uuid
from collections.abc import Mapping
from urllib.parse import quote

from app.services.api import API, ApiClient
from app.services.documents_api import Progress, _ProgressReader
from app.services.image_prep import Prepared
from contracts.applications import (
    ActionIn,
    OfficerApplicationDetail,
    OfficerApplicationPage,
    ResultUpload,
)
from contracts.catalog import FormDefinition
from contracts.documents import DocumentType

BASE = f"{API}/officer/applications"
PAGE_SIZE = 20


def new_idempotency_key() -> str:
    """One per result file: a retried upload after a lost answer stores nothing twice."""
    return str(uuid.uuid4())


async def queue(
    api: ApiClient, params: Mapping[str, str], cursor: str | None = None, limit: int | None = None
) -> OfficerApplicationPage:
    """One page of the officer's queue (due soonest first); `params` are the filters."""
    sent: dict[str, str | int] = {**params, "limit": limit or PAGE_SIZE}
    if cursor:
        sent["cursor"] = cursor
    return await api.call("GET", BASE, OfficerApplicationPage, params=sent)


async def get(api: ApiClient, app_id: str) -> OfficerApplicationDetail:
    """Reading an application is written to the citizen's access log."""
    return await api.call("GET", f"{BASE}/{quote(app_id)}", OfficerApplicationDetail)


async def by_tracking(api: ApiClient, tracking_number: str) -> OfficerApplicationDetail:
    path = f"{BASE}/by-tracking/{quote(tracking_number, safe='')}"
    return await api.call("GET", path, OfficerApplicationDetail)


async def attachment(api: ApiClient, app_id: str, document_id: str) -> bytes:
    """An attachment's bytes (each fetch is access-logged on the server)."""
    path = f"{BASE}/{quote(app_id)}/attachments/{quote(document_id)}"
    return (await api.call_raw("GET", path)).content


async def upload_result(
    api: ApiClient,
    app_id: str,
    doc_type: DocumentType,
    file: Prepared,
    *,
    title: str | None,
    idempotency_key: str,
    on_progress: Progress | None = None,
) -> ResultUpload:
    fields = {"type": doc_type.value} | ({"title": title} if title else {})
    body = _ProgressReader(file.data, on_progress)  # same chunked progress as the wallet
    files = {"file": (file.file_name, body, file.media_type)}
    headers = {"Idempotency-Key": idempotency_key}
    path = f"{BASE}/{quote(app_id)}/result"
    return await api.call("POST", path, ResultUpload, data=fields, files=files, headers=headers)


async def act(
    api: ApiClient, app_id: str, action: ActionIn, version: int
) -> OfficerApplicationDetail:
    """One workflow step; If-Match carries the version the officer saw (412 when stale)."""
    json = action.model_dump(mode="json", exclude_none=True)
    headers = {"If-Match": f'"{version}"'}
    path = f"{BASE}/{quote(app_id)}/actions"
    return await api.call("POST", path, OfficerApplicationDetail, json=json, headers=headers)


async def form_definition(api: ApiClient, service_code: str, version: int) -> FormDefinition:
    """The form an application was filed with (its labels), from the public catalog."""
    path = f"{API}/catalog/services/{quote(service_code)}/forms/{version}"
    return await api.call("GET", path, FormDefinition)
