"""Services layer: the field officer's day (/api/v1/officer/field-day) and the steps done at a
visit — actions, photos, an application filed on the citizen's behalf — each sent with the
Idempotency-Key its queue entry was given before the first attempt; no flet imports."""

import uuid
from datetime import date
from urllib.parse import quote

from pydantic import BaseModel

from app.services.api import API, ApiClient
from contracts.applications import ApplicationDetail, ApplicationIn
from contracts.documents import DocumentType
from contracts.visits import FieldActionIn, FieldDay, FieldVisit

DAY_PATH = f"{API}/officer/field-day"
VISITS = f"{API}/officer/visits"


class PhotoOut(BaseModel):
    id: str


def new_idempotency_key() -> str:
    """One per queued step, made before it is written to the device; kept for every retry."""
    return str(uuid.uuid4())


async def fetch_day(api: ApiClient, day: date | None = None, upcoming: bool = False) -> FieldDay:
    """The team's day (default: today in the team's zone; `upcoming`: the first day from today
    with visits to make); the server logs each citizen read."""
    params = {"date": day.isoformat()} if day else {"upcoming": "true"} if upcoming else None
    return await api.call("GET", DAY_PATH, FieldDay, params=params)


async def send_action(
    api: ApiClient, visit_id: str, action: FieldActionIn, idempotency_key: str
) -> FieldVisit:
    """depart / arrive / complete / not_complete; a replayed key returns the first answer."""
    path = f"{VISITS}/{quote(visit_id)}/actions"
    json = action.model_dump(mode="json", exclude_none=True)
    headers = {"Idempotency-Key": idempotency_key}
    return await api.call("POST", path, FieldVisit, json=json, headers=headers)


async def upload_photo(
    api: ApiClient, visit_id: str, data: bytes, file_name: str, idempotency_key: str
) -> str:
    """A photo taken at the visit (already shrunk on the device), through the wallet's checks
    into the visited citizen's wallet; the server's id for it (named by the closing step)."""
    path = f"{VISITS}/{quote(visit_id)}/photos"
    files = {"file": (file_name, data, "image/jpeg")}
    fields = {"type": DocumentType.OTHER.value}  # the server titles it "Jemput bola <number>"
    headers = {"Idempotency-Key": idempotency_key}
    sent = await api.call("POST", path, PhotoOut, data=fields, files=files, headers=headers)
    return sent.id


async def file_application(
    api: ApiClient, visit_id: str, body: ApplicationIn, idempotency_key: str
) -> ApplicationDetail:
    """The application for one of the visit's services, filed on the citizen's behalf."""
    path = f"{VISITS}/{quote(visit_id)}/applications"
    json = body.model_dump(mode="json", exclude_none=True)
    headers = {"Idempotency-Key": idempotency_key}
    return await api.call("POST", path, ApplicationDetail, json=json, headers=headers)
