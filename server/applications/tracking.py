"""Server layer: tracking numbers, receipt and pickup QR payloads."""

import secrets
from datetime import date

from contracts.applications import PICKUP_PREFIX, RECEIPT_PREFIX

# no 0/O, 1/I: read aloud over the phone and typed by elderly citizens
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def new_tracking_number(today: date) -> str:
    """SP-YYMMDD-XXXXXX: the filing date and 30 random bits. A collision (1 in ~10^9 per
    pair filed the same day) fails the insert with 409 and the client's retry draws anew."""
    tail = "".join(secrets.choice(ALPHABET) for _ in range(6))
    return f"SP-{today:%y%m%d}-{tail}"


def new_pickup_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(8))


def receipt_qr(tracking_number: str) -> str:
    return RECEIPT_PREFIX + tracking_number


def pickup_qr(tracking_number: str, code: str) -> str:
    return f"{PICKUP_PREFIX}{tracking_number}:{code}"
