"""Server layer: tracking numbers, receipt and pickup QR payloads, cursors."""

import base64
import json
import secrets
from datetime import date
from typing import Any

from contracts.applications import PICKUP_PREFIX, RECEIPT_PREFIX
from server.errors import AppError

# no 0/O, 1/I: read aloud over the phone and typed by elderly citizens
_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def new_tracking_number(today: date) -> str:
    """SP-YYMMDD-XXXXXX: the filing date and 30 random bits. A collision (1 in ~10^9 per
    pair filed the same day) fails the insert with 409 and the client's retry draws anew."""
    tail = "".join(secrets.choice(_ALPHABET) for _ in range(6))
    return f"SP-{today:%y%m%d}-{tail}"


def new_pickup_code() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(8))


def receipt_qr(tracking_number: str) -> str:
    return RECEIPT_PREFIX + tracking_number


def pickup_qr(tracking_number: str, code: str) -> str:
    return f"{PICKUP_PREFIX}{tracking_number}:{code}"


def encode_cursor(*values: Any) -> str:
    raw = json.dumps([str(v) for v in values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, parts: int) -> list[str]:
    """The cursor's values; 422 cursor_invalid for anything a client could have mangled."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise AppError(422, "cursor_invalid") from None
    if not isinstance(values, list) or len(values) != parts:
        raise AppError(422, "cursor_invalid")
    if not all(isinstance(v, str) for v in values):
        raise AppError(422, "cursor_invalid")
    return values
