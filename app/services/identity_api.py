"""Services layer: the identity endpoints (token batch, JWKS, exchange, officer QR); no flet."""

from typing import Any

from app.services.api import API, ApiClient
from app.services.errors import ApiError
from contracts.access import Purpose
from contracts.identity import (
    ExchangeRequest,
    ExchangeResult,
    OfficerCredential,
    TokenBatch,
    TokenBatchRequest,
)

JWKS_PATH = "/.well-known/jwks.json"


async def fetch_token_batch(api: ApiClient, count: int) -> TokenBatch:
    """Pre-signed tokens with consecutive windows, oldest first (citizens only)."""
    body = TokenBatchRequest(count=count).model_dump(mode="json")
    return await api.call("POST", f"{API}/identity/tokens", TokenBatch, json=body)


async def fetch_jwks(api: ApiClient) -> dict[str, Any]:
    """The public keys as the raw JWKS document (kept verbatim for offline verification)."""
    response = await api.call_raw("GET", JWKS_PATH)
    document = response.json()
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        raise ApiError(code="bad_response", status=response.status_code)
    return document


async def exchange_token(api: ApiClient, token: str, purpose: Purpose) -> ExchangeResult:
    """Trade a scanned citizen token (single use) for the fields `purpose` allows (staff)."""
    body = ExchangeRequest(token=token, purpose=purpose).model_dump(mode="json")
    return await api.call("POST", f"{API}/identity/exchange", ExchangeResult, json=body)


async def fetch_officer_credential(api: ApiClient) -> OfficerCredential:
    """The signed-in officer's own credential QR (staff)."""
    return await api.call("GET", f"{API}/identity/officer-credential", OfficerCredential)


async def fetch_citizen_photo(
    api: ApiClient, citizen_id: str, document_id: str, purpose: Purpose
) -> bytes | None:
    """The citizen's photo under the grant the exchange opened (logged as a staff read);
    None when the file is not an image (a photo document could be a PDF)."""
    path = f"{API}/officer/citizens/{citizen_id}/documents/{document_id}/file"
    response = await api.call_raw("GET", path, params={"purpose": purpose.value})
    if not response.headers.get("content-type", "").startswith("image/"):
        return None
    return response.content
